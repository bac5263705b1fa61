-- One row per distinct raw record that breaks a rule of the raw-register contract, with the
-- table it came from, the reason as a fixed code, how many times it was delivered, and its
-- raw values. Nothing the register delivers is dropped silently: it is counted or it is here.

with migrations as (
    select * from {{ ref('stg_register__migrations') }}
),

births as (
    select * from {{ ref('stg_register__births') }}
),

deaths as (
    select * from {{ ref('stg_register__deaths') }}
),

population as (
    select * from {{ ref('stg_register__population') }}
),

quarantined as (
    select
        'migrations' as source_table,
        event_id,
        quarantine_reason,
        delivery_count,
        raw_record
    from migrations
    where record_status = 'quarantined'

    union all

    select
        'births' as source_table,
        event_id,
        quarantine_reason,
        delivery_count,
        raw_record
    from births
    where record_status = 'quarantined'

    union all

    select
        'deaths' as source_table,
        event_id,
        quarantine_reason,
        delivery_count,
        raw_record
    from deaths
    where record_status = 'quarantined'

    union all

    select
        'population' as source_table,
        cast(null as {{ dbt.type_string() }}) as event_id,
        quarantine_reason,
        delivery_count,
        raw_record
    from population
    where record_status = 'quarantined'
)

select * from quarantined
