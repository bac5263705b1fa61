-- One row per municipality version (code, name and area unchanged), 1971 to today, with the
-- county it belonged to. (municipality_code, valid_from) is the key.

with municipalities as (
    select * from {{ ref('municipalities') }}
),

counties as (
    select * from {{ ref('counties') }}
),

final as (
    select
        municipalities.municipality_code,
        municipalities.valid_from,
        municipalities.valid_to,
        municipalities.municipality_name,
        municipalities.county_code,
        counties.county_name,
        municipalities.municipality_code in ({{ special_municipality_codes() }})
            as is_special_code
    from municipalities
    left join counties
        on
            municipalities.county_code = counties.county_code
            and municipalities.valid_from >= counties.valid_from
            and municipalities.valid_from < {{ valid_to_or_open('counties.valid_to') }}
)

select * from final
