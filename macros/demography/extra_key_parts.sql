{#- The parts of a pair identifier (harmonized_counts) for `extra_keys`: each key as text after
    a separator, `NULL` spelled out. -#}
{% macro extra_key_parts(extra_keys) -%}
    {%- set parts = [] -%}
    {%- for key in extra_keys -%}
        {%- do parts.append("'|'") -%}
        {%- do parts.append(
            "coalesce(cast(" ~ key ~ " as " ~ dbt.type_string() ~ "), 'NULL')"
        ) -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}
