-- One row per municipal unit of SSB's municipal tables: every municipality version since 1971
-- (not the special code 9999) and the units before 1971 named in seed document 004
-- (municipal_units_before_1971), with the municipal table it belongs to, its place in the
-- table and why it continues the version before it (link_basis). Every version since 1971
-- is in exactly one table (a test). A table is named table_id: the number of its newest
-- unit, the first in its heading (with the year it starts where two tables would share it).

{%- set integer = api.Column.translate_type('integer') %}

with grouped as (
    select * from {{ ref('int_municipal_table_versions__grouped') }}
),

units_before_1971 as (
    select * from {{ ref('municipal_units_before_1971') }}
),

counties as (
    select * from {{ ref('dim_counties') }}
),

units as (
    select
        municipality_code,
        municipality_valid_from,
        municipality_valid_to,
        municipality_name,
        county_code,
        root_code,
        root_valid_from,
        predecessor_code,
        predecessor_valid_from,
        link_basis,
        false as is_before_1971
    from grouped

    union all

    select
        units_before_1971.municipality_code,
        units_before_1971.valid_from as municipality_valid_from,
        units_before_1971.valid_to as municipality_valid_to,
        units_before_1971.municipality_name,
        substring(units_before_1971.municipality_code, 1, 2) as county_code,
        coalesce(grouped.root_code, units_before_1971.municipality_code) as root_code,
        coalesce(grouped.root_valid_from, units_before_1971.valid_from) as root_valid_from,
        cast(null as {{ dbt.type_string() }}) as predecessor_code,
        cast(null as date) as predecessor_valid_from,
        case
            when grouped.root_code is not null then 'seed document 004'
            else 'own table (seed document 004)'
        end as link_basis,
        true as is_before_1971
    from units_before_1971
    left join grouped
        on
            units_before_1971.table_code = grouped.municipality_code
            and units_before_1971.table_valid_from = grouped.municipality_valid_from
),

ranked as (
    select
        *,
        row_number() over (
            partition by root_code, root_valid_from
            order by municipality_valid_from desc, municipality_code asc
        ) as heading_position,
        min(municipality_valid_from) over (partition by root_code, root_valid_from)
            as table_valid_from
    from units
),

table_codes as (
    select
        root_code,
        root_valid_from,
        municipality_code as table_code,
        table_valid_from,
        count(*) over (partition by municipality_code) as tables_with_code
    from ranked
    where heading_position = 1
),

final as (
    select
        case
            when table_codes.tables_with_code > 1
                then {{ dbt.concat([
                    'table_codes.table_code',
                    "'-'",
                    'cast(' ~ date_part_of('year', 'table_codes.table_valid_from')
                        ~ ' as ' ~ dbt.type_string() ~ ')'
                ]) }}
            else table_codes.table_code
        end as table_id,
        ranked.municipality_code,
        ranked.municipality_valid_from,
        ranked.municipality_valid_to,
        ranked.municipality_name,
        ranked.county_code,
        counties.county_name,
        cast(ranked.heading_position as {{ integer }}) as heading_position,
        ranked.predecessor_code,
        ranked.predecessor_valid_from,
        ranked.link_basis,
        ranked.is_before_1971
    from ranked
    inner join table_codes
        on
            ranked.root_code = table_codes.root_code
            and ranked.root_valid_from = table_codes.root_valid_from
    left join counties
        on
            ranked.county_code = counties.county_code
            and ranked.municipality_valid_from >= counties.valid_from
            and ranked.municipality_valid_from < {{ valid_to_or_open('counties.valid_to') }}
)

select * from final
