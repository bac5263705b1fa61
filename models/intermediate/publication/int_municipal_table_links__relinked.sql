-- One row per municipality version since 1971 (not 9999): its link in a municipal table
-- (int_municipal_table_links__chosen), with one more link for a unit merged away and
-- separated again. A model of its own, not a CTE of int_municipal_table_versions__grouped:
-- Spark inlines every reference to a CTE, and the two chains of predecessors nested in one
-- query grew its plan to thousands of copies of the links (about 150 s on Spark per build).
--
-- A unit merged away and later separated again is one table (seed document 004, "0435 Os,
-- 0435 Tolga-Os, 0441 Os"): a separated part with no predecessor of its own continues the
-- table of a unit of the same name that ended in a merger into the table it separates from
-- (1534 Haram, merged into 1507 Ålesund in 2020, and 1580 Haram, separated from it in 2024).

with links as (
    select * from {{ ref('int_municipal_table_links__chosen') }}
),

edges as (
    select * from {{ ref('int_municipality_changes__weighted') }}
),

{{ chain_roots('links', 'first_roots') }}

continued as (
    select distinct
        predecessor_code as municipality_code,
        predecessor_valid_from as municipality_valid_from
    from links
    where predecessor_code is not null
),

ended_without_successor as (
    -- versions whose table ends with them: they ended and no version continues them
    select links.*
    from links
    left join continued
        on
            links.municipality_code = continued.municipality_code
            and links.municipality_valid_from = continued.municipality_valid_from
    where links.municipality_valid_to is not null and continued.municipality_code is null
),

reborn_candidates as (
    select
        separated.municipality_code,
        separated.municipality_valid_from,
        merged_away.municipality_code as predecessor_code,
        merged_away.municipality_valid_from as predecessor_valid_from,
        row_number() over (
            partition by separated.municipality_code, separated.municipality_valid_from
            order by merged_away.municipality_valid_to desc, merged_away.municipality_code asc
        ) as candidate_rank
    from links as separated
    inner join first_roots_5 as separated_from_root
        on
            separated.separated_from_code = separated_from_root.municipality_code
            and separated.separated_from_valid_from = separated_from_root.municipality_valid_from
    inner join ended_without_successor as merged_away
        on
            separated.municipality_name = merged_away.municipality_name
            and separated.municipality_valid_from >= merged_away.municipality_valid_to
    inner join edges
        on
            merged_away.municipality_code = edges.old_code
            and merged_away.municipality_valid_from = edges.old_valid_from
    inner join first_roots_5 as merged_into_root
        on
            edges.new_code = merged_into_root.municipality_code
            and edges.new_valid_from = merged_into_root.municipality_valid_from
    where
        separated.predecessor_code is null
        and separated.separated_from_code is not null
        and merged_into_root.root_code = separated_from_root.root_code
        and merged_into_root.root_valid_from = separated_from_root.root_valid_from
),

relinked as (
    select
        links.municipality_code,
        links.municipality_valid_from,
        links.municipality_valid_to,
        links.municipality_name,
        links.county_code,
        links.separated_from_code,
        links.separated_from_valid_from,
        coalesce(links.predecessor_code, reborn.predecessor_code) as predecessor_code,
        coalesce(links.predecessor_valid_from, reborn.predecessor_valid_from)
            as predecessor_valid_from,
        case
            when reborn.predecessor_code is not null then 'separated again'
            else links.link_basis
        end as link_basis
    from links
    left join reborn_candidates as reborn
        on
            links.municipality_code = reborn.municipality_code
            and links.municipality_valid_from = reborn.municipality_valid_from
            and reborn.candidate_rank = 1
)

select * from relinked
