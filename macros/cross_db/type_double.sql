{#- A double-precision floating point type on every engine (DuckDB's `float` is 4 bytes). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'norway_migration')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
