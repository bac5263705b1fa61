-- One row per statistical year, municipality version, sex and age (at the end of the year)
-- with a counted live birth or death, placed in the year by the counting basis. A birth enters
-- the cohort of age 0; a death's age comes from the deceased's birth date (optional in the
-- register: NULL, unknown, where it is missing or unusable). Sums over sex and age are
-- int_vital_events__by_municipality.

{%- set bigint = api.Column.translate_type('bigint') %}

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
        {{ date_part_of('year', counting_period_date('event_date', 'registered_date')) }}
            as period_year,
        municipality_code,
        municipality_valid_from,
        sex,
        0 as age,
        1 as is_birth,
        0 as is_death
    from births

    union all

    select
        {{ date_part_of('year', counting_period_date('event_date', 'registered_date')) }}
            as period_year,
        municipality_code,
        municipality_valid_from,
        sex,
        {{ age_at_end_of_year(
            date_part_of('year', counting_period_date('event_date', 'registered_date')),
            'birth_date',
            'birth_date_issue'
        ) }} as age,
        0 as is_birth,
        1 as is_death
    from deaths
),

final as (
    select
        period_year,
        municipality_code,
        municipality_valid_from,
        sex,
        cast(age as {{ api.Column.translate_type('integer') }}) as age,
        cast(sum(is_birth) as {{ bigint }}) as births,
        cast(sum(is_death) as {{ bigint }}) as deaths
    from events
    group by period_year, municipality_code, municipality_valid_from, sex, age
)

select * from final
