-- One row per county version, 1971 to today, with the name SSB prints.
-- (county_code, valid_from) is the key.

with counties as (
    select * from {{ ref('counties') }}
),

final as (
    select
        county_code,
        valid_from,
        valid_to,
        county_name
    from counties
)

select * from final
