-- One row per year and municipality version: the population account. It starts from the
-- population on 1 January (after that day's boundary changes), adds births, subtracts deaths,
-- adds net migration, and compares with the population at the end of 31 December in the same
-- boundaries; what does not add up is reported as account_discrepancy. The end population is
-- the register's 31 December count, else 1 January of the next year where the version is
-- still valid, else the 1 January count of its successor (renamed or renumbered alone), else
-- SSB's estimate across a boundary change (int_population_year_ends__estimated).

{%- set bigint = api.Column.translate_type('bigint') %}

with population as (
    select * from {{ ref('int_population__by_municipality') }}
),

vital_events as (
    select * from {{ ref('int_vital_events__by_municipality') }}
),

migration as (
    select * from {{ ref('mart_municipality_migration') }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

derived_year_ends as (
    select * from {{ ref('int_population_year_ends__estimated') }}
),

starts as (
    select
        {{ date_part_of('year', 'reference_date') }} as year,
        municipality_code,
        municipality_valid_from,
        persons as population_start
    from population
    where {{ date_part_of('month', 'reference_date') }} = 1
),

year_end_counts as (
    select
        {{ date_part_of('year', 'reference_date') }} as year,
        municipality_code,
        municipality_valid_from,
        persons
    from population
    where {{ date_part_of('month', 'reference_date') }} = 12
),

next_year_starts as (
    -- 1 January of the next year stands for 31 December only for a version still valid then
    select
        starts.municipality_code,
        starts.municipality_valid_from,
        starts.population_start as persons,
        starts.year - 1 as year
    from starts
    where starts.municipality_valid_from < {{ year_start('starts.year') }}
),

event_years as (
    -- the account covers the years the register delivers events for
    select year from migration
    union
    select period_year as year from vital_events
),

keys as (
    select
        year,
        municipality_code,
        municipality_valid_from
    from starts
    where year in (select event_years.year from event_years)
    union
    select
        year,
        municipality_code,
        municipality_valid_from
    from migration
    union
    select
        period_year as year,
        municipality_code,
        municipality_valid_from
    from vital_events
),

account as (
    select
        keys.year,
        keys.municipality_code,
        keys.municipality_valid_from,
        starts.population_start,
        coalesce(vital_events.births, 0) as births,
        coalesce(vital_events.deaths, 0) as deaths,
        coalesce(migration.in_migration_total, 0) as in_migration_total,
        coalesce(migration.out_migration_total, 0) as out_migration_total,
        coalesce(
            year_end_counts.persons, next_year_starts.persons, derived_year_ends.population_end
        ) as population_end,
        case
            when year_end_counts.persons is not null then '31 December count'
            when next_year_starts.persons is not null then '1 January next year'
            else derived_year_ends.population_end_source
        end as population_end_source,
        coalesce(
            year_end_counts.persons is null
            and next_year_starts.persons is null
            and derived_year_ends.is_estimated,
            false
        ) as is_estimated
    from keys
    left join starts
        on
            keys.year = starts.year
            and keys.municipality_code = starts.municipality_code
            and keys.municipality_valid_from = starts.municipality_valid_from
    left join vital_events
        on
            keys.year = vital_events.period_year
            and keys.municipality_code = vital_events.municipality_code
            and keys.municipality_valid_from = vital_events.municipality_valid_from
    left join migration
        on
            keys.year = migration.year
            and keys.municipality_code = migration.municipality_code
            and keys.municipality_valid_from = migration.municipality_valid_from
    left join year_end_counts
        on
            keys.year = year_end_counts.year
            and keys.municipality_code = year_end_counts.municipality_code
            and keys.municipality_valid_from = year_end_counts.municipality_valid_from
    left join next_year_starts
        on
            keys.year = next_year_starts.year
            and keys.municipality_code = next_year_starts.municipality_code
            and keys.municipality_valid_from = next_year_starts.municipality_valid_from
    left join derived_year_ends
        on
            keys.year = derived_year_ends.year
            and keys.municipality_code = derived_year_ends.municipality_code
            and keys.municipality_valid_from = derived_year_ends.municipality_valid_from
),

final as (
    select
        cast(account.year as {{ api.Column.translate_type('integer') }}) as year,
        account.municipality_code,
        account.municipality_valid_from,
        municipalities.municipality_name,
        municipalities.county_code,
        cast(account.population_start as {{ bigint }}) as population_start,
        cast(account.births as {{ bigint }}) as births,
        cast(account.deaths as {{ bigint }}) as deaths,
        cast(account.births - account.deaths as {{ bigint }}) as natural_increase,
        cast(account.in_migration_total as {{ bigint }}) as in_migration_total,
        cast(account.out_migration_total as {{ bigint }}) as out_migration_total,
        cast(
            account.in_migration_total - account.out_migration_total as {{ bigint }}
        ) as net_migration_total,
        cast(account.population_end as {{ bigint }}) as population_end,
        account.population_end_source,
        cast(account.population_end - account.population_start as {{ bigint }})
            as population_growth,
        cast(
            account.population_end - account.population_start
            - (account.births - account.deaths)
            - (account.in_migration_total - account.out_migration_total)
            as {{ bigint }}
        ) as account_discrepancy,
        account.population_start is not null
        and account.population_end is not null as is_account_complete,
        account.is_estimated
    from account
    left join municipalities
        on
            account.municipality_code = municipalities.municipality_code
            and account.municipality_valid_from = municipalities.valid_from
)

select * from final
