-- One row per year, municipality version of origin and municipality version of destination
-- with at least one move: mart_municipality_migration_flows with a key for the flow and the
-- date that stands for the year (period_start, 1 January).

{%- set string_type = dbt.type_string() %}

with municipal_flows as (
    select * from {{ ref('mart_municipality_migration_flows') }}
),

final as (
    select
        {{ dbt.concat([
            dbt.cast('year', string_type), "'-'",
            'from_municipality_code', "'-'", dbt.cast('from_municipality_valid_from', string_type),
            "'>'",
            'to_municipality_code', "'-'", dbt.cast('to_municipality_valid_from', string_type),
        ]) }} as flow_key,
        {{ year_start('year') }} as period_start,
        year,
        from_municipality_code,
        from_municipality_name,
        from_county_code,
        to_municipality_code,
        to_municipality_name,
        to_county_code,
        is_inter_county,
        moves
    from municipal_flows
)

select * from final
