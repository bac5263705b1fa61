{#- The distinct records delivered in a raw register table: one row per distinct combination
    of the raw columns, with delivery_count (identical re-deliveries), source_file (the first
    file that delivered it) and partition_year (the year of the first date in
    `partition_dates` that parses, 0 when none does: the unit an incremental build
    rebuilds). In an incremental build only the partitions touched by files the model has
    not loaded before are read. The `partition_dates` columns, and the other date columns
    `checked_dates` (an optional birth date), may be DATE or text in any file
    (check_raw_column_types fails, naming the file, on any other type). -#}
{% macro register_deliveries(source_relation, raw_columns, partition_dates, checked_dates=[]) %}
    {%- do norway_migration.check_raw_column_types(
        source_relation.identifier, partition_dates + checked_dates
    ) -%}
    {%- set partition_year -%}
        coalesce(
            {%- for column in partition_dates %}
                {{ norway_migration.date_part_of(
                    'year', norway_migration.try_cast(column, api.Column.translate_type('date'))
                ) }},
            {%- endfor %}
            0
        )
    {%- endset %}
    select
        {{ raw_columns | join(', ') }},
        {{ partition_year }} as partition_year,
        min({{ norway_migration.raw_file_name(source_relation) }}) as source_file,
        count(*) as delivery_count
    from {{ source_relation }}
    {% if is_incremental() %}
        where {{ partition_year }} in (
            select distinct {{ partition_year }}
            from {{ source_relation }}
            where {{ norway_migration.raw_file_name(source_relation) }} not in (
                select loaded.source_file from {{ this }} as loaded
            )
        )
    {% endif %}
    group by {{ raw_columns | join(', ') }}
{% endmacro %}

{#- When the current dbt run started, as a timestamp: stamps the rows a run (re)loads. -#}
{% macro run_started_timestamp() -%}
    {{ dbt.cast(
        "'" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "'",
        api.Column.translate_type('timestamp')
    ) }}
{%- endmacro %}
