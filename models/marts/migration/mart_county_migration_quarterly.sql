{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose moves fct_moves reloaded.
-- One row per year, quarter and county: the county migration measures per quarter, with the
-- same rules as mart_county_migration (whose year they add up to).

with county_counts as (
    {{ framed_area_counts(
        'county',
        by_quarter=true,
        year_filter=changed_years_filter('period_year', ref('fct_moves')),
    ) }}
),

counties as (
    select * from {{ ref('dim_counties') }}
),

final as (
    select
        cast(county_counts.period_year as {{ api.Column.translate_type('integer') }}) as year,
        cast(
            county_counts.period_quarter as {{ api.Column.translate_type('integer') }}
        ) as quarter,
        county_counts.area_code as county_code,
        counties.county_name,
        {{ migration_measures('in_from_abroad', 'in_internal', 'out_to_abroad', 'out_internal') }},
        {{ run_started_timestamp() }} as loaded_at
    from county_counts
    left join counties
        on county_counts.area_code = counties.county_code
)

select * from final
