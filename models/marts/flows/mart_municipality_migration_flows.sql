{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose moves fct_moves reloaded.
-- One row per year, municipality of origin and municipality of destination (each the version
-- valid on the day of the move) with at least one move: every move between two
-- municipalities, once. Address changes (from = to) and moves from or to abroad are no flows.

with moves as (
    select * from {{ ref('fct_moves') }}
    where is_inter_municipal and {{ changed_years_filter('period_year', ref('fct_moves')) }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

flows as (
    select
        period_year,
        from_municipality_code,
        from_municipality_valid_from,
        from_county_code,
        to_municipality_code,
        to_municipality_valid_from,
        to_county_code,
        count(*) as moves
    from moves
    group by
        period_year,
        from_municipality_code,
        from_municipality_valid_from,
        from_county_code,
        to_municipality_code,
        to_municipality_valid_from,
        to_county_code
),

final as (
    select
        cast(flows.period_year as {{ api.Column.translate_type('integer') }}) as year,
        flows.from_municipality_code,
        flows.from_municipality_valid_from,
        origin.municipality_name as from_municipality_name,
        flows.from_county_code,
        flows.to_municipality_code,
        flows.to_municipality_valid_from,
        destination.municipality_name as to_municipality_name,
        flows.to_county_code,
        flows.from_county_code != flows.to_county_code as is_inter_county,
        cast(flows.moves as {{ api.Column.translate_type('bigint') }}) as moves,
        {{ run_started_timestamp() }} as loaded_at
    from flows
    left join municipalities as origin
        on
            flows.from_municipality_code = origin.municipality_code
            and flows.from_municipality_valid_from = origin.valid_from
    left join municipalities as destination
        on
            flows.to_municipality_code = destination.municipality_code
            and flows.to_municipality_valid_from = destination.valid_from
)

select * from final
