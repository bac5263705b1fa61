{#- The incremental configuration of a model rebuilt one partition (a year) at a time:
    `delete+insert` on the partition column where the engine deletes rows cheaply (DuckDB,
    PostgreSQL), `insert_overwrite` of the table partitioned by that column on Spark (whose
    Parquet tables cannot delete rows). Use as
    `config(materialized='incremental', **incremental_by_partition('year'))`. -#}
{% macro incremental_by_partition(partition_column) -%}
    {{ return(adapter.dispatch('incremental_by_partition', 'norway_migration')(partition_column)) }}
{%- endmacro %}

{% macro default__incremental_by_partition(partition_column) -%}
    {{ return({'incremental_strategy': 'delete+insert', 'unique_key': partition_column}) }}
{%- endmacro %}

{% macro spark__incremental_by_partition(partition_column) -%}
    {{ return({
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [partition_column],
        'file_format': 'parquet',
    }) }}
{%- endmacro %}
