-- One row per municipality version (code, name and area unchanged), 1971 to today, with the
-- county it belonged to. (municipality_code, valid_from) is the key. Says how each version
-- began: with a change of area (a series break) or with a new name or number alone (the
-- series stays comparable).

with municipalities as (
    select * from {{ ref('municipalities') }}
),

counties as (
    select * from {{ ref('counties') }}
),

changes as (
    select * from {{ ref('municipality_changes') }}
),

start_changes as (
    -- the kind of change that began a version (several edges: the most far-reaching kind)
    select
        new_code,
        change_date,
        {{ change_type_of_rank('max(' ~ change_type_rank('change_type') ~ ')') }}
            as start_change_type
    from changes
    group by new_code, change_date
),

final as (
    select
        municipalities.municipality_code,
        municipalities.valid_from,
        municipalities.valid_to,
        municipalities.municipality_name,
        municipalities.county_code,
        counties.county_name,
        start_changes.start_change_type,
        coalesce(
            start_changes.start_change_type in ({{ area_change_types() }}), false
        ) as starts_with_boundary_change,
        case
            when start_changes.start_change_type in ({{ code_change_types() }})
                then start_changes.start_change_type
        end as code_change_type,
        municipalities.municipality_code in ({{ special_municipality_codes() }})
            as is_special_code
    from municipalities
    left join start_changes
        on
            municipalities.municipality_code = start_changes.new_code
            and municipalities.valid_from = start_changes.change_date
    left join counties
        on
            municipalities.county_code = counties.county_code
            and municipalities.valid_from >= counties.valid_from
            and municipalities.valid_from < {{ valid_to_or_open('counties.valid_to') }}
)

select * from final
