-- The converse of assert_break_lines_match_boundary_changes: every change of area (an edge of
-- an area-changing type in municipality_changes) that touches a municipal table between two
-- of its rows puts a break line before the later row. A change of number or name alone puts
-- none (assert_break_lines_have_area_notes). Returns each such change whose
-- row has no break line.

with table_rows as (
    select
        table_id,
        year,
        is_break_before,
        lag(year) over (partition by table_id order by year) as previous_year
    from {{ ref('mart_municipal_table_rows') }}
),

versions as (
    select * from {{ ref('mart_municipal_table_versions') }}
    where not is_before_1971
),

changes as (
    select * from {{ ref('municipality_changes') }}
    where change_type in ({{ area_change_types() }})
),

changed_tables as (
    select
        old_version.table_id,
        {{ date_part_of('year', 'changes.change_date') }} as change_year
    from changes
    inner join versions as old_version
        on
            changes.old_code = old_version.municipality_code
            and changes.change_date = old_version.municipality_valid_to

    union

    select
        new_version.table_id,
        {{ date_part_of('year', 'changes.change_date') }} as change_year
    from changes
    inner join versions as new_version
        on
            changes.new_code = new_version.municipality_code
            and changes.change_date >= new_version.municipality_valid_from
            and changes.change_date < {{ valid_to_or_open('new_version.municipality_valid_to') }}
)

select
    changed_tables.table_id,
    changed_tables.change_year,
    table_rows.year
from changed_tables
inner join table_rows
    on
        changed_tables.table_id = table_rows.table_id
        and changed_tables.change_year > table_rows.previous_year
        and changed_tables.change_year <= table_rows.year
where not table_rows.is_break_before
