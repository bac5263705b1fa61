-- One row per municipality version since 1971 (not the special code 9999): the version whose
-- municipal table it continues (its predecessor in the table), chosen after SSB's rules for
-- its municipal tables (seed document 004) as a user expects them for the reforms since.
--
-- A version that began on a change date came from one or more old versions (SSB's change
-- table). First each new version picks the old version it would continue: the one whose
-- number it keeps; else the most populous (persons the old version brought, from the
-- register's counts, where every candidate has a count); else the one whose name it keeps;
-- else the lowest number. Then each old version picks, among the new versions that picked
-- it, the one that continues its table: the one that keeps its number; else its name; else
-- the most populous on 1 January (where every candidate has a count); else the lowest number.
-- A new version that picked an old version but was not picked back (a part separated at a
-- division) starts a table of its own, unless int_municipal_table_versions__grouped finds
-- it to be a unit merged away earlier and separated again. Where the seed document decides
-- what the data cannot (municipal_table_continuations), the seed wins at both steps.
-- link_basis says which rule decided.

with versions as (
    select * from {{ ref('dim_municipalities') }}
    where not is_special_code
),

edges as (
    select * from {{ ref('int_municipality_changes__weighted') }}
),

population as (
    select * from {{ ref('int_population__by_municipality') }}
),

seeded_continuations as (
    select * from {{ ref('municipal_table_continuations') }}
),

beginning_edges as (
    -- edges into a version that began on the change date (a unit that only gained area
    -- keeps its version and its table)
    select
        edges.change_date,
        edges.old_code,
        edges.old_valid_from,
        old_version.municipality_name as old_name,
        edges.new_code,
        edges.new_valid_from,
        new_version.municipality_name as new_name,
        edges.edge_persons,
        new_start.persons as new_persons,
        coalesce(seeded_continuations.new_code is not null, false) as is_seeded,
        coalesce(
            max(case when seeded_continuations.new_code is not null then 1 else 0 end)
                over (partition by edges.change_date, edges.old_code)
            = 1,
            false
        ) as old_is_seeded
    from edges
    inner join versions as old_version
        on
            edges.old_code = old_version.municipality_code
            and edges.old_valid_from = old_version.valid_from
    inner join versions as new_version
        on
            edges.new_code = new_version.municipality_code
            and edges.new_valid_from = new_version.valid_from
    left join population as new_start
        on
            edges.new_code = new_start.municipality_code
            and edges.new_valid_from = new_start.municipality_valid_from
            and edges.change_date = new_start.reference_date
    left join seeded_continuations
        on
            edges.change_date = seeded_continuations.change_date
            and edges.old_code = seeded_continuations.old_code
            and edges.new_code = seeded_continuations.new_code
    where edges.new_valid_from = edges.change_date
),

candidates as (
    select
        *,
        count(*) over (partition by new_code, new_valid_from) as old_candidates,
        count(edge_persons) over (partition by new_code, new_valid_from) as old_counted,
        max(case when old_code = new_code then 1 else 0 end)
            over (partition by new_code, new_valid_from) as has_kept_number
    from beginning_edges
),

predecessors_ranked as (
    select
        *,
        row_number() over (
            partition by new_code, new_valid_from
            order by
                case when is_seeded then 0 else 1 end,
                case when old_code = new_code then 0 else 1 end,
                case when old_counted = old_candidates then edge_persons end desc nulls last,
                case when old_name = new_name then 0 else 1 end,
                old_code
        ) as predecessor_rank
    from candidates
),

picked_predecessors as (
    select
        *,
        case
            when is_seeded then 'seed document 004'
            when old_candidates = 1 then 'one predecessor'
            when old_code = new_code then 'number kept'
            when old_counted = old_candidates then 'most populous'
            when old_name = new_name then 'name kept'
            else 'lowest number'
        end as predecessor_basis
    from predecessors_ranked
    where predecessor_rank = 1
),

successor_candidates as (
    select
        *,
        count(*) over (partition by old_code, old_valid_from) as new_candidates,
        count(new_persons) over (partition by old_code, old_valid_from) as new_counted
    from picked_predecessors
),

successors_ranked as (
    select
        *,
        row_number() over (
            partition by old_code, old_valid_from
            order by
                case when is_seeded then 0 else 1 end,
                case when old_code = new_code then 0 else 1 end,
                case when old_name = new_name then 0 else 1 end,
                case when new_counted = new_candidates then new_persons end desc nulls last,
                new_code
        ) as successor_rank
    from successor_candidates
    -- a seeded continuation leaves the other parts of the old version unpicked
    where is_seeded or not old_is_seeded
),

links as (
    select
        new_code as municipality_code,
        new_valid_from as municipality_valid_from,
        old_code as predecessor_code,
        old_valid_from as predecessor_valid_from,
        case
            when is_seeded then 'seed document 004'
            when new_candidates = 1 then predecessor_basis
            when old_code = new_code then 'number kept'
            when old_name = new_name then 'name kept'
            when new_counted = new_candidates then 'most populous'
            else 'lowest number'
        end as link_basis
    from successors_ranked
    where successor_rank = 1
),

separated_parts as (
    -- new versions that picked an old version that continued elsewhere
    select
        picked_predecessors.new_code as municipality_code,
        picked_predecessors.new_valid_from as municipality_valid_from,
        picked_predecessors.old_code as separated_from_code,
        picked_predecessors.old_valid_from as separated_from_valid_from
    from picked_predecessors
    left join links
        on
            picked_predecessors.new_code = links.municipality_code
            and picked_predecessors.new_valid_from = links.municipality_valid_from
    where links.municipality_code is null
),

final as (
    select
        versions.municipality_code,
        versions.valid_from as municipality_valid_from,
        versions.valid_to as municipality_valid_to,
        versions.municipality_name,
        versions.county_code,
        links.predecessor_code,
        links.predecessor_valid_from,
        separated_parts.separated_from_code,
        separated_parts.separated_from_valid_from,
        coalesce(
            links.link_basis,
            case when separated_parts.municipality_code is not null then 'separated' end,
            case when versions.start_change_type is null then 'valid in 1971' else 'new unit' end
        ) as link_basis
    from versions
    left join links
        on
            versions.municipality_code = links.municipality_code
            and versions.valid_from = links.municipality_valid_from
    left join separated_parts
        on
            versions.municipality_code = separated_parts.municipality_code
            and versions.valid_from = separated_parts.municipality_valid_from
)

select * from final
