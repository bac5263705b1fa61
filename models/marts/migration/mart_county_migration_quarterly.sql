-- One row per year, quarter and county: the county migration measures per quarter, with the
-- same rules as mart_county_migration (whose year they add up to).

with county_counts as (
    {{ framed_area_counts('county', by_quarter=true) }}
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
        {{ migration_measures('in_from_abroad', 'in_internal', 'out_to_abroad', 'out_internal') }}
    from county_counts
    left join counties
        on county_counts.area_code = counties.county_code
)

select * from final
