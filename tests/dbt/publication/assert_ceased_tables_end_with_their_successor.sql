-- A municipal table whose unit ceased (mart_municipal_tables.is_existing false) ends with a
-- note naming where its area went (note_kind `ceased`, other_code the successor), unless its
-- unit ended before 1971, outside classification 131's files (the seed document's own
-- tables, whose note says so). Returns each ceased table whose last note is no such note.

with tables as (
    select * from {{ ref('mart_municipal_tables') }}
    where not is_existing
),

notes as (
    select * from {{ ref('mart_municipal_table_notes') }}
),

last_notes as (
    select
        table_id,
        max(note_number) as last_note_number
    from notes
    group by table_id
)

select
    tables.table_id,
    tables.heading,
    notes.note_kind,
    notes.other_code
from tables
left join last_notes
    on tables.table_id = last_notes.table_id
left join notes
    on
        last_notes.table_id = notes.table_id
        and last_notes.last_note_number = notes.note_number
where
    tables.valid_to is not null
    and tables.valid_to > {{ dbt.cast("'1971-01-01'", 'date') }}
    and (notes.note_kind is null or notes.note_kind != 'ceased' or notes.other_code is null)
