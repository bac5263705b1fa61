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
        {{ migration_measure_names() | join(',\n        ') }}
    from national

    union all

    select
        cast(county_code as {{ api.Column.translate_type('integer') }}) as sort_order,
        county_name as region,
        {{ migration_measure_names() | join(',\n        ') }}
    from counties
)

select
    region,
    {{ migration_measure_names() | join(',\n    ') }}
from table_rows
order by sort_order
