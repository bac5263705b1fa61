{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- One row per year: the whole country, the sum of the counties. Internal in- and
-- out-migration are equal, so internal net migration is zero and the country's in- and
-- out-migration are its moves from and to abroad.

with counties as (
    select * from {{ ref('mart_county_migration') }}
    where {{ changed_years_filter('year', ref('mart_county_migration'), 'year') }}
),

final as (
    select
        year,
        {{ migration_measures(
            'sum(in_migration_from_abroad)', 'sum(in_migration_internal)',
            'sum(out_migration_to_abroad)', 'sum(out_migration_internal)'
        ) }},
        {{ run_started_timestamp() }} as loaded_at
    from counties
    group by year
)

select * from final
