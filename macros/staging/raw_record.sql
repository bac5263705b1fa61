{#- The raw values of a row as one readable string, `column=value|column=value`, with NULL
    spelled out: what the quarantine keeps of a rejected row. `expressions` maps a column to
    the expression holding its raw value where that is not the column itself (a date column
    whose typed value replaced the raw text). -#}
{% macro raw_record(columns, expressions={}) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append(
            "coalesce(cast(" ~ expressions.get(column, column) ~ " as " ~ dbt.type_string()
            ~ "), 'NULL')"
        ) -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
