-- One row per municipal table of the publication (SSB's municipal tables, seed document
-- 004): its heading (the numbers and names of its units, the newest first), its place in the
-- order of the tables (by the first number of the heading), whether its unit exists today
-- (SSB's green mark) or ceased (red), the county of its newest unit, the years of its units
-- and of its rows, and how many rows and notes it has.

{%- set integer = api.Column.translate_type('integer') %}

with versions as (
    select * from {{ ref('mart_municipal_table_versions') }}
),

table_rows as (
    select * from {{ ref('mart_municipal_table_rows') }}
),

notes as (
    select * from {{ ref('mart_municipal_table_notes') }}
),

counties as (
    select * from {{ ref('dim_counties') }}
),

heading_units as (
    -- each number and name of the table once, at its newest appearance
    select
        table_id,
        municipality_code,
        municipality_name,
        max(municipality_valid_from) as newest_valid_from
    from versions
    group by table_id, municipality_code, municipality_name
),

heading_ranked as (
    select
        *,
        row_number() over (
            partition by table_id
            order by newest_valid_from desc, municipality_code asc, municipality_name asc
        ) as heading_rank
    from heading_units
),

headings as (
    select
        table_id,
        {{ ordered_string_agg(
            dbt.concat(['municipality_code', "' '", 'municipality_name']), ', ', 'heading_rank'
        ) }} as heading,
        count(*) as heading_units
    from heading_ranked
    group by table_id
),

newest_units as (
    select * from versions
    where heading_position = 1
),

spans as (
    select
        table_id,
        min(municipality_valid_from) as valid_from,
        count(*) as units,
        sum(case when is_before_1971 then 0 else 1 end) as versions_since_1971
    from versions
    group by table_id
),

row_spans as (
    select
        table_id,
        min(year) as first_row_year,
        max(year) as last_row_year,
        count(*) as row_count,
        sum(case when is_break_before then 1 else 0 end) as break_lines
    from table_rows
    group by table_id
),

note_counts as (
    select
        table_id,
        count(*) as note_count
    from notes
    group by table_id
),

county_names as (
    -- the newest name of every county code (a unit before 1971 has no county version)
    select
        county_code,
        county_name,
        row_number() over (partition by county_code order by valid_from desc) as newest_rank
    from counties
),

final as (
    select
        newest_units.table_id,
        cast(row_number() over (
            order by newest_units.municipality_code, spans.valid_from
        ) as {{ integer }}) as table_order,
        headings.heading,
        newest_units.municipality_code as table_code,
        newest_units.municipality_name as table_name,
        newest_units.county_code,
        coalesce(newest_units.county_name, county_names.county_name) as county_name,
        newest_units.municipality_valid_to is null and not newest_units.is_before_1971
            as is_existing,
        spans.valid_from,
        newest_units.municipality_valid_to as valid_to,
        cast(spans.units as {{ integer }}) as unit_count,
        cast(spans.versions_since_1971 as {{ integer }}) as versions_since_1971,
        cast(headings.heading_units as {{ integer }}) as heading_units,
        cast(row_spans.first_row_year as {{ integer }}) as first_row_year,
        cast(row_spans.last_row_year as {{ integer }}) as last_row_year,
        cast(coalesce(row_spans.row_count, 0) as {{ integer }}) as row_count,
        cast(coalesce(row_spans.break_lines, 0) as {{ integer }}) as break_lines,
        cast(coalesce(note_counts.note_count, 0) as {{ integer }}) as note_count
    from newest_units
    inner join headings
        on newest_units.table_id = headings.table_id
    inner join spans
        on newest_units.table_id = spans.table_id
    left join row_spans
        on newest_units.table_id = row_spans.table_id
    left join note_counts
        on newest_units.table_id = note_counts.table_id
    left join county_names
        on
            newest_units.county_code = county_names.county_code
            and county_names.newest_rank = 1
)

select * from final
