-- One row per year, municipality version, sex and age at the end of the year (the cohort): the
-- population account of the cohort. The persons aged age - 1 on 1 January (the open class: aged
-- max_age - 1 and max_age; none for age 0) plus its births (age 0 only) minus its deaths plus
-- its net migration, against the persons aged age at the end of 31 December in the same
-- boundaries; what does not add up is account_discrepancy. The end population comes from the
-- source mart_municipality_population_account uses for the municipality (population_end_source);
-- where that is SSB's estimate across a boundary change, the municipality's estimated year-end
-- population is divided among its cohorts in proportion to their accounted year-end
-- populations (whole persons, largest remainders), so cohorts inherit the estimate and its flag.
-- Events of unknown sex or age sit in cells where sex or age is NULL, with stocks of 0. Every
-- column sums over sex and age to mart_municipality_population_account.

{%- set bigint = api.Column.translate_type('bigint') %}
{%- set integer = api.Column.translate_type('integer') %}
{%- set max_age = var('max_age') %}

with accounts as (
    select * from {{ ref('mart_municipality_population_account') }}
),

cohorts as (
    select * from {{ ref('int_population__by_cohort') }}
),

vital_events as (
    select * from {{ ref('int_vital_events__by_age_sex') }}
),

migration as (
    select * from {{ ref('mart_municipality_migration_by_age_sex') }}
),

ages as (
    select cast(generated_number - 1 as {{ integer }}) as age
    from ({{ dbt.generate_series(max_age + 1) }}) as numbers
),

sexes as (
    select 'M' as sex
    union all
    select 'F' as sex
),

known_cells as (
    -- every sex and age of a municipality and year with a population count or an event
    select
        accounts.year,
        accounts.municipality_code,
        accounts.municipality_valid_from,
        sexes.sex,
        ages.age
    from accounts
    cross join sexes
    cross join ages
    where
        accounts.population_start is not null
        or accounts.population_end is not null
        or accounts.births + accounts.deaths
        + accounts.in_migration_total + accounts.out_migration_total > 0
),

unplaced_cells as (
    -- events whose sex or age is unknown: cells of their own, with no stocks
    select
        period_year as year,
        municipality_code,
        municipality_valid_from,
        sex,
        age
    from vital_events
    where sex is null or age is null

    union

    select
        year,
        municipality_code,
        municipality_valid_from,
        sex,
        age
    from migration
    where sex is null or age is null
),

cells as (
    select * from known_cells
    union all
    select * from unplaced_cells
),

components as (
    select
        cells.year,
        cells.municipality_code,
        cells.municipality_valid_from,
        cells.sex,
        cells.age,
        cells.sex is null or cells.age is null as is_unplaced,
        coalesce(cohorts.population_start, 0) as cohort_start,
        coalesce(cohorts.population_end, 0) as cohort_end,
        coalesce(vital_events.births, 0) as births,
        coalesce(vital_events.deaths, 0) as deaths,
        coalesce(migration.in_migration_total, 0) as in_migration_total,
        coalesce(migration.out_migration_total, 0) as out_migration_total
    from cells
    left join cohorts
        on
            cells.year = cohorts.year
            and cells.municipality_code = cohorts.municipality_code
            and cells.municipality_valid_from = cohorts.municipality_valid_from
            and cells.sex = cohorts.sex
            and cells.age = cohorts.age
    left join vital_events
        on
            cells.year = vital_events.period_year
            and cells.municipality_code = vital_events.municipality_code
            and cells.municipality_valid_from = vital_events.municipality_valid_from
            and coalesce(cells.sex, '') = coalesce(vital_events.sex, '')
            and coalesce(cells.age, -1) = coalesce(vital_events.age, -1)
    left join migration
        on
            cells.year = migration.year
            and cells.municipality_code = migration.municipality_code
            and cells.municipality_valid_from = migration.municipality_valid_from
            and coalesce(cells.sex, '') = coalesce(migration.sex, '')
            and coalesce(cells.age, -1) = coalesce(migration.age, -1)
),

with_accounts as (
    select
        components.*,
        accounts.municipality_name,
        accounts.county_code,
        accounts.population_start as unit_start,
        accounts.population_end as unit_end,
        accounts.population_end_source,
        accounts.is_account_complete,
        accounts.is_estimated,
        case
            when components.is_unplaced then 0
            else greatest(
                components.cohort_start + components.births - components.deaths
                + components.in_migration_total - components.out_migration_total,
                0
            )
        end as accounted_end
    from components
    inner join accounts
        on
            components.year = accounts.year
            and components.municipality_code = accounts.municipality_code
            and components.municipality_valid_from = accounts.municipality_valid_from
),

weighted as (
    -- the weights that share a unit's estimated year-end population (SSB's rule) among its
    -- known cohorts: their accounted ends (every known cohort alike where they sum to
    -- nothing). Computed over every unit and used only where the end is estimated: one pass,
    -- no join back (PostgreSQL misjudged such a join's size and took minutes over it).
    select
        *,
        case
            when is_unplaced then 0
            when
                sum(accounted_end) over (
                    partition by year, municipality_code, municipality_valid_from
                ) = 0
                then 1
            else accounted_end
        end as end_weight
    from with_accounts
),

shares as (
    select
        *,
        unit_end * end_weight as share_numerator,
        sum(end_weight) over (
            partition by year, municipality_code, municipality_valid_from
        ) as total_weight
    from weighted
),

whole_shares as (
    select
        *,
        cast(
            floor(
                cast(share_numerator as {{ type_double() }}) / nullif(total_weight, 0)
            ) as {{ bigint }}
        ) as whole_share
    from shares
),

rounded as (
    select
        *,
        unit_end - sum(whole_share) over (
            partition by year, municipality_code, municipality_valid_from
        ) as persons_left,
        row_number() over (
            partition by year, municipality_code, municipality_valid_from
            order by
                share_numerator - whole_share * total_weight desc,
                is_unplaced asc,
                sex asc,
                age asc
        ) as remainder_rank
    from whole_shares
),

ends as (
    select
        *,
        case
            when unit_end is null then null
            when is_unplaced then 0
            when population_end_source = 'estimated (SSB rule)'
                then whole_share + case when remainder_rank <= persons_left then 1 else 0 end
            else cohort_end
        end as population_end
    from rounded
),

final as (
    select
        cast(year as {{ integer }}) as year,
        municipality_code,
        municipality_valid_from,
        sex,
        cast(age as {{ integer }}) as age,
        municipality_name,
        county_code,
        cast(
            case when unit_start is not null then cohort_start end as {{ bigint }}
        ) as population_start,
        cast(births as {{ bigint }}) as births,
        cast(deaths as {{ bigint }}) as deaths,
        cast(in_migration_total as {{ bigint }}) as in_migration_total,
        cast(out_migration_total as {{ bigint }}) as out_migration_total,
        cast(in_migration_total - out_migration_total as {{ bigint }}) as net_migration_total,
        cast(population_end as {{ bigint }}) as population_end,
        population_end_source,
        cast(
            case
                when unit_start is not null
                    then
                        population_end - cohort_start - births + deaths
                        - (in_migration_total - out_migration_total)
            end as {{ bigint }}
        ) as account_discrepancy,
        is_account_complete,
        is_estimated
    from ends
)

select * from final
