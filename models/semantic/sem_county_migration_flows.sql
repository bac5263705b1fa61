-- One row per year, county of origin and county of destination with at least one move:
-- mart_county_migration_flows with a key for the flow and the date that stands for the year
-- (period_start, 1 January).

{%- set string_type = dbt.type_string() %}

with county_flows as (
    select * from {{ ref('mart_county_migration_flows') }}
),

final as (
    select
        {{ dbt.concat([
            dbt.cast('year', string_type), "'-'", 'from_county_code', "'>'", 'to_county_code'
        ]) }} as flow_key,
        {{ year_start('year') }} as period_start,
        year,
        from_county_code,
        from_county_name,
        to_county_code,
        to_county_name,
        moves
    from county_flows
)

select * from final
