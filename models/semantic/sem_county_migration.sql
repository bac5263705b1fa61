-- One row per year and county (counties as they were that year): mart_county_migration with
-- what the semantic layer needs on top, a key for the county-year and the date that stands for
-- the year (period_start, 1 January).

{%- set string_type = dbt.type_string() %}

with county_migration as (
    select * from {{ ref('mart_county_migration') }}
),

final as (
    select
        {{ dbt.concat([dbt.cast('year', string_type), "'-'", 'county_code']) }} as county_key,
        {{ year_start('year') }} as period_start,
        year,
        county_code,
        county_name,
        in_migration_total,
        in_migration_from_abroad,
        in_migration_internal,
        out_migration_total,
        out_migration_to_abroad,
        out_migration_internal,
        net_migration_total,
        net_migration_abroad,
        net_migration_internal
    from county_migration
)

select * from final
