{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose moves fct_moves reloaded.
-- One row per year, quarter and municipality version: the municipal migration measures per
-- quarter, same rules as mart_municipality_migration (whose year they add up to). Every
-- municipality valid in a year has its four quarters, zeros where nothing moved.

with municipality_counts as (
    {{ framed_area_counts(
        'municipality',
        by_quarter=true,
        year_filter=changed_years_filter('period_year', ref('fct_moves')),
    ) }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

final as (
    select
        cast(
            municipality_counts.period_year as {{ api.Column.translate_type('integer') }}
        ) as year,
        cast(
            municipality_counts.period_quarter as {{ api.Column.translate_type('integer') }}
        ) as quarter,
        municipality_counts.area_code as municipality_code,
        municipality_counts.area_valid_from as municipality_valid_from,
        municipalities.municipality_name,
        municipalities.county_code,
        {{ migration_measures('in_from_abroad', 'in_internal', 'out_to_abroad', 'out_internal') }},
        {{ run_started_timestamp() }} as loaded_at
    from municipality_counts
    left join municipalities
        on
            municipality_counts.area_code = municipalities.municipality_code
            and municipality_counts.area_valid_from = municipalities.valid_from
)

select * from final
