-- The 20 municipalities with the highest net in-migration in a year (var analysis_year,
-- default 2015), with net migration per 1,000 residents on 1 January.

with migration as (
    select * from {{ ref('mart_municipality_migration') }}
    where year = {{ var('analysis_year', 2015) }}
),

accounts as (
    select * from {{ ref('mart_municipality_population_account') }}
    where year = {{ var('analysis_year', 2015) }}
),

ranked as (
    select
        migration.municipality_code,
        migration.municipality_name,
        migration.net_migration_total,
        migration.net_migration_internal,
        migration.net_migration_abroad,
        accounts.population_start,
        1000 * cast(migration.net_migration_total as {{ type_double() }})
        / nullif(accounts.population_start, 0) as net_migration_per_1000
    from migration
    left join accounts
        on
            migration.municipality_code = accounts.municipality_code
            and migration.municipality_valid_from = accounts.municipality_valid_from
)

select *
from ranked
order by net_migration_total desc
limit 20
