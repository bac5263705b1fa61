-- Every division in SSB's classification lists as many codes as the municipality
-- versions valid on its first day. Returns the divisions where the counts differ.
with divisions as (
    select * from {{ ref('municipal_divisions') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

valid_versions as (
    select
        divisions.division_valid_from,
        count(municipalities.municipality_code) as version_count
    from divisions
    left join municipalities
        on
            divisions.division_valid_from >= municipalities.valid_from
            and divisions.division_valid_from
            < {{ valid_to_or_open('municipalities.valid_to') }}
    group by divisions.division_valid_from
)

select
    divisions.division_valid_from,
    divisions.code_count,
    valid_versions.version_count
from divisions
inner join valid_versions
    on divisions.division_valid_from = valid_versions.division_valid_from
where divisions.code_count != valid_versions.version_count
