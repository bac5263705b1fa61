-- One row per year, municipality version and country with at least one move from or to it:
-- mart_municipality_international_migration with a key and the date that stands for the year
-- (period_start, 1 January).

{%- set string_type = dbt.type_string() %}

with international as (
    select * from {{ ref('mart_municipality_international_migration') }}
),

final as (
    select
        {{ dbt.concat([
            dbt.cast('year', string_type), "'-'",
            'municipality_code', "'-'", dbt.cast('municipality_valid_from', string_type),
            "'-'", 'country_code',
        ]) }} as international_key,
        {{ year_start('year') }} as period_start,
        year,
        municipality_code,
        municipality_name,
        county_code,
        country_code,
        country_name,
        country_code_status,
        continent,
        world_region,
        in_migration_from_abroad,
        out_migration_to_abroad,
        net_migration_abroad
    from international
)

select * from final
