-- Every break line of a municipal table has a note of a change of area among the notes that
-- stand before its row (is_break): a change of number or name alone (renamed, renumbered)
-- keeps the series comparable and draws no break line. Returns every break line without one,
-- i.e. whose notes are all renames, renumberings or history before 1971.

with table_rows as (
    select * from {{ ref('mart_municipal_table_rows') }}
),

previous_years as (
    select
        table_id,
        year,
        is_break_before,
        lag(year) over (partition by table_id order by year) as previous_year
    from table_rows
),

notes as (
    select * from {{ ref('mart_municipal_table_notes') }}
)

select
    previous_years.table_id,
    previous_years.year
from previous_years
left join notes
    on
        previous_years.table_id = notes.table_id
        and previous_years.previous_year < notes.note_year
        and previous_years.year >= notes.note_year
where previous_years.is_break_before
group by previous_years.table_id, previous_years.year
having sum(case when notes.is_break then 1 else 0 end) = 0
