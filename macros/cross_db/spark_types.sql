{#- dbt's cross-database cast on Spark. Spark SQL has no unbounded `varchar` and no
    `double precision`: the type names the project uses in contracts and casts (ANSI names
    that DuckDB and PostgreSQL accept) become Spark's `string` and `double`. dbt casts
    through this macro wherever it checks a model contract (NULL cast to each declared
    data_type), so the marts' YAML declares one set of types for every engine. -#}
{% macro spark__cast(field, type) -%}
    {%- set spark_types = {'varchar': 'string', 'text': 'string', 'double precision': 'double'} -%}
    cast({{ field }} as {{ spark_types.get(type | trim | lower, type) }})
{%- endmacro %}
