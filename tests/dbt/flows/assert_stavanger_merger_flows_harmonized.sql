-- Stavanger (1103), Finnøy (1141) and Rennesøy (1142) merged into 1103 Stavanger on
-- 1 January 2020. In a division from 2020 on, every year before the merger has: no flow from
-- or to the old codes 1141 and 1142; no flow between the three (they lie inside one unit);
-- and Stavanger's harmonised flows out (in) equal the published flows from (to) any of the
-- three to (from) any municipality outside them. Returns the years and sides that break it
-- (nothing when the division is older than 2020).

with published as (
    select * from {{ ref('mart_municipality_migration_flows') }}
    where year < 2020
),

harmonized as (
    select * from {{ ref('mart_municipality_migration_flows_harmonized') }}
    where
        year < 2020
        and boundary_vintage >= {{ dbt.cast("'2020-01-01'", api.Column.translate_type('date')) }}
),

old_units as (
    select '1103' as municipality_code
    union all
    select '1141' as municipality_code
    union all
    select '1142' as municipality_code
),

published_sides as (
    select
        year,
        'out' as side,
        sum(moves) as moves
    from published
    where
        from_municipality_code in (select o.municipality_code from old_units as o)
        and to_municipality_code not in (select o.municipality_code from old_units as o)
    group by year

    union all

    select
        year,
        'in' as side,
        sum(moves) as moves
    from published
    where
        to_municipality_code in (select o.municipality_code from old_units as o)
        and from_municipality_code not in (select o.municipality_code from old_units as o)
    group by year
),

harmonized_sides as (
    select
        year,
        'out' as side,
        sum(moves) as moves
    from harmonized
    where from_municipality_code = '1103'
    group by year

    union all

    select
        year,
        'in' as side,
        sum(moves) as moves
    from harmonized
    where to_municipality_code = '1103'
    group by year
),

compared as (
    select
        harmonized_sides.year,
        harmonized_sides.side,
        coalesce(published_sides.moves, 0) as published_moves,
        harmonized_sides.moves as harmonized_moves
    from harmonized_sides
    left join published_sides
        on
            harmonized_sides.year = published_sides.year
            and harmonized_sides.side = published_sides.side
),

old_codes as (
    select
        year,
        'old code' as side,
        0 as published_moves,
        moves as harmonized_moves
    from harmonized
    where
        from_municipality_code in ('1141', '1142')
        or to_municipality_code in ('1141', '1142')
)

select * from compared
where abs(published_moves - harmonized_moves) > 0.000001
union all
select * from old_codes
