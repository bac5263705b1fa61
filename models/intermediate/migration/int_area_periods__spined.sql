-- One row per area (municipality version or county version) and statistical year in which
-- the area was valid on at least one day, for every year that has counted moves: the frame
-- that lets an area with no moves show zeros instead of vanishing.

with years as (
    select distinct period_year from {{ ref('fct_moves') }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
    where not is_special_code
),

counties as (
    select * from {{ ref('dim_counties') }}
),

year_bounds as (
    select
        period_year,
        {{ year_start('period_year') }} as year_start,
        {{ year_start('period_year + 1') }} as next_year_start
    from years
),

areas as (
    select
        'municipality' as area_level,
        municipality_code as area_code,
        valid_from as area_valid_from,
        valid_from,
        valid_to
    from municipalities

    union all

    select
        'county' as area_level,
        county_code as area_code,
        cast(null as {{ api.Column.translate_type('date') }}) as area_valid_from,
        valid_from,
        valid_to
    from counties
),

final as (
    select
        areas.area_level,
        areas.area_code,
        areas.area_valid_from,
        year_bounds.period_year
    from year_bounds
    inner join areas
        on
            year_bounds.next_year_start > areas.valid_from
            and year_bounds.year_start < {{ valid_to_or_open('areas.valid_to') }}
)

select * from final
