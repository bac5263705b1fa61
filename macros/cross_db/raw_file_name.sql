{#- The column of the raw register relation `relation` that names the file a row was read
    from: DuckDB's `filename` (read_parquet(..., filename = true)) and the `filename` column
    that `norway-migration postgres load` writes on PostgreSQL; on Spark, files read in place (the
    relation parquet.`<path>`) carry it in the hidden `_metadata.file_path`, while any other
    relation (a unit test's input rows) has a `filename` column. -#}
{% macro raw_file_name(relation) -%}
    {{ return(adapter.dispatch('raw_file_name', 'norway_migration')(relation)) }}
{%- endmacro %}

{% macro default__raw_file_name(relation) -%}
    filename
{%- endmacro %}

{% macro spark__raw_file_name(relation) -%}
    {%- if relation.schema == 'parquet' -%} _metadata.file_path {%- else -%} filename {%- endif -%}
{%- endmacro %}
