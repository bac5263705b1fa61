-- One row per statistical year and county of one division (the var boundary_vintage,
-- default the newest): every year's county migration re-expressed in the same counties.
-- Moves between municipalities that end up in one county are no county migration; counts
-- spread over split units by population weights are estimates and flagged.

with unit_counts as (
    {{ harmonized_counts('target_county_code') }}
),

years as (
    select distinct period_year from {{ ref('fct_moves') }}
),

counties as (
    select * from {{ ref('dim_counties') }}
    where
        valid_from <= {{ boundary_vintage_date() }}
        and {{ boundary_vintage_date() }} < {{ valid_to_or_open('valid_to') }}
),

spine as (
    select
        years.period_year,
        counties.county_code,
        counties.county_name
    from years
    cross join counties
),

final as (
    select
        cast(spine.period_year as {{ api.Column.translate_type('integer') }}) as year,
        spine.county_code,
        spine.county_name,
        {{ boundary_vintage_date() }} as boundary_vintage,
        {{ migration_measures(
            'coalesce(unit_counts.in_from_abroad, 0)', 'coalesce(unit_counts.in_internal, 0)',
            'coalesce(unit_counts.out_to_abroad, 0)', 'coalesce(unit_counts.out_internal, 0)',
            data_type=type_double()
        ) }},
        coalesce(unit_counts.is_estimated, false) as is_estimated
    from spine
    left join unit_counts
        on
            spine.period_year = unit_counts.period_year
            and spine.county_code = unit_counts.target_unit
)

select * from final
