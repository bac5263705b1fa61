-- One row per municipality version that ended at a boundary change (its change group's ending
-- units): its year (the one before the change), its 31 December count where the register has
-- one, and what the population register says of its change group: how many old units it has
-- and how many of them were counted on 31 December, how many new units and how many of those
-- were counted on 1 January, and whether a unit kept its version (it only gained area). From
-- the population register alone, so the cohort stocks need not wait for the migration
-- counts: is_continued_by_successor marks a version renamed or renumbered alone (one old
-- unit, one new unit) without a count of its own, whose year-end population is its
-- successor's 1 January count (new_persons), exact (seed document 004).
-- int_population_year_ends__estimated adds the accounts and SSB's estimates.

with groups as (
    select * from {{ ref('int_municipality_changes__grouped') }}
),

population as (
    select * from {{ ref('int_population__by_municipality') }}
),

ending as (
    select
        groups.change_date,
        groups.change_group,
        groups.municipality_code,
        groups.municipality_valid_from,
        {{ date_part_of('year', 'groups.change_date') }} - 1 as year,
        year_end.persons as counted_end
    from groups
    left join population as year_end
        on
            groups.municipality_code = year_end.municipality_code
            and groups.municipality_valid_from = year_end.municipality_valid_from
            and year_end.reference_date = {{ dbt.dateadd('day', -1, 'groups.change_date') }}
    where groups.change_role = 'ending'
),

beginning as (
    select
        groups.change_group,
        day_one.persons
    from groups
    left join population as day_one
        on
            groups.municipality_code = day_one.municipality_code
            and groups.municipality_valid_from = day_one.municipality_valid_from
            and groups.change_date = day_one.reference_date
    where groups.change_role != 'ending'
),

new_units as (
    select
        change_group,
        count(*) as new_units,
        count(persons) as new_units_counted,
        sum(persons) as new_persons
    from beginning
    group by change_group
),

continuing_units as (
    select distinct change_group
    from groups
    where change_role = 'continuing'
),

old_units as (
    select
        change_group,
        count(*) as old_units,
        sum(counted_end) as counted_persons,
        sum(case when counted_end is null then 1 else 0 end) as missing_units
    from ending
    group by change_group
),

final as (
    select
        ending.change_date,
        ending.change_group,
        ending.municipality_code,
        ending.municipality_valid_from,
        cast(ending.year as {{ api.Column.translate_type('integer') }}) as year,
        ending.counted_end,
        old_units.old_units,
        old_units.counted_persons,
        old_units.missing_units,
        new_units.new_units,
        new_units.new_units_counted,
        new_units.new_persons,
        continuing_units.change_group is not null as is_continuing_group,
        coalesce(
            ending.counted_end is null
            and new_units.new_units_counted = new_units.new_units
            and continuing_units.change_group is null
            and old_units.old_units = 1
            and new_units.new_units = 1,
            false
        ) as is_continued_by_successor
    from ending
    inner join old_units
        on ending.change_group = old_units.change_group
    left join new_units
        on ending.change_group = new_units.change_group
    left join continuing_units
        on ending.change_group = continuing_units.change_group
)

select * from final
