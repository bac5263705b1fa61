-- One row per counted move: the event-level fact every migration mart aggregates. No person
-- identifier leaves the intermediate layer.

with moves as (
    select * from {{ ref('int_moves__counted') }}
),

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
        is_emigration
    from moves
)

select * from final
