-- One row per statistical year and municipality of one division (the var boundary_vintage,
-- default the newest): every year's migration re-expressed in the same boundaries, so that
-- series compare across mergers, splits and renumberings. Moves between two municipalities
-- that the division joins are no migration; counts spread over a split unit by population
-- weights are estimates and flagged.

with unit_counts as (
    {{ harmonized_counts('target_code') }}
),

years as (
    select distinct period_year from {{ ref('fct_moves') }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
    where
        not is_special_code
        and valid_from <= {{ boundary_vintage_date() }}
        and {{ boundary_vintage_date() }} < {{ valid_to_or_open('valid_to') }}
),

spine as (
    select
        years.period_year,
        municipalities.municipality_code,
        municipalities.municipality_name,
        municipalities.county_code
    from years
    cross join municipalities
),

final as (
    select
        cast(spine.period_year as {{ api.Column.translate_type('integer') }}) as year,
        spine.municipality_code,
        spine.municipality_name,
        spine.county_code,
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
            and spine.municipality_code = unit_counts.target_unit
)

select * from final
