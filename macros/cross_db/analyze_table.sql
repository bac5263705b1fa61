{#- Fresh planner statistics for the table a model has just built (a post-hook of every
    model). PostgreSQL gathers them only when autovacuum gets to a new table, seconds or
    minutes later; a model that reads a table without them is planned on guesses (a nested
    loop over 90,000 cells took two minutes in the population account by age and sex). -#}
{% macro analyze_table() -%}
    {{ return(adapter.dispatch('analyze_table', 'norway_migration')()) }}
{%- endmacro %}

{#- DuckDB and Spark need nothing: DuckDB keeps its statistics as it writes, and Spark's
    plans here do not depend on table statistics. -#}
{% macro default__analyze_table() -%}
{%- endmacro %}

{% macro postgres__analyze_table() -%}
    {%- if model.config.materialized in ('table', 'incremental') -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
