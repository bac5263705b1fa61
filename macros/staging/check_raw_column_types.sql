{#- Fails with a message naming the file and the column when a date column of a raw register
    table (`table`: migrations, births, deaths or population) has, in any of its files, a type
    that can be read neither as a date nor as text (an integer, a timestamp, ...). A text
    column is fine: each value is parsed on its own, and one that is no date is quarantined.
    Runs when the staging model runs (`dbt run` or `dbt build`; not while parsing, compiling
    or linting, nor in unit tests). -#}
{% macro check_raw_column_types(table, date_columns) -%}
    {{ return(adapter.dispatch('check_raw_column_types', 'norway_migration')(table, date_columns)) }}
{%- endmacro %}

{#- Spark merges the Parquet schemas itself and fails on types that do not merge. -#}
{% macro default__check_raw_column_types(table, date_columns) -%}
{%- endmacro %}

{#- DuckDB reads every file's own schema (parquet_schema), so the file can be named. -#}
{% macro duckdb__check_raw_column_types(table, date_columns) -%}
    {%- if execute and model.resource_type == 'model' and flags.WHICH in ['run', 'build'] -%}
        {%- set pattern = var('raw_path') ~ '/' ~ table ~ '/*.parquet' -%}
        {%- set files = run_query("select count(*) from glob('" ~ pattern ~ "')") -%}
        {%- if files.rows[0][0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "no raw register files match " ~ pattern ~ ": the folder " ~ var('raw_path')
                ~ "/" ~ table ~ " is missing or holds no Parquet file (var raw_path is "
                ~ var('raw_path') ~ ")"
            ) }}
        {%- endif -%}
        {%- set sql -%}
            select
                file_name,
                name,
                coalesce(logical_type, converted_type, type) as column_type
            from parquet_schema('{{ pattern }}')
            where
                name in ('{{ date_columns | join("', '") }}')
                and not (
                    coalesce(converted_type, '') in ('DATE', 'UTF8')
                    or coalesce(logical_type, '') like 'DateType%'
                    or coalesce(logical_type, '') like 'StringType%'
                    or coalesce(logical_type, '') like 'NullType%'
                )
            order by file_name, name
        {%- endset -%}
        {%- set unreadable = run_query(sql) -%}
        {%- if unreadable.rows | length > 0 -%}
            {%- set first = unreadable.rows[0] -%}
            {{ exceptions.raise_compiler_error(
                "raw register file " ~ first[0] ~ ": column " ~ first[1] ~ " has the type "
                ~ first[2] ~ ", which can be read neither as a date nor as text; write it as "
                ~ "DATE or as text (YYYY-MM-DD)"
                ~ (" (" ~ (unreadable.rows | length - 1) ~ " more such columns)"
                   if unreadable.rows | length > 1 else "")
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- PostgreSQL: the loader wrote each raw table with one type per column; name the table. -#}
{% macro postgres__check_raw_column_types(table, date_columns) -%}
    {%- if execute and model.resource_type == 'model' and flags.WHICH in ['run', 'build'] -%}
        {%- for column in adapter.get_columns_in_relation(source('register', table)) -%}
            {%- if column.name in date_columns
                and column.dtype | lower not in ['date', 'text', 'character varying'] -%}
                {{ exceptions.raise_compiler_error(
                    "raw register table register." ~ table ~ ": column " ~ column.name
                    ~ " has the type " ~ column.dtype ~ ", which can be read neither as a date "
                    ~ "nor as text; write it as DATE or as text (YYYY-MM-DD)"
                ) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
