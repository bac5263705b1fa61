{{ config(
    materialized='incremental',
    on_schema_change='fail',
    **incremental_by_partition('partition_year')
) }}

-- One row per distinct delivered population cell (reference_date, municipality, sex, age):
-- typed, identical re-deliveries collapsed, validated; rule-breaking rows carry a
-- quarantine_reason. Incremental by the year of the reference date.

{%- set raw_columns = ['reference_date', 'municipality_code', 'sex', 'age', 'persons'] %}

with raw_deliveries as (
    {{ register_deliveries(
        source('register', 'population'), raw_columns, ['reference_date'],
        key_columns=['reference_date', 'municipality_code', 'sex', 'age'],
    ) }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

deliveries as (
    select
        {{ try_cast('reference_date', api.Column.translate_type('date')) }}
            as reference_date,
        reference_date as raw_reference_date,
        cast(municipality_code as {{ dbt.type_string() }}) as municipality_code,
        cast(sex as {{ dbt.type_string() }}) as sex,
        {{ try_cast('age', api.Column.translate_type('integer')) }} as age,
        {{ try_cast('persons', api.Column.translate_type('bigint')) }} as persons,
        age as raw_age,
        persons as raw_persons,
        partition_year,
        source_file,
        delivery_count
    from raw_deliveries
),

conflicting_cells as (
    select
        reference_date,
        municipality_code,
        sex,
        age
    from deliveries
    group by reference_date, municipality_code, sex, age
    having count(*) > 1
),

with_versions as (
    select
        deliveries.*,
        versions.valid_from as municipality_valid_from,
        versions.county_code,
        conflicting_cells.age is not null as is_conflicting
    from deliveries
    left join municipalities as versions
        on {{ version_valid_on(
            'versions', 'deliveries.municipality_code', 'deliveries.reference_date'
        ) }}
    left join conflicting_cells
        on
            deliveries.reference_date = conflicting_cells.reference_date
            and deliveries.municipality_code = conflicting_cells.municipality_code
            and deliveries.sex = conflicting_cells.sex
            and deliveries.age = conflicting_cells.age
),

validated as (
    select
        *,
        coalesce(
            case
                when raw_reference_date is null then 'missing_reference_date'
                when reference_date is null then 'unparseable_reference_date'
                when not (
                    (
                        {{ date_part_of('month', 'reference_date') }} = 1
                        and {{ date_part_of('day', 'reference_date') }} = 1
                    )
                    or (
                        {{ date_part_of('month', 'reference_date') }} = 12
                        and {{ date_part_of('day', 'reference_date') }} = 31
                    )
                ) then 'invalid_reference_date'
                when municipality_code is null then 'missing_municipality_code'
                when sex is null or sex not in ('M', 'F') then 'invalid_sex'
                when age is null or age < 0 or age > {{ var('max_age') }}
                    then 'age_out_of_range'
                when persons is null or persons < 0 then 'invalid_persons'
                when is_conflicting then 'conflicting_deliveries'
            end,
            {{ municipality_code_reason('municipality_code', 'municipality_valid_from') }}
        ) as quarantine_reason
    from with_versions
)

select
    reference_date,
    municipality_code,
    municipality_valid_from,
    county_code,
    sex,
    age,
    persons,
    quarantine_reason,
    delivery_count,
    case
        when quarantine_reason is not null then {{ raw_record(raw_columns, {
            'reference_date': 'raw_reference_date', 'age': 'raw_age', 'persons': 'raw_persons',
        }) }}
    end as raw_record,
    partition_year,
    source_file,
    {{ run_started_timestamp() }} as loaded_at,
    case
        when quarantine_reason is not null then 'quarantined' else 'counted'
    end as record_status
from validated
