-- SSB's 2015 county table (StatBank 05541) as the warehouse produces it: the whole country
-- first, then the counties in code order, with the nine columns of the published table.

with national as (
    select * from {{ ref('mart_national_migration') }}
    where year = 2015
),

counties as (
    select * from {{ ref('mart_county_migration') }}
    where year = 2015
),

table_rows as (
    select
        0 as sort_order,
        'The whole country' as region,
        in_migration_total,
        in_migration_from_abroad,
        in_migration_internal,
        out_migration_total,
        out_migration_to_abroad,
        out_migration_internal,
        net_migration_total,
        net_migration_abroad,
        net_migration_internal
    from national

    union all

    select
        cast(county_code as {{ api.Column.translate_type('integer') }}) as sort_order,
        county_name as region,
        in_migration_total,
        in_migration_from_abroad,
        in_migration_internal,
        out_migration_total,
        out_migration_to_abroad,
        out_migration_internal,
        net_migration_total,
        net_migration_abroad,
        net_migration_internal
    from counties
)

select
    region,
    in_migration_total,
    in_migration_from_abroad,
    in_migration_internal,
    out_migration_total,
    out_migration_to_abroad,
    out_migration_internal,
    net_migration_total,
    net_migration_abroad,
    net_migration_internal
from table_rows
order by sort_order
