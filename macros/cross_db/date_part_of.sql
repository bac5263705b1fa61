{#- An integer date part (year, quarter, month, day) of a date expression. `extract` is
    standard SQL on DuckDB, PostgreSQL and Spark; dispatch here if an engine differs. -#}
{% macro date_part_of(part, expression) -%}
    {{ return(adapter.dispatch('date_part_of', 'norway_migration')(part, expression)) }}
{%- endmacro %}

{% macro default__date_part_of(part, expression) -%}
    cast(extract({{ part }} from {{ expression }}) as {{ api.Column.translate_type('integer') }})
{%- endmacro %}
