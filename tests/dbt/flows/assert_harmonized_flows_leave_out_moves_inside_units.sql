-- For every year, the national total of the harmonised flows equals the national number of
-- moves between municipalities minus the moves that fall inside one unit of the division:
-- computed here from the published flows (held to fct_moves by their own tests) and the
-- crosswalk alone, without the harmonisation macro: a move between old units o and d lies
-- inside unit t with the share w(o, t) x w(d, t). Returns the years where they differ.

with flows as (
    select * from {{ ref('mart_municipality_migration_flows') }}
),

crosswalk as (
    select * from {{ ref('dim_municipality_crosswalk') }}
    where target_vintage = {{ boundary_vintage_date() }}
),

harmonized as (
    select * from {{ ref('mart_municipality_migration_flows_harmonized') }}
),

pairs as (
    select
        year as period_year,
        from_municipality_code,
        from_municipality_valid_from,
        to_municipality_code,
        to_municipality_valid_from,
        moves
    from flows
),

inside_units as (
    select
        pairs.period_year,
        sum(pairs.moves * origin.allocation_weight * destination.allocation_weight) as moves
    from pairs
    inner join crosswalk as origin
        on
            pairs.from_municipality_code = origin.source_code
            and pairs.from_municipality_valid_from = origin.source_valid_from
    inner join crosswalk as destination
        on
            pairs.to_municipality_code = destination.source_code
            and pairs.to_municipality_valid_from = destination.source_valid_from
            and origin.target_code = destination.target_code
    group by pairs.period_year
),

national as (
    select
        period_year,
        sum(moves) as moves
    from pairs
    group by period_year
),

harmonized_totals as (
    select
        year,
        sum(moves) as moves
    from harmonized
    group by year
),

expected as (
    select
        national.period_year as year,
        national.moves as inter_municipal_moves,
        coalesce(inside_units.moves, 0) as moves_inside_units,
        national.moves - coalesce(inside_units.moves, 0) as expected_moves
    from national
    left join inside_units
        on national.period_year = inside_units.period_year
)

select
    expected.inter_municipal_moves,
    expected.moves_inside_units,
    expected.expected_moves,
    harmonized_totals.moves as harmonized_moves,
    coalesce(expected.year, harmonized_totals.year) as year
from expected
full outer join harmonized_totals
    on expected.year = harmonized_totals.year
where
    abs(coalesce(expected.expected_moves, 0) - coalesce(harmonized_totals.moves, 0))
    > 0.000001
