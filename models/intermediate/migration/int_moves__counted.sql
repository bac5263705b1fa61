{{ config(materialized='view') }}

-- One row per counted move (a migration across a municipal border or across the national
-- border), placed in its statistical year and quarter by the counting basis, with the
-- municipality and county versions at both ends and flags for every way it is counted, and
-- the mover's sex and age at the end of the statistical year (NULL where unknown: not
-- delivered, or unusable, see stg_register__migrations' birth_date_issue and sex_issue).

with migrations as (
    select * from {{ ref('stg_register__migrations') }}
),

counted as (
    select
        *,
        {{ counting_period_date('move_date', 'registered_date') }} as period_date
    from migrations
    where record_status = 'counted'
),

final as (
    select
        event_id,
        person_id,
        move_date,
        registered_date,
        {{ date_part_of('year', 'period_date') }} as period_year,
        {{ date_part_of('quarter', 'period_date') }} as period_quarter,
        move_type,
        from_municipality_code,
        from_municipality_valid_from,
        from_county_code,
        to_municipality_code,
        to_municipality_valid_from,
        to_county_code,
        from_country_code,
        to_country_code,
        move_type = 'immigration' as is_immigration,
        move_type = 'emigration' as is_emigration,
        move_type = 'domestic_move' as is_inter_municipal,
        move_type = 'domestic_move' and from_county_code != to_county_code as is_inter_county,
        case when sex_issue is null then sex end as sex,
        {{ age_at_end_of_year(
            date_part_of('year', 'period_date'), 'birth_date', 'birth_date_issue'
        ) }} as age,
        partition_year,
        loaded_at
    from counted
)

select * from final
