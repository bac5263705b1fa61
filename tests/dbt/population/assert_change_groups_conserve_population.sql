-- Across every boundary change whose year-end populations the warehouse derived (a renamed or
-- renumbered successor, or SSB's rule), the old units' year-end populations sum exactly to
-- the new units' 1 January populations. Returns every group where they do not.

with groups as (
    select * from {{ ref('int_municipality_changes__grouped') }}
),

account as (
    select * from {{ ref('mart_municipality_population_account') }}
),

derived as (
    -- the groups of derived year-ends in years the account covers
    select distinct estimated.change_group
    from {{ ref('int_population_year_ends__estimated') }} as estimated
    inner join account
        on
            estimated.year = account.year
            and estimated.municipality_code = account.municipality_code
            and estimated.municipality_valid_from = account.municipality_valid_from
),

population as (
    select * from {{ ref('int_population__by_municipality') }}
),

old_side as (
    select
        groups.change_group,
        sum(account.population_end) as persons
    from groups
    inner join account
        on
            groups.municipality_code = account.municipality_code
            and groups.municipality_valid_from = account.municipality_valid_from
            and account.year = {{ date_part_of('year', 'groups.change_date') }} - 1
    where groups.change_role = 'ending'
    group by groups.change_group
),

new_side as (
    select
        groups.change_group,
        sum(population.persons) as persons
    from groups
    inner join population
        on
            groups.municipality_code = population.municipality_code
            and groups.municipality_valid_from = population.municipality_valid_from
            and groups.change_date = population.reference_date
    where groups.change_role != 'ending'
    group by groups.change_group
)

select
    derived.change_group,
    old_side.persons as old_units_year_end,
    new_side.persons as new_units_1_january
from derived
left join old_side
    on derived.change_group = old_side.change_group
left join new_side
    on derived.change_group = new_side.change_group
where
    old_side.persons is null
    or new_side.persons is null
    or old_side.persons != new_side.persons
