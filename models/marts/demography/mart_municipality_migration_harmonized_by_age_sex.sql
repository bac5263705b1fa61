-- One row per year, municipality of one division (the var boundary_vintage, default the
-- newest), sex and age (at the end of the year) with at least one move:
-- mart_municipality_migration_harmonized by the movers' sex and age, so that a series by age
-- exists in today's boundaries. Same rules: a move between two municipalities that the
-- division joins is no migration; counts spread over a split unit by population weights are
-- DOUBLE estimates with is_estimated = true. Moves of unknown sex or age are in the rows where
-- sex or age is NULL, so the rows of a municipality and year sum to its harmonised row.

with unit_counts as (
    {{ harmonized_counts('target_code', extra_keys=['sex', 'age']) }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
    where
        not is_special_code
        and valid_from <= {{ boundary_vintage_date() }}
        and {{ boundary_vintage_date() }} < {{ valid_to_or_open('valid_to') }}
),

final as (
    select
        cast(unit_counts.period_year as {{ api.Column.translate_type('integer') }}) as year,
        unit_counts.target_unit as municipality_code,
        unit_counts.sex,
        unit_counts.age,
        municipalities.municipality_name,
        municipalities.county_code,
        {{ boundary_vintage_date() }} as boundary_vintage,
        {{ migration_measures(
            'unit_counts.in_from_abroad', 'unit_counts.in_internal',
            'unit_counts.out_to_abroad', 'unit_counts.out_internal',
            data_type=type_double()
        ) }},
        unit_counts.is_estimated
    from unit_counts
    inner join municipalities
        on unit_counts.target_unit = municipalities.municipality_code
)

select * from final
