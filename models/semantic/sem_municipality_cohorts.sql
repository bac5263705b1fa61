-- One row per year, municipality version, sex and age at the end of the year (the cohort):
-- the cohort account (mart_municipality_population_account_by_age_sex) with its age groups
-- (seed age_groups), a key for the cohort, the key of its municipality-year (to reach the
-- municipality's dimensions) and the date that stands for the year (period_start, 1 January).
-- Sex and age groups of events whose sex or age is unknown read `unknown`.

{%- set string_type = dbt.type_string() %}

with cohorts as (
    select * from {{ ref('mart_municipality_population_account_by_age_sex') }}
),

age_groups as (
    select * from {{ ref('age_groups') }}
),

final as (
    select
        {{ dbt.concat([
            dbt.cast('cohorts.year', string_type), "'-'",
            'cohorts.municipality_code', "'-'",
            dbt.cast('cohorts.municipality_valid_from', string_type), "'-'",
            "coalesce(cohorts.sex, 'unknown')", "'-'",
            "coalesce(" ~ dbt.cast('cohorts.age', string_type) ~ ", 'unknown')",
        ]) }} as cohort_key,
        {{ dbt.concat([
            dbt.cast('cohorts.year', string_type), "'-'",
            'cohorts.municipality_code', "'-'",
            dbt.cast('cohorts.municipality_valid_from', string_type),
        ]) }} as municipality_key,
        {{ year_start('cohorts.year') }} as period_start,
        cohorts.year,
        cohorts.municipality_code,
        cohorts.municipality_valid_from,
        coalesce(cohorts.sex, 'unknown') as sex,
        cohorts.age,
        coalesce(age_groups.age_group, 'unknown') as age_group,
        coalesce(age_groups.five_year_age_group, 'unknown') as five_year_age_group,
        cohorts.population_start,
        cohorts.births,
        cohorts.deaths,
        cohorts.in_migration_total,
        cohorts.out_migration_total,
        cohorts.net_migration_total,
        cohorts.population_end,
        cohorts.account_discrepancy,
        cohorts.is_account_complete
    from cohorts
    left join age_groups
        on cohorts.age = age_groups.age
)

select * from final
