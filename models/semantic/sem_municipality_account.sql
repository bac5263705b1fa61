-- One row per year and municipality version: the population account with the municipal
-- migration split into abroad and internal moves, a key for the municipality-year, the key of
-- its county-year (to reach the county's dimensions) and the date that stands for the year
-- (period_start, 1 January).

{%- set string_type = dbt.type_string() %}

with population_account as (
    select * from {{ ref('mart_municipality_population_account') }}
),

municipality_migration as (
    select * from {{ ref('mart_municipality_migration') }}
),

final as (
    select
        {{ dbt.concat([
            dbt.cast('population_account.year', string_type),
            "'-'",
            'population_account.municipality_code',
            "'-'",
            dbt.cast('population_account.municipality_valid_from', string_type),
        ]) }} as municipality_key,
        case
            when population_account.county_code is not null
                then {{ dbt.concat([
                    dbt.cast('population_account.year', string_type),
                    "'-'",
                    'population_account.county_code',
                ]) }}
        end as county_key,
        {{ year_start('population_account.year') }} as period_start,
        population_account.year,
        population_account.municipality_code,
        population_account.municipality_valid_from,
        population_account.municipality_name,
        population_account.county_code,
        population_account.population_start,
        population_account.births,
        population_account.deaths,
        population_account.natural_increase,
        population_account.in_migration_total,
        coalesce(municipality_migration.in_migration_from_abroad, 0) as in_migration_from_abroad,
        coalesce(municipality_migration.in_migration_internal, 0) as in_migration_internal,
        population_account.out_migration_total,
        coalesce(municipality_migration.out_migration_to_abroad, 0) as out_migration_to_abroad,
        coalesce(municipality_migration.out_migration_internal, 0) as out_migration_internal,
        population_account.net_migration_total,
        coalesce(municipality_migration.net_migration_abroad, 0) as net_migration_abroad,
        coalesce(municipality_migration.net_migration_internal, 0) as net_migration_internal,
        population_account.population_end,
        population_account.account_discrepancy,
        population_account.is_account_complete
    from population_account
    left join municipality_migration
        on
            population_account.year = municipality_migration.year
            and population_account.municipality_code = municipality_migration.municipality_code
            and population_account.municipality_valid_from
            = municipality_migration.municipality_valid_from
)

select * from final
