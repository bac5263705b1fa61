{#- Staging of a vital-event table of the register (births or deaths: same layout, the event
    date column named `date_column`): one row per distinct delivered record, typed,
    re-deliveries collapsed into delivery_count, validated against the municipality version
    valid on the event date; rows that break a rule carry a quarantine_reason (a date that
    arrives as text and does not parse: `unparseable_<date_column>`, with its raw value in
    raw_record). With `with_birth_date` (deaths), the optional birth_date of contract v2 is read
    when the files deliver it (else NULL), with birth_date_issue saying why one cannot give an
    age (not a date, after the event). Meant for an
    incremental model (delete+insert on partition_year, the year of the event). -#}
{% macro stage_vital_events(source_relation, date_column, with_birth_date=false) %}
{%- set optional_columns = norway_migration.optional_raw_columns(
    source_relation, ['birth_date'] if with_birth_date else []
) %}
{%- set raw_columns = [
    'event_id', 'person_id', date_column, 'registered_date', 'municipality_code', 'sex',
] + optional_columns %}
{%- set date_type = api.Column.translate_type('date') %}
{%- set has_birth_date = 'birth_date' in optional_columns %}
{%- set raw_expressions = {date_column: 'raw_event_date', 'registered_date': 'raw_registered_date'} %}
{%- if with_birth_date %}
    {%- do raw_expressions.update({'birth_date': 'raw_birth_date'}) %}
{%- endif %}

with raw_deliveries as (
    {{ norway_migration.register_deliveries(
        source_relation,
        raw_columns,
        [date_column, 'registered_date'],
        checked_dates=['birth_date'] if has_birth_date else [],
    ) }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

deliveries as (
    select
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        {{ norway_migration.try_cast(date_column, date_type) }} as event_date,
        {{ norway_migration.try_cast('registered_date', date_type) }} as registered_date,
        {{ date_column }} as raw_event_date,
        registered_date as raw_registered_date,
        cast(municipality_code as {{ dbt.type_string() }}) as municipality_code,
        cast(sex as {{ dbt.type_string() }}) as sex,
        {%- if with_birth_date %}
            {{ norway_migration.optional_raw_column('birth_date', has_birth_date, date_type) }},
            {{ norway_migration.optional_raw_column(
                'birth_date', has_birth_date, dbt.type_string(), 'raw_birth_date', parse=false
            ) }},
        {%- endif %}
        partition_year,
        source_file,
        delivery_count,
        is_conflicting_key
    from raw_deliveries
),

with_versions as (
    select
        deliveries.*,
        versions.valid_from as municipality_valid_from,
        versions.county_code
    from deliveries
    left join municipalities as versions
        on {{ norway_migration.version_valid_on(
            'versions', 'deliveries.municipality_code', 'deliveries.event_date'
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
                when raw_event_date is null then 'missing_event_date'
                when event_date is null then 'unparseable_{{ date_column }}'
                when raw_registered_date is null then 'missing_registered_date'
                when registered_date is null then 'unparseable_registered_date'
                when registered_date < event_date then 'registered_before_event'
                when municipality_code is null then 'missing_municipality_code'
                when sex is null or sex not in ('M', 'F') then 'invalid_sex'
            end,
            {{ norway_migration.municipality_code_reason(
                'municipality_code', 'municipality_valid_from'
            ) }}
        ) as quarantine_reason
    from with_versions
)

select
    event_id,
    person_id,
    event_date,
    registered_date,
    municipality_code,
    municipality_valid_from,
    county_code,
    sex,
    {%- if with_birth_date %}
        birth_date,
        case
            when {{ norway_migration.birth_date_issue(
                'raw_birth_date', 'birth_date', 'event_date'
            ) }} is not null then raw_birth_date
        end as raw_birth_date,
        {{ norway_migration.birth_date_issue('raw_birth_date', 'birth_date', 'event_date') }}
            as birth_date_issue,
    {%- endif %}
    case
        when quarantine_reason is not null then 'quarantined' else 'counted'
    end as record_status,
    quarantine_reason,
    delivery_count,
    case
        when quarantine_reason is not null
            then {{ norway_migration.raw_record(
                raw_columns, raw_expressions
            ) }}
    end as raw_record,
    partition_year,
    source_file,
    {{ norway_migration.run_started_timestamp() }} as loaded_at
from validated
{% endmacro %}
