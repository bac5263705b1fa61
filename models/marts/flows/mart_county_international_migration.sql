{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose rows the municipal mart reloaded.
-- One row per year, county (as it was that year) and country with at least one move: the
-- municipal mart summed over each county's municipalities (moves from and to abroad cross
-- the county border too, so the county figures are the sums).

with municipal as (
    select * from {{ ref('mart_municipality_international_migration') }}
    where
        {{ changed_years_filter(
            'year', ref('mart_municipality_international_migration'), 'year'
        ) }}
),

counties as (
    select * from {{ ref('dim_counties') }}
),

countries as (
    select * from {{ ref('countries') }}
),

counts as (
    select
        year,
        county_code,
        country_code,
        sum(in_migration_from_abroad) as immigrations,
        sum(out_migration_to_abroad) as emigrations
    from municipal
    group by year, county_code, country_code
),

final as (
    select
        counts.year,
        counts.county_code,
        counties.county_name,
        counts.country_code,
        {{ country_label('counts.country_code', 'countries') }},
        cast(counts.immigrations as {{ api.Column.translate_type('bigint') }})
            as in_migration_from_abroad,
        cast(counts.emigrations as {{ api.Column.translate_type('bigint') }})
            as out_migration_to_abroad,
        cast(
            counts.immigrations - counts.emigrations as {{ api.Column.translate_type('bigint') }}
        ) as net_migration_abroad,
        {{ run_started_timestamp() }} as loaded_at
    from counts
    left join counties
        on counts.county_code = counties.county_code
    left join countries
        on counts.country_code = countries.country_code
)

select * from final
