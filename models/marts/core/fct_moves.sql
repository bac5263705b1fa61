-- depends_on: {{ ref('stg_register__migrations') }}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    **incremental_by_partition('period_year')
) }}

-- One row per counted move: the event-level fact every migration mart aggregates. No person
-- identifier leaves the intermediate layer. Incremental by statistical year: a run rebuilds
-- the years that hold moves of the register partitions (move years) staging reloaded since
-- this model last ran, before and after the reload, so a late registration counted by
-- registration date moves to its new year.

with moves as (
    select * from {{ ref('int_moves__counted') }}
),

{% if is_incremental() %}
    reloaded_partitions as (
        select distinct staged.partition_year
        from {{ ref('stg_register__migrations') }} as staged
        where staged.loaded_at > (
            select max(loaded.loaded_at) as last_loaded_at from {{ this }} as loaded
        )
    ),

    affected_years as (
        select moves.period_year
        from moves
        where moves.partition_year in (select r.partition_year from reloaded_partitions as r)
        union
        select loaded.period_year
        from {{ this }} as loaded
        where
            {{ date_part_of('year', 'loaded.move_date') }}
            in (select r.partition_year from reloaded_partitions as r)
    ),
{% endif %}

final as (
    select
        event_id,
        move_date,
        registered_date,
        period_year,
        period_quarter,
        move_type,
        from_municipality_code,
        from_municipality_valid_from,
        from_county_code,
        to_municipality_code,
        to_municipality_valid_from,
        to_county_code,
        from_country_code,
        to_country_code,
        is_inter_municipal,
        is_inter_county,
        is_immigration,
        is_emigration,
        sex,
        cast(age as {{ api.Column.translate_type('integer') }}) as age,
        {{ run_started_timestamp() }} as loaded_at
    from moves
    {% if is_incremental() %}
        where period_year in (select a.period_year from affected_years as a)
    {% endif %}
)

select * from final
