{#- Counted moves in and out of every area (municipality version and county) per statistical
    year and the further keys `keys` (columns of fct_moves: `period_quarter`, or `sex` and
    `age`): moves in from abroad, in from another area of the same level, out to abroad and
    out to another area. A move inside a county is internal for its two municipalities and not
    counted for the county. The body of int_migration__area_counts (by quarter) and
    int_migration__area_counts_by_age_sex (by sex and age). -#}
{% macro migration_area_counts(keys) %}
    with moves as (
        select * from {{ ref('fct_moves') }}
    ),

    area_moves as (
        -- municipality, arriving
        select
            'municipality' as area_level,
            to_municipality_code as area_code,
            to_municipality_valid_from as area_valid_from,
            period_year,
            {%- for key in keys %}
                {{ key }},
            {%- endfor %}
            case when is_immigration then 1 else 0 end as in_from_abroad,
            case when is_inter_municipal then 1 else 0 end as in_internal,
            0 as out_to_abroad,
            0 as out_internal
        from moves
        where to_municipality_code is not null

        union all

        -- municipality, leaving
        select
            'municipality' as area_level,
            from_municipality_code as area_code,
            from_municipality_valid_from as area_valid_from,
            period_year,
            {%- for key in keys %}
                {{ key }},
            {%- endfor %}
            0 as in_from_abroad,
            0 as in_internal,
            case when is_emigration then 1 else 0 end as out_to_abroad,
            case when is_inter_municipal then 1 else 0 end as out_internal
        from moves
        where from_municipality_code is not null

        union all

        -- county, arriving from abroad or from another county
        select
            'county' as area_level,
            to_county_code as area_code,
            cast(null as {{ api.Column.translate_type('date') }}) as area_valid_from,
            period_year,
            {%- for key in keys %}
                {{ key }},
            {%- endfor %}
            case when is_immigration then 1 else 0 end as in_from_abroad,
            case when is_inter_county then 1 else 0 end as in_internal,
            0 as out_to_abroad,
            0 as out_internal
        from moves
        where is_immigration or is_inter_county

        union all

        -- county, leaving to abroad or to another county
        select
            'county' as area_level,
            from_county_code as area_code,
            cast(null as {{ api.Column.translate_type('date') }}) as area_valid_from,
            period_year,
            {%- for key in keys %}
                {{ key }},
            {%- endfor %}
            0 as in_from_abroad,
            0 as in_internal,
            case when is_emigration then 1 else 0 end as out_to_abroad,
            case when is_inter_county then 1 else 0 end as out_internal
        from moves
        where is_emigration or is_inter_county
    ),

    final as (
        select
            area_level,
            area_code,
            area_valid_from,
            period_year,
            {%- for key in keys %}
                {{ key }},
            {%- endfor %}
            sum(in_from_abroad) as in_from_abroad,
            sum(in_internal) as in_internal,
            sum(out_to_abroad) as out_to_abroad,
            sum(out_internal) as out_internal
        from area_moves
        group by area_level, area_code, area_valid_from, period_year
            {%- for key in keys %}, {{ key }}{% endfor %}
    )

    select * from final
{% endmacro %}
