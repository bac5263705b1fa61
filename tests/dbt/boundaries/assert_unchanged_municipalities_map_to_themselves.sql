-- A municipality whose version covers every division (no change since 1971) maps to itself
-- with weight 1 in every division, and only to itself. Returns the divisions where it does
-- not.

with crosswalk as (
    select * from {{ ref('dim_municipality_crosswalk') }}
),

divisions as (
    select * from {{ ref('municipal_divisions') }}
),

first_division as (
    select min(division_valid_from) as division_valid_from from divisions
),

unchanged as (
    select municipalities.*
    from {{ ref('dim_municipalities') }} as municipalities
    where
        municipalities.valid_to is null
        and municipalities.valid_from = (select f.division_valid_from from first_division as f)
),

expected as (
    select
        unchanged.municipality_code,
        unchanged.valid_from,
        divisions.division_valid_from as target_vintage
    from unchanged
    cross join divisions
)

select
    expected.municipality_code,
    expected.target_vintage,
    crosswalk.target_code,
    crosswalk.allocation_weight
from expected
left join crosswalk
    on
        expected.municipality_code = crosswalk.source_code
        and expected.valid_from = crosswalk.source_valid_from
        and expected.target_vintage = crosswalk.target_vintage
where
    crosswalk.target_code is null
    or crosswalk.target_code != expected.municipality_code
    or crosswalk.allocation_weight != 1
    or crosswalk.mapping_type != 'identical'
