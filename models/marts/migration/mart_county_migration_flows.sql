{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose moves fct_moves reloaded.
-- One row per year, county of origin and county of destination with at least one move:
-- origin-destination counts of moves between two different counties.

with moves as (
    select * from {{ ref('fct_moves') }}
    where is_inter_county and {{ changed_years_filter('period_year', ref('fct_moves')) }}
),

counties as (
    select * from {{ ref('dim_counties') }}
),

flows as (
    select
        period_year,
        from_county_code,
        to_county_code,
        count(*) as moves
    from moves
    group by period_year, from_county_code, to_county_code
),

final as (
    select
        cast(flows.period_year as {{ api.Column.translate_type('integer') }}) as year,
        flows.from_county_code,
        from_county.county_name as from_county_name,
        flows.to_county_code,
        to_county.county_name as to_county_name,
        cast(flows.moves as {{ api.Column.translate_type('bigint') }}) as moves,
        {{ run_started_timestamp() }} as loaded_at
    from flows
    left join counties as from_county
        on flows.from_county_code = from_county.county_code
    left join counties as to_county
        on flows.to_county_code = to_county.county_code
)

select * from final
