-- One row per statistical year and municipality version that ended on 1 January of the next
-- year without a 31 December count in the register: its population at the end of the year,
-- filled in as SSB did in its municipal tables (seed document 004, "Computing 'new' figures").
--
-- Within each connected group of the change (the old units and the new units they formed on
-- that 1 January), the old units' year-end populations must sum to the new units' populations
-- on 1 January. Old units with a 31 December count keep it; the rest of the group's 1 January
-- population is shared among the old units without one in proportion to their accounted
-- population (1 January + births - deaths + net migration), so that each estimate is its own
-- account plus the group's discrepancy divided proportionally with the population; persons
-- are whole, the last ones going to the largest remainders. A unit renamed or renumbered
-- alone (one old unit, one new unit, the same area) simply continues: its year-end population
-- is the new version's 1 January count, exact, not an estimate. A group is left without
-- estimates when a new unit has no 1 January count, an old unit without a 31 December count
-- has no account, or a unit in it only gained area and kept its version (the area it gained
-- has no population of its own in the register). The register's counts for each change group
-- come from int_population_year_ends__counted; this model adds the accounts.

{%- set double = type_double() %}

with counted as (
    select * from {{ ref('int_population_year_ends__counted') }}
),

population as (
    select * from {{ ref('int_population__by_municipality') }}
),

vital_events as (
    select * from {{ ref('int_vital_events__by_municipality') }}
),

net_migration as (
    select
        area_code as municipality_code,
        area_valid_from as municipality_valid_from,
        period_year,
        sum(in_from_abroad + in_internal - out_to_abroad - out_internal) as net_migration
    from {{ ref('int_migration__area_counts') }}
    where area_level = 'municipality'
    group by area_code, area_valid_from, period_year
),

ending as (
    select
        counted.*,
        year_start.persons
        + coalesce(vital_events.births, 0)
        - coalesce(vital_events.deaths, 0)
        + coalesce(net_migration.net_migration, 0) as accounted_end
    from counted
    left join population as year_start
        on
            counted.municipality_code = year_start.municipality_code
            and counted.municipality_valid_from = year_start.municipality_valid_from
            and year_start.reference_date = {{ dbt.dateadd('year', -1, 'counted.change_date') }}
    left join vital_events
        on
            counted.municipality_code = vital_events.municipality_code
            and counted.municipality_valid_from = vital_events.municipality_valid_from
            and counted.year = vital_events.period_year
    left join net_migration
        on
            counted.municipality_code = net_migration.municipality_code
            and counted.municipality_valid_from = net_migration.municipality_valid_from
            and counted.year = net_migration.period_year
),

group_accounts as (
    select
        change_group,
        sum(case when counted_end is null and accounted_end is null then 1 else 0 end)
            as missing_without_account,
        sum(case when counted_end is null then accounted_end end) as missing_accounted
    from ending
    group by change_group
),

estimable as (
    select
        ending.*,
        group_accounts.missing_accounted,
        ending.new_persons - coalesce(ending.counted_persons, 0) as persons_to_share
    from ending
    inner join group_accounts
        on ending.change_group = group_accounts.change_group
    where
        -- renamed or renumbered alone: the new version's count, no account needed
        ending.is_continued_by_successor
        or (
            ending.counted_end is null
            and ending.new_units_counted = ending.new_units
            and not ending.is_continuing_group
            and group_accounts.missing_without_account = 0
        )
),

shares as (
    select
        *,
        case
            when is_continued_by_successor then cast(persons_to_share as {{ double }})
            when missing_accounted > 0
                then cast(persons_to_share as {{ double }}) * accounted_end / missing_accounted
            else cast(persons_to_share as {{ double }}) / missing_units
        end as exact_share
    from estimable
),

rounded as (
    select
        *,
        floor(exact_share) as whole_share,
        persons_to_share
        - sum(floor(exact_share)) over (partition by change_group) as persons_left,
        row_number() over (
            partition by change_group
            order by exact_share - floor(exact_share) desc, municipality_code
        ) as remainder_rank
    from shares
),

final as (
    select
        cast(year as {{ api.Column.translate_type('integer') }}) as year,
        municipality_code,
        municipality_valid_from,
        change_group,
        cast(
            whole_share + case when remainder_rank <= persons_left then 1 else 0 end
            as {{ api.Column.translate_type('bigint') }}
        ) as population_end,
        case
            when is_continued_by_successor then '1 January next year (successor)'
            else 'estimated (SSB rule)'
        end as population_end_source,
        not is_continued_by_successor as is_estimated
    from rounded
)

select * from final
