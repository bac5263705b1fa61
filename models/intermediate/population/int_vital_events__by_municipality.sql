-- One row per statistical year and municipality version with a counted birth or death:
-- live births and deaths, placed in the year by the counting basis.

with births as (
    select * from {{ ref('stg_register__births') }}
    where record_status = 'counted'
),

deaths as (
    select * from {{ ref('stg_register__deaths') }}
    where record_status = 'counted'
),

events as (
    select
        municipality_code,
        municipality_valid_from,
        {{ date_part_of('year', counting_period_date('event_date', 'registered_date')) }}
            as period_year,
        1 as is_birth,
        0 as is_death
    from births

    union all

    select
        municipality_code,
        municipality_valid_from,
        {{ date_part_of('year', counting_period_date('event_date', 'registered_date')) }}
            as period_year,
        0 as is_birth,
        1 as is_death
    from deaths
),

final as (
    select
        period_year,
        municipality_code,
        municipality_valid_from,
        cast(sum(is_birth) as {{ api.Column.translate_type('bigint') }}) as births,
        cast(sum(is_death) as {{ api.Column.translate_type('bigint') }}) as deaths
    from events
    group by period_year, municipality_code, municipality_valid_from
)

select * from final
