{{ config(
    materialized='incremental',
    on_schema_change='fail',
    **incremental_by_partition('partition_year')
) }}

-- One row per distinct delivered move record: typed, identical re-deliveries collapsed
-- (delivery_count), validated against the municipality version valid on move_date, and
-- classified. Dates may arrive as DATE or as text: each value is parsed on its own, and one
-- that is no date is quarantined (unparseable_move_date, ...) with its raw value. Rows that
-- break a contract rule carry a quarantine_reason. Incremental by the year of the move: a run
-- reads and rebuilds only the years that new files touch. The optional columns of contract v2
-- (the mover's birth_date and sex) are read when the files deliver them, else NULL; a birth
-- date that is no date or after the move, or a sex other than M or F, leaves the move counted
-- with its age or sex unknown and is named in birth_date_issue / sex_issue
-- (audit.register_age_sex_issues lists them).

{%- set optional_columns = optional_raw_columns(
    source('register', 'migrations'), ['birth_date', 'sex']
) %}
{%- set raw_columns = [
    'event_id', 'person_id', 'move_date', 'registered_date', 'from_municipality_code',
    'to_municipality_code', 'from_country_code', 'to_country_code', 'status',
] + optional_columns %}
{%- set date_type = api.Column.translate_type('date') %}
{%- set string_type = dbt.type_string() %}

with raw_deliveries as (
    {{ register_deliveries(
        source('register', 'migrations'),
        raw_columns,
        ['move_date', 'registered_date'],
        checked_dates=['birth_date'] if 'birth_date' in optional_columns else [],
    ) }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

deliveries as (
    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        {{ try_cast('move_date', date_type) }} as move_date,
        {{ try_cast('registered_date', date_type) }} as registered_date,
        move_date as raw_move_date,
        registered_date as raw_registered_date,
        cast(from_municipality_code as {{ dbt.type_string() }}) as from_municipality_code,
        cast(to_municipality_code as {{ dbt.type_string() }}) as to_municipality_code,
        cast(from_country_code as {{ dbt.type_string() }}) as from_country_code,
        cast(to_country_code as {{ dbt.type_string() }}) as to_country_code,
        cast(status as {{ dbt.type_string() }}) as status,
        {{ optional_raw_column('birth_date', 'birth_date' in optional_columns, date_type) }},
        {{ optional_raw_column(
            'birth_date', 'birth_date' in optional_columns, string_type, 'raw_birth_date',
            parse=false,
        ) }},
        {{ optional_raw_column('sex', 'sex' in optional_columns, string_type, parse=false) }},
        partition_year,
        source_file,
        delivery_count,
        is_conflicting_key
    from raw_deliveries
),

with_versions as (
    select
        deliveries.*,
        from_version.valid_from as from_municipality_valid_from,
        from_version.county_code as from_county_code,
        to_version.valid_from as to_municipality_valid_from,
        to_version.county_code as to_county_code
    from deliveries
    left join municipalities as from_version
        on {{ version_valid_on(
            'from_version', 'deliveries.from_municipality_code', 'deliveries.move_date'
        ) }}
    left join municipalities as to_version
        on {{ version_valid_on(
            'to_version', 'deliveries.to_municipality_code', 'deliveries.move_date'
        ) }}
),

validated as (
    select
        *,
        coalesce(
            case
                when event_id is null then 'missing_event_id'
                when is_conflicting_key then 'conflicting_deliveries'
                when person_id is null then 'missing_person_id'
                when raw_move_date is null then 'missing_move_date'
                when move_date is null then 'unparseable_move_date'
                when raw_registered_date is null then 'missing_registered_date'
                when registered_date is null then 'unparseable_registered_date'
                when status is null or status not in ('active', 'annulled')
                    then 'invalid_status'
                when registered_date < move_date then 'registered_before_move'
                when from_municipality_code is not null and from_country_code is not null
                    then 'origin_both_set'
                when from_municipality_code is null and from_country_code is null
                    then 'origin_missing'
                when to_municipality_code is not null and to_country_code is not null
                    then 'destination_both_set'
                when to_municipality_code is null and to_country_code is null
                    then 'destination_missing'
                when from_country_code is not null and to_country_code is not null
                    then 'abroad_to_abroad'
                when
                    from_country_code is not null
                    and not {{ regexp_full_match('from_country_code', '[A-Z]{2}') }}
                    then 'malformed_country_code'
                when
                    to_country_code is not null
                    and not {{ regexp_full_match('to_country_code', '[A-Z]{2}') }}
                    then 'malformed_country_code'
            end,
            {{ municipality_code_reason(
                'from_municipality_code', 'from_municipality_valid_from'
            ) }},
            {{ municipality_code_reason(
                'to_municipality_code', 'to_municipality_valid_from'
            ) }}
        ) as quarantine_reason
    from with_versions
),

classified as (
    select
        *,
        case
            when quarantine_reason is not null then null
            when from_country_code is not null then 'immigration'
            when to_country_code is not null then 'emigration'
            when from_municipality_code = to_municipality_code then 'address_change'
            else 'domestic_move'
        end as move_type
    from validated
),

final as (
    select
        event_id,
        person_id,
        move_date,
        registered_date,
        from_municipality_code,
        from_municipality_valid_from,
        from_county_code,
        to_municipality_code,
        to_municipality_valid_from,
        to_county_code,
        from_country_code,
        to_country_code,
        status,
        move_type,
        birth_date,
        -- the delivered text only where it is unusable: the audit lists it
        case
            when {{ birth_date_issue('raw_birth_date', 'birth_date', 'move_date') }} is not null
                then raw_birth_date
        end as raw_birth_date,
        sex,
        {{ birth_date_issue('raw_birth_date', 'birth_date', 'move_date') }} as birth_date_issue,
        case
            when sex is not null and sex not in ({{ valid_sexes() }}) then 'invalid_sex'
        end as sex_issue,
        quarantine_reason,
        delivery_count,
        case
            when quarantine_reason is not null
                then {{ raw_record(raw_columns, {
                    'move_date': 'raw_move_date', 'registered_date': 'raw_registered_date',
                    'birth_date': 'raw_birth_date',
                }) }}
        end as raw_record,
        partition_year,
        source_file,
        {{ run_started_timestamp() }} as loaded_at,
        case
            when quarantine_reason is not null then 'quarantined'
            when status = 'annulled' then 'annulled'
            when move_type = 'address_change' then 'address_change'
            else 'counted'
        end as record_status
    from classified
)

select * from final
