-- One row per municipality version (source), division (target_vintage: every date on which
-- SSB's municipal division changed, 1971 to the newest) and municipality of that division
-- the source's population maps into: forward across mergers, renumberings and county
-- reforms, backward where a newer unit came from older ones. allocation_weight is the share
-- of the source's population that lies in the target (1 for a whole unit; population shares
-- across a split or a partial transfer); the weights of a source and vintage sum to 1.

with recursive
versions as (
    select * from {{ ref('dim_municipalities') }}
),

divisions as (
    select division_valid_from as target_vintage
    from {{ ref('municipal_divisions') }}
),

edges as (
    select * from {{ ref('int_municipality_changes__weighted') }}
),

forward_paths as (
    {{ crosswalk_paths('forward') }}
),

backward_paths as (
    {{ crosswalk_paths('backward') }}
),

paths as (
    select
        *,
        'forward' as direction
    from forward_paths

    union all

    select
        *,
        'backward' as direction
    from backward_paths
),

mapped as (
    -- a forward path serves the divisions from its last change on, a backward path the
    -- divisions before its earliest change; each takes the target version valid in the
    -- division
    select
        paths.source_code,
        paths.source_valid_from,
        divisions.target_vintage,
        paths.target_code,
        paths.target_valid_from,
        paths.allocation_weight,
        paths.mapping_rank,
        paths.weight_basis
    from paths
    inner join versions as targets
        on
            paths.target_code = targets.municipality_code
            and paths.target_valid_from = targets.valid_from
    inner join divisions
        on
            targets.valid_from <= divisions.target_vintage
            and divisions.target_vintage < {{ valid_to_or_open('targets.valid_to') }}
            and (
                (
                    paths.direction = 'forward'
                    and paths.path_date <= divisions.target_vintage
                )
                or (
                    paths.direction = 'backward'
                    and paths.path_date > divisions.target_vintage
                )
            )
),

final as (
    select
        mapped.source_code,
        mapped.source_valid_from,
        mapped.target_vintage,
        mapped.target_code,
        mapped.target_valid_from,
        targets.municipality_name as target_name,
        targets.county_code as target_county_code,
        cast(sum(mapped.allocation_weight) as {{ type_double() }})
            as allocation_weight,
        {{ mapping_type_of_rank('max(mapped.mapping_rank)') }} as mapping_type,
        max(mapped.weight_basis) as weight_basis
    from mapped
    inner join versions as targets
        on
            mapped.target_code = targets.municipality_code
            and mapped.target_valid_from = targets.valid_from
    group by
        mapped.source_code,
        mapped.source_valid_from,
        mapped.target_vintage,
        mapped.target_code,
        mapped.target_valid_from,
        targets.municipality_name,
        targets.county_code
)

select * from final
