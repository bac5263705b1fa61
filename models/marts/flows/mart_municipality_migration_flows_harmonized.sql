-- One row per year, municipality of origin and municipality of destination of one division
-- (the var boundary_vintage, default the newest) with a flow: every year's moves between
-- municipalities re-expressed in the same boundaries. A move between two old units that the
-- division joins is a move inside one unit and no flow; an end in a split unit is shared by
-- the crosswalk's population weights (an estimate, flagged).

with unit_flows as (
    {{ harmonized_flows(ref('mart_municipality_migration_flows')) }}
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
        unit_flows.year,
        unit_flows.from_code as from_municipality_code,
        origin.municipality_name as from_municipality_name,
        origin.county_code as from_county_code,
        unit_flows.to_code as to_municipality_code,
        destination.municipality_name as to_municipality_name,
        destination.county_code as to_county_code,
        {{ boundary_vintage_date() }} as boundary_vintage,
        unit_flows.moves,
        unit_flows.is_estimated
    from unit_flows
    left join municipalities as origin
        on unit_flows.from_code = origin.municipality_code
    left join municipalities as destination
        on unit_flows.to_code = destination.municipality_code
)

select * from final
