{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('year')
) }}

-- Incremental by year: a run rebuilds the years whose moves fct_moves reloaded.
-- One row per year and municipality (as it was that year): in-, out- and net migration, from
-- abroad and across the municipal border. Every move between two municipalities counts, also
-- inside one county.

with municipality_counts as (
    {{ framed_area_counts(
        'municipality', year_filter=changed_years_filter('period_year', ref('fct_moves'))
    ) }}
),

municipalities as (
    select * from {{ ref('dim_municipalities') }}
),

final as (
    select
        cast(
            municipality_counts.period_year as {{ api.Column.translate_type('integer') }}
        ) as year,
        municipality_counts.area_code as municipality_code,
        municipality_counts.area_valid_from as municipality_valid_from,
        municipalities.municipality_name,
        municipalities.county_code,
        {{ migration_measures('in_from_abroad', 'in_internal', 'out_to_abroad', 'out_internal') }},
        coalesce(
            municipalities.valid_from = {{ year_start('municipality_counts.period_year') }}
            and municipalities.starts_with_boundary_change,
            false
        ) as is_series_break,
        case
            when
                municipalities.valid_from = {{ year_start('municipality_counts.period_year') }}
                and municipalities.starts_with_boundary_change
                then municipalities.start_change_type
        end as series_break_type,
        case
            when municipalities.valid_from = {{ year_start('municipality_counts.period_year') }}
                then municipalities.code_change_type
        end as code_change_type,
        {{ run_started_timestamp() }} as loaded_at
    from municipality_counts
    left join municipalities
        on
            municipality_counts.area_code = municipalities.municipality_code
            and municipality_counts.area_valid_from = municipalities.valid_from
)

select * from final
