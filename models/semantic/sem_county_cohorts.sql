-- One row per year, county (as it was that year), sex and age at the end of the year with
-- residents or moves: county migration by age and sex (mart_county_migration_by_age_sex, SSB's
-- county rules) beside the cohort's population on 1 January, the sum of its municipalities'
-- cohorts (mart_municipality_population_account_by_age_sex), with age groups (seed
-- age_groups), a key for the county cohort, the key of its county-year and period_start.

{%- set string_type = dbt.type_string() %}

with county_migration as (
    select * from {{ ref('mart_county_migration_by_age_sex') }}
),

municipal_cohorts as (
    select * from {{ ref('mart_municipality_population_account_by_age_sex') }}
),

age_groups as (
    select * from {{ ref('age_groups') }}
),

county_populations as (
    select
        year,
        county_code,
        sex,
        age,
        sum(population_start) as population_start
    from municipal_cohorts
    where sex is not null and age is not null and county_code is not null
    group by year, county_code, sex, age
),

cohorts as (
    select
        county_populations.population_start,
        coalesce(county_migration.year, county_populations.year) as year,
        coalesce(county_migration.county_code, county_populations.county_code) as county_code,
        coalesce(county_migration.sex, county_populations.sex) as sex,
        coalesce(county_migration.age, county_populations.age) as age,
        coalesce(county_migration.in_migration_total, 0) as in_migration_total,
        coalesce(county_migration.in_migration_from_abroad, 0) as in_migration_from_abroad,
        coalesce(county_migration.in_migration_internal, 0) as in_migration_internal,
        coalesce(county_migration.out_migration_total, 0) as out_migration_total,
        coalesce(county_migration.out_migration_to_abroad, 0) as out_migration_to_abroad,
        coalesce(county_migration.out_migration_internal, 0) as out_migration_internal,
        coalesce(county_migration.net_migration_total, 0) as net_migration_total,
        coalesce(county_migration.net_migration_abroad, 0) as net_migration_abroad,
        coalesce(county_migration.net_migration_internal, 0) as net_migration_internal
    from county_migration
    full outer join county_populations
        on
            county_migration.year = county_populations.year
            and county_migration.county_code = county_populations.county_code
            and coalesce(county_migration.sex, '') = coalesce(county_populations.sex, '')
            and coalesce(county_migration.age, -1) = coalesce(county_populations.age, -1)
),

final as (
    select
        {{ dbt.concat([
            dbt.cast('cohorts.year', string_type), "'-'", 'cohorts.county_code', "'-'",
            "coalesce(cohorts.sex, 'unknown')", "'-'",
            "coalesce(" ~ dbt.cast('cohorts.age', string_type) ~ ", 'unknown')",
        ]) }} as county_cohort_key,
        {{ dbt.concat([dbt.cast('cohorts.year', string_type), "'-'", 'cohorts.county_code']) }}
            as county_key,
        {{ year_start('cohorts.year') }} as period_start,
        cohorts.year,
        cohorts.county_code,
        coalesce(cohorts.sex, 'unknown') as sex,
        cohorts.age,
        coalesce(age_groups.age_group, 'unknown') as age_group,
        coalesce(age_groups.five_year_age_group, 'unknown') as five_year_age_group,
        cohorts.population_start,
        cohorts.in_migration_total,
        cohorts.in_migration_from_abroad,
        cohorts.in_migration_internal,
        cohorts.out_migration_total,
        cohorts.out_migration_to_abroad,
        cohorts.out_migration_internal,
        cohorts.net_migration_total,
        cohorts.net_migration_abroad,
        cohorts.net_migration_internal
    from cohorts
    left join age_groups
        on cohorts.age = age_groups.age
)

select * from final
