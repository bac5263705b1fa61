-- Every break line of a municipal table (mart_municipal_table_rows.is_break_before) stands
-- where SSB's change table has a change of area: an edge of municipality_changes of an
-- area-changing type, dated 1 January of a year after the row before and up to the row's year,
-- whose old or new version belongs to the table. Read from the reference seeds directly, not
-- from the notes, so a note invented by the notes model cannot justify a break. Returns each
-- break line without such a change.

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

table_changes as (
    -- area changes with the table of the old and of the new version of each edge
    select
        old_version.table_id as old_table_id,
        new_version.table_id as new_table_id,
        {{ date_part_of('year', 'changes.change_date') }} as change_year
    from changes
    inner join versions as old_version
        on
            changes.old_code = old_version.municipality_code
            and changes.change_date = old_version.municipality_valid_to
    inner join versions as new_version
        on
            changes.new_code = new_version.municipality_code
            and changes.change_date >= new_version.municipality_valid_from
            and changes.change_date < {{ valid_to_or_open('new_version.municipality_valid_to') }}
),

changed_tables as (
    select
        old_table_id as table_id,
        change_year
    from table_changes
    union
    select
        new_table_id as table_id,
        change_year
    from table_changes
),

matched as (
    select
        table_rows.table_id,
        table_rows.year,
        table_rows.previous_year,
        count(changed_tables.change_year) as area_changes
    from table_rows
    left join changed_tables
        on
            table_rows.table_id = changed_tables.table_id
            and table_rows.previous_year < changed_tables.change_year
            and table_rows.year >= changed_tables.change_year
    where table_rows.is_break_before
    group by table_rows.table_id, table_rows.year, table_rows.previous_year
)

select * from matched
where area_changes = 0
