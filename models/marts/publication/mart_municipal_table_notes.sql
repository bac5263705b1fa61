-- One row per note of a municipal table: every edge of SSB's change table that touches a
-- unit of the table (a change of number or name, a merger, a division, a transfer of land)
-- as the table sees it, with its population consequence (persons on the edge, from
-- int_municipality_changes__weighted; estimates marked), and the notes on units before 1971
-- from seed document 004 (municipal_units_before_1971). Notes of an area change (is_break)
-- stand on a break line before the year of the change; a change of number or name alone
-- is a note without a break. A table that ends (a ceased unit) ends with a note naming
-- where its area went.

{%- set text = dbt.type_string() %}
{%- set integer = api.Column.translate_type('integer') %}

with versions as (
    select * from {{ ref('mart_municipal_table_versions') }}
),

edges as (
    select * from {{ ref('int_municipality_changes__weighted') }}
),

population as (
    select * from {{ ref('int_population__by_municipality') }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

units_before_1971 as (
    select * from {{ ref('municipal_units_before_1971') }}
),

continued as (
    -- versions continued in their table by a version that began on the day they ended (not a
    -- unit separated again years later)
    select distinct
        predecessor_code as municipality_code,
        predecessor_valid_from as municipality_valid_from,
        municipality_valid_from as continued_on
    from versions
    where predecessor_code is not null
),

table_labels as (
    select
        table_id,
        {{ dbt.concat(['municipality_code', "' '", 'municipality_name']) }} as table_label
    from versions
    where heading_position = 1
),

edge_tables as (
    select
        edges.change_date,
        edges.old_code,
        edges.old_valid_from,
        old_version.municipality_name as old_name,
        old_version.table_id as old_table_id,
        edges.new_code,
        edges.new_valid_from,
        new_version.municipality_name as new_name,
        new_version.table_id as new_table_id,
        new_table.table_label as new_table_label,
        edges.old_out_degree,
        edges.edge_persons,
        new_municipality.starts_with_boundary_change as new_starts_with_area_change,
        coalesce(
            new_version.predecessor_code = edges.old_code
            and new_version.predecessor_valid_from = edges.old_valid_from,
            false
        ) as is_continuation,
        edges.new_valid_from < edges.change_date as new_keeps_version,
        new_version.predecessor_code is null or new_version.link_basis = 'separated again'
            as new_is_separated,
        continued.municipality_code is not null as old_is_continued,
        case
            when edges.edge_persons is null then null
            when edges.old_out_degree = 1 and year_end.persons is not null then false
            when
                edges.old_out_degree = 1
                and year_start.persons is null
                and edges.new_in_degree = 1
                then false
            when
                edges.old_out_degree > 1
                and edges.new_in_degree = 1
                and edges.new_valid_from = edges.change_date
                and new_start.persons is not null
                then false
            else true
        end as persons_is_estimated
    from edges
    inner join versions as old_version
        on
            edges.old_code = old_version.municipality_code
            and edges.old_valid_from = old_version.municipality_valid_from
    inner join versions as new_version
        on
            edges.new_code = new_version.municipality_code
            and edges.new_valid_from = new_version.municipality_valid_from
    inner join table_labels as new_table
        on new_version.table_id = new_table.table_id
    inner join municipalities as new_municipality
        on
            edges.new_code = new_municipality.municipality_code
            and edges.new_valid_from = new_municipality.valid_from
    left join continued
        on
            edges.old_code = continued.municipality_code
            and edges.old_valid_from = continued.municipality_valid_from
            and edges.change_date = continued.continued_on
    left join population as year_end
        on
            edges.old_code = year_end.municipality_code
            and edges.old_valid_from = year_end.municipality_valid_from
            and year_end.reference_date = {{ dbt.dateadd('day', -1, 'edges.change_date') }}
    left join population as year_start
        on
            edges.old_code = year_start.municipality_code
            and edges.old_valid_from = year_start.municipality_valid_from
            and year_start.reference_date = {{ dbt.dateadd('year', -1, 'edges.change_date') }}
    left join population as new_start
        on
            edges.new_code = new_start.municipality_code
            and edges.new_valid_from = new_start.municipality_valid_from
            and edges.change_date = new_start.reference_date
),

labelled as (
    select
        *,
        {{ dbt.concat([
            "'1 January '",
            'cast(' ~ date_part_of('year', 'change_date') ~ ' as ' ~ text ~ ')',
            "': '"
        ]) }} as date_label,
        {{ dbt.concat(['old_code', "' '", 'old_name']) }} as old_label,
        {{ dbt.concat(['new_code', "' '", 'new_name']) }} as new_label,
        case
            when edge_persons is null then 'persons not in the register'
            when edge_persons = 1 and not persons_is_estimated then '1 person'
            when persons_is_estimated
                then {{ dbt.concat([
                    "'about '", format_count('edge_persons'), "' persons (estimate)'"
                ]) }}
            else {{ dbt.concat([format_count('edge_persons'), "' persons'"]) }}
        end as persons_label
    from edge_tables
),

new_side_notes as (
    -- the change as the table of the new unit sees it
    select
        new_table_id as table_id,
        change_date,
        case
            when is_continuation and new_starts_with_area_change then 'continued'
            when is_continuation and old_code != new_code and old_name != new_name
                then 'renumbered and renamed'
            when is_continuation and old_code != new_code then 'renumbered'
            when is_continuation then 'renamed'
            when new_keeps_version then 'received part'
            when old_out_degree = 1 then 'merged in'
            when new_is_separated then 'separated'
            else 'received part'
        end as note_kind,
        new_code as municipality_code,
        new_valid_from as municipality_valid_from,
        old_code as other_code,
        old_name as other_name,
        old_table_id as other_table_id,
        -- a change of number or name alone moves nobody: no population consequence
        case
            when not is_continuation or new_starts_with_area_change then edge_persons
        end as edge_persons,
        case
            when not is_continuation or new_starts_with_area_change then persons_is_estimated
        end as persons_is_estimated,
        case
            when is_continuation and new_starts_with_area_change
                then {{ dbt.concat([
                    'date_label', 'old_label', "' continues as '", 'new_label', "': '",
                    'persons_label', "'.'"
                ]) }}
            when is_continuation and old_code != new_code and old_name != new_name
                then {{ dbt.concat([
                    'date_label', "'number and name changed from '", 'old_label', "' to '",
                    'new_label', "' (the same area: no break).'"
                ]) }}
            when is_continuation and old_code != new_code
                then {{ dbt.concat([
                    'date_label', "'number changed from '", 'old_code', "' to '", 'new_code',
                    "' ('", 'new_name', "', the same area: no break).'"
                ]) }}
            when is_continuation
                then {{ dbt.concat([
                    'date_label', "'name changed from '", 'old_name', "' to '", 'new_name',
                    "' (the same area: no break).'"
                ]) }}
            when old_out_degree = 1 and not new_keeps_version
                then {{ dbt.concat([
                    'date_label', 'old_label', "' merged into '", 'new_label', "': '",
                    'persons_label', "'.'"
                ]) }}
            when new_is_separated and not new_keeps_version
                then {{ dbt.concat([
                    'date_label', 'new_label', "' separated from '", 'old_label', "': '",
                    'persons_label', "'.'"
                ]) }}
            else {{ dbt.concat([
                'date_label', 'new_label', "' received part of '", 'old_label', "': '",
                'persons_label', "'.'"
            ]) }}
        end as note_text
    from labelled
    where
        not is_continuation
        or new_starts_with_area_change
        or old_code != new_code
        or old_name != new_name
),

old_side_notes as (
    -- the change as the table of the old unit sees it, where the area leaves that table
    select
        old_table_id as table_id,
        change_date,
        case when old_is_continued then 'gave part' else 'ceased' end as note_kind,
        old_code as municipality_code,
        old_valid_from as municipality_valid_from,
        new_code as other_code,
        new_name as other_name,
        new_table_id as other_table_id,
        edge_persons,
        persons_is_estimated,
        case
            when old_is_continued
                then {{ dbt.concat([
                    'date_label', "'part of '", 'old_label', "' went to '", 'new_label', "': '",
                    'persons_label', "'.'"
                ]) }}
            when old_out_degree = 1
                then {{ dbt.concat([
                    'date_label', 'old_label', "' merged into '", 'new_label', "': '",
                    'persons_label', "'. The series goes on in table '", 'new_table_label', "'.'"
                ]) }}
            else {{ dbt.concat([
                'date_label', 'old_label', "' was divided; part went to '", 'new_label', "': '",
                'persons_label', "'. See table '", 'new_table_label', "'.'"
            ]) }}
        end as note_text
    from labelled
    where not is_continuation and old_table_id != new_table_id
),

before_1971_notes as (
    select
        versions.table_id,
        units_before_1971.valid_to as change_date,
        'before 1971' as note_kind,
        units_before_1971.municipality_code,
        units_before_1971.valid_from as municipality_valid_from,
        cast(null as {{ text }}) as other_code,
        cast(null as {{ text }}) as other_name,
        cast(null as {{ text }}) as other_table_id,
        cast(null as {{ api.Column.translate_type('bigint') }}) as edge_persons,
        cast(null as boolean) as persons_is_estimated,
        units_before_1971.note_text
    from units_before_1971
    inner join versions
        on
            units_before_1971.municipality_code = versions.municipality_code
            and units_before_1971.valid_from = versions.municipality_valid_from
            and versions.is_before_1971
),

notes as (
    select * from new_side_notes
    union all
    select * from old_side_notes
    union all
    select * from before_1971_notes
),

final as (
    select
        table_id,
        cast(row_number() over (
            partition by table_id
            order by
                change_date,
                case note_kind
                    when 'before 1971' then 0
                    when 'renamed' then 1
                    when 'renumbered' then 1
                    when 'renumbered and renamed' then 1
                    when 'continued' then 2
                    when 'merged in' then 3
                    when 'received part' then 4
                    when 'separated' then 5
                    when 'gave part' then 6
                    else 7
                end,
                other_code,
                municipality_code,
                note_text
        ) as {{ integer }}) as note_number,
        change_date,
        cast({{ date_part_of('year', 'change_date') }} as {{ integer }}) as note_year,
        note_kind,
        note_kind in (
            'continued', 'merged in', 'received part', 'separated', 'gave part', 'ceased'
        ) as is_break,
        municipality_code,
        municipality_valid_from,
        other_code,
        other_name,
        other_table_id,
        cast(edge_persons as {{ api.Column.translate_type('bigint') }}) as persons,
        persons_is_estimated,
        note_text
    from notes
)

select * from final
