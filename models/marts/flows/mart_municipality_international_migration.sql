{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose moves fct_moves reloaded.
-- One row per year, municipality version and country with at least one move from or to it:
-- immigrations from the country, emigrations to it and their net. Every code that arrives is
-- kept: one the country seed does not know is labelled unknown.

with moves as (
    select * from {{ ref('fct_moves') }}
    where
        (is_immigration or is_emigration)
        and {{ changed_years_filter('period_year', ref('fct_moves')) }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

countries as (
    select * from {{ ref('countries') }}
),

ends as (
    select
        period_year,
        to_municipality_code as municipality_code,
        to_municipality_valid_from as municipality_valid_from,
        from_country_code as country_code,
        1 as immigrations,
        0 as emigrations
    from moves
    where is_immigration

    union all

    select
        period_year,
        from_municipality_code as municipality_code,
        from_municipality_valid_from as municipality_valid_from,
        to_country_code as country_code,
        0 as immigrations,
        1 as emigrations
    from moves
    where is_emigration
),

counts as (
    select
        period_year,
        municipality_code,
        municipality_valid_from,
        country_code,
        sum(immigrations) as immigrations,
        sum(emigrations) as emigrations
    from ends
    group by period_year, municipality_code, municipality_valid_from, country_code
),

final as (
    select
        cast(counts.period_year as {{ api.Column.translate_type('integer') }}) as year,
        counts.municipality_code,
        counts.municipality_valid_from,
        municipalities.municipality_name,
        municipalities.county_code,
        counts.country_code,
        {{ country_label('counts.country_code', 'countries') }},
        cast(counts.immigrations as {{ api.Column.translate_type('bigint') }})
            as in_migration_from_abroad,
        cast(counts.emigrations as {{ api.Column.translate_type('bigint') }})
            as out_migration_to_abroad,
        cast(
            counts.immigrations - counts.emigrations as {{ api.Column.translate_type('bigint') }}
        ) as net_migration_abroad,
        {{ run_started_timestamp() }} as loaded_at
    from counts
    left join municipalities
        on
            counts.municipality_code = municipalities.municipality_code
            and counts.municipality_valid_from = municipalities.valid_from
    left join countries
        on counts.country_code = countries.country_code
)

select * from final
