{#- The expressions a register key is matched on when repeated keys are looked for: on
    DuckDB one 64-bit hash of the key columns (grouping 10 M hashes is about half the work of
    grouping 10 M strings), elsewhere the key columns themselves. Two keys can share a hash;
    that only sends a record that was delivered once to the full-record grouping, which gives
    it the same row (delivery_count 1), so the result does not depend on it. -#}
{% macro key_hash(columns, prefix='') -%}
    {{ return(adapter.dispatch('key_hash', 'norway_migration')(columns, prefix)) }}
{%- endmacro %}

{% macro default__key_hash(columns, prefix) -%}
    {%- set expressions = [] -%}
    {%- for column in columns -%}
        {%- do expressions.append(prefix ~ column) -%}
    {%- endfor -%}
    {{ return(expressions) }}
{%- endmacro %}

{% macro duckdb__key_hash(columns, prefix) -%}
    {%- set qualified = norway_migration.default__key_hash(columns, prefix) -%}
    {{ return(['hash(' ~ qualified | join(', ') ~ ')']) }}
{%- endmacro %}
