{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose moves fct_moves reloaded.
-- One row per year, municipality version, sex and age (at the end of the year) with at least
-- one move: mart_municipality_migration's nine measures by the movers' sex and age. Moves of
-- unknown sex or age are in the rows where sex or age is NULL, so the rows of a municipality
-- and year sum to its row of mart_municipality_migration exactly.

with counts as (
    select * from {{ ref('int_migration__area_counts_by_age_sex') }}
    where
        area_level = 'municipality'
        and {{ changed_years_filter('period_year', ref('fct_moves')) }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

final as (
    select
        cast(counts.period_year as {{ api.Column.translate_type('integer') }}) as year,
        counts.area_code as municipality_code,
        counts.area_valid_from as municipality_valid_from,
        counts.sex,
        counts.age,
        municipalities.municipality_name,
        municipalities.county_code,
        {{ migration_measures('in_from_abroad', 'in_internal', 'out_to_abroad', 'out_internal') }},
        {{ run_started_timestamp() }} as loaded_at
    from counts
    left join municipalities
        on
            counts.area_code = municipalities.municipality_code
            and counts.area_valid_from = municipalities.valid_from
)

select * from final
