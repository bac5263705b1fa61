{#- The distinct records delivered in a raw register table: one row per distinct combination
    of the raw columns, with delivery_count (identical re-deliveries), source_file (the first
    file that delivered it), partition_year (the year of the first date in
    `partition_dates` that parses, 0 when none does: the unit an incremental build
    rebuilds) and is_conflicting_key (see below; the key is `key_columns`). In an
    incremental build only the partitions touched by files the model has not loaded before
    are read. The `partition_dates` columns, and the other date columns `checked_dates` (an
    optional birth date), may be DATE or text in any file (check_raw_column_types fails,
    naming the file, on any other type).

    The key goes first, the whole record only where it must: records whose key was delivered
    once (nearly all) pass through with delivery_count 1; only records of a repeated key, or
    with a NULL in the key, are grouped on every raw column. The result is the grouping on
    every raw column, without holding every record in one hash table. Repeated keys are
    found on key_hash (one hash of the key on DuckDB). is_conflicting_key marks the records
    of a key without NULLs that was delivered in two or more different records: it is found
    among the few grouped records, so a model needs no second pass over every record. -#}
{% macro register_deliveries(
    source_relation, raw_columns, partition_dates, checked_dates=[], key_columns=['event_id']
) %}
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
    {%- set file_name = norway_migration.raw_file_name(source_relation) %}
    {%- set delivered -%}
        (
            select
                {{ raw_columns | join(', ') }},
                {{ partition_year }} as partition_year,
                {{ file_name }} as file_name
            from {{ source_relation }}
            {%- if is_incremental() %}
                where {{ partition_year }} in (
                    select distinct {{ partition_year }}
                    from {{ source_relation }}
                    where {{ file_name }} not in (
                        select loaded.source_file from {{ this }} as loaded
                    )
                )
            {%- endif %}
        )
    {%- endset %}
    {%- set key_expressions = norway_migration.key_hash(key_columns) -%}
    {%- set delivered_key = norway_migration.key_hash(key_columns, 'delivered.') -%}
    {%- set null_in_key -%}
        ({% for column in key_columns %}delivered.{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %})
    {%- endset %}
    select
        {{ raw_columns | join(', ') }},
        partition_year,
        source_file,
        delivery_count,
        is_conflicting_key
    from (
        with repeated_keys as (
            select
            {%- for expression in key_expressions %}
                {{ expression }} as key_{{ loop.index }}{% if not loop.last %},{% endif %}
            {%- endfor %}
            from {{ delivered }} as keys_delivered
            group by {{ key_expressions | join(', ') }}
            having count(*) > 1
        )

        select
            {%- for column in raw_columns %}
                delivered.{{ column }},
            {%- endfor %}
            delivered.partition_year,
            delivered.file_name as source_file,
            1 as delivery_count,
            false as is_conflicting_key
        from {{ delivered }} as delivered
        left join repeated_keys
            on
            {%- for expression in delivered_key %}
                {{ expression }} = repeated_keys.key_{{ loop.index }}
                {%- if not loop.last %} and{% endif %}
            {%- endfor %}
        where
            repeated_keys.key_1 is null
            and not {{ null_in_key }}

        union all

        select
            {%- for column in raw_columns %}
                delivered.{{ column }},
            {%- endfor %}
            max(delivered.partition_year) as partition_year,
            min(delivered.file_name) as source_file,
            count(*) as delivery_count,
            not {{ null_in_key }} and count(*) over (
                partition by
                {%- for column in key_columns %}
                    delivered.{{ column }}{% if not loop.last %},{% endif %}
                {%- endfor %}
            ) > 1 as is_conflicting_key
        from {{ delivered }} as delivered
        left join repeated_keys
            on
            {%- for expression in delivered_key %}
                {{ expression }} = repeated_keys.key_{{ loop.index }}
                {%- if not loop.last %} and{% endif %}
            {%- endfor %}
        where
            repeated_keys.key_1 is not null
            or {{ null_in_key }}
        group by
        {%- for column in raw_columns %}
            delivered.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as records
{% endmacro %}

{#- When the current dbt run started, as a timestamp: stamps the rows a run (re)loads. -#}
{% macro run_started_timestamp() -%}
    {{ dbt.cast(
        "'" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "'",
        api.Column.translate_type('timestamp')
    ) }}
{%- endmacro %}
