-- For every year, the national moves from and to abroad are the same in every division:
-- spreading each move's Norwegian end over the crosswalk of any division neither loses nor
-- adds a person. Returns the years and divisions where they differ.

with moves as (
    select * from {{ ref('fct_moves') }}
),

crosswalk as (
    select * from {{ ref('dim_municipality_crosswalk') }}
),

divisions as (
    select division_valid_from as target_vintage from {{ ref('municipal_divisions') }}
),

abroad_ends as (
    select
        period_year,
        coalesce(to_municipality_code, from_municipality_code) as municipality_code,
        coalesce(to_municipality_valid_from, from_municipality_valid_from) as valid_from,
        sum(case when is_immigration then 1 else 0 end) as immigrations,
        sum(case when is_emigration then 1 else 0 end) as emigrations
    from moves
    where is_immigration or is_emigration
    group by
        period_year,
        coalesce(to_municipality_code, from_municipality_code),
        coalesce(to_municipality_valid_from, from_municipality_valid_from)
),

counted as (
    select
        period_year,
        sum(immigrations) as immigrations,
        sum(emigrations) as emigrations
    from abroad_ends
    group by period_year
),

by_division as (
    select
        abroad_ends.period_year,
        divisions.target_vintage,
        sum(abroad_ends.immigrations * crosswalk.allocation_weight) as immigrations,
        sum(abroad_ends.emigrations * crosswalk.allocation_weight) as emigrations
    from abroad_ends
    cross join divisions
    left join crosswalk
        on
            abroad_ends.municipality_code = crosswalk.source_code
            and abroad_ends.valid_from = crosswalk.source_valid_from
            and divisions.target_vintage = crosswalk.target_vintage
    group by abroad_ends.period_year, divisions.target_vintage
)

select
    by_division.period_year,
    by_division.target_vintage,
    counted.immigrations,
    by_division.immigrations as division_immigrations,
    counted.emigrations,
    by_division.emigrations as division_emigrations
from by_division
inner join counted
    on by_division.period_year = counted.period_year
where
    abs(coalesce(by_division.immigrations, 0) - counted.immigrations) > 0.000001
    or abs(coalesce(by_division.emigrations, 0) - counted.emigrations) > 0.000001
