{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose moves fct_moves reloaded.
-- One row per year, county (as it was that year), sex and age (at the end of the year) with at
-- least one move: mart_county_migration's nine measures by the movers' sex and age, by SSB's
-- county rules (moves between two municipalities of one county are no county migration).
-- Moves of unknown sex or age are in the rows where sex or age is NULL.

with counts as (
    select * from {{ ref('int_migration__area_counts_by_age_sex') }}
    where
        area_level = 'county'
        and {{ changed_years_filter('period_year', ref('fct_moves')) }}
),

counties as (
    select * from {{ ref('dim_counties') }}
),

final as (
    select
        cast(counts.period_year as {{ api.Column.translate_type('integer') }}) as year,
        counts.area_code as county_code,
        counts.sex,
        counts.age,
        counties.county_name,
        {{ migration_measures('in_from_abroad', 'in_internal', 'out_to_abroad', 'out_internal') }},
        {{ run_started_timestamp() }} as loaded_at
    from counts
    left join counties
        on counts.area_code = counties.county_code
)

select * from final
