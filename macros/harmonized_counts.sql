{#- The division (its first day) the harmonised marts use: the var boundary_vintage, either
    `latest` or a date, resolved to the division valid on that date. -#}
{% macro boundary_vintage_date() -%}
    {%- set vintage = var('boundary_vintage') -%}
    (
        select max(division_valid_from)
        from {{ ref('municipal_divisions') }}
        {%- if vintage != 'latest' %}
            where division_valid_from <= {{ dbt.cast("'" ~ vintage ~ "'", api.Column.translate_type('date')) }}
        {%- endif %}
    )
{%- endmacro %}

{#- Migration counts per statistical year and target unit of the boundary vintage, with every
    counted move re-expressed through the crosswalk. `target_column` is the crosswalk column
    that names the unit (target_code or target_county_code). A move whose two ends fall in
    the same target unit is no migration there; where a unit was split, each end is spread by
    its allocation weights, and an end shared with weight w_o at the origin and w_d at the
    destination counts moves * w_o * (1 - w_d) out and moves * w_d * (1 - w_o) in.
    `extra_keys` (columns of fct_moves, e.g. sex and age) are carried through and split the
    counts further. Columns: period_year, [extra_keys], target_unit, in_from_abroad,
    in_internal, out_to_abroad, out_internal (DOUBLE), is_estimated. -#}
{% macro harmonized_counts(target_column, extra_keys=[]) %}
    {%- set double = norway_migration.type_double() -%}
    {%- set extra_select -%}
        {%- for key in extra_keys %}{{ key }}, {% endfor -%}
    {%- endset -%}
    with moves as (
        select * from {{ ref('fct_moves') }}
    ),

    crosswalk as (
        select
            source_code,
            source_valid_from,
            {{ target_column }} as target_unit,
            sum(allocation_weight) as allocation_weight
        from {{ ref('dim_municipality_crosswalk') }}
        where target_vintage = {{ norway_migration.boundary_vintage_date() }}
        group by source_code, source_valid_from, {{ target_column }}
    ),

    origin_destination as (
        select
            period_year,
            {{ extra_select }}
            from_municipality_code,
            from_municipality_valid_from,
            to_municipality_code,
            to_municipality_valid_from,
            cast(count(*) as {{ double }}) as moves,
            {{ dbt.concat([
                'cast(period_year as ' ~ dbt.type_string() ~ ')',
                "coalesce(from_municipality_code, '')",
                "coalesce(cast(from_municipality_valid_from as " ~ dbt.type_string() ~ "), '')",
                "coalesce(to_municipality_code, '')",
                "coalesce(cast(to_municipality_valid_from as " ~ dbt.type_string() ~ "), '')",
            ] + norway_migration.extra_key_parts(extra_keys)) }} as pair_id
        from moves
        group by
            period_year,
            {{ extra_select }}
            from_municipality_code,
            from_municipality_valid_from,
            to_municipality_code,
            to_municipality_valid_from
    ),

    origins as (
        select
            origin_destination.pair_id,
            origin_destination.period_year,
            {%- for key in extra_keys %}
                origin_destination.{{ key }},
            {%- endfor %}
            origin_destination.moves,
            origin_destination.to_municipality_code is null as is_emigration,
            crosswalk.target_unit,
            crosswalk.allocation_weight
        from origin_destination
        inner join crosswalk
            on
                origin_destination.from_municipality_code = crosswalk.source_code
                and origin_destination.from_municipality_valid_from = crosswalk.source_valid_from
    ),

    destinations as (
        select
            origin_destination.pair_id,
            origin_destination.period_year,
            {%- for key in extra_keys %}
                origin_destination.{{ key }},
            {%- endfor %}
            origin_destination.moves,
            origin_destination.from_municipality_code is null as is_immigration,
            crosswalk.target_unit,
            crosswalk.allocation_weight
        from origin_destination
        inner join crosswalk
            on
                origin_destination.to_municipality_code = crosswalk.source_code
                and origin_destination.to_municipality_valid_from = crosswalk.source_valid_from
    ),

    unit_moves as (
        select
            origins.period_year,
            {%- for key in extra_keys %}
                origins.{{ key }},
            {%- endfor %}
            origins.target_unit,
            0.0 as in_from_abroad,
            0.0 as in_internal,
            case
                when origins.is_emigration then origins.moves * origins.allocation_weight
                else 0.0
            end as out_to_abroad,
            case
                when not origins.is_emigration
                    then origins.moves * origins.allocation_weight
                    * (1.0 - coalesce(destinations.allocation_weight, 0.0))
                else 0.0
            end as out_internal,
            origins.allocation_weight < 1.0
            or coalesce(destinations.allocation_weight, 1.0) < 1.0 as is_estimated
        from origins
        left join destinations
            on
                origins.pair_id = destinations.pair_id
                and origins.target_unit = destinations.target_unit

        union all

        select
            destinations.period_year,
            {%- for key in extra_keys %}
                destinations.{{ key }},
            {%- endfor %}
            destinations.target_unit,
            case
                when destinations.is_immigration
                    then destinations.moves * destinations.allocation_weight
                else 0.0
            end as in_from_abroad,
            case
                when not destinations.is_immigration
                    then destinations.moves * destinations.allocation_weight
                    * (1.0 - coalesce(origins.allocation_weight, 0.0))
                else 0.0
            end as in_internal,
            0.0 as out_to_abroad,
            0.0 as out_internal,
            destinations.allocation_weight < 1.0
            or coalesce(origins.allocation_weight, 1.0) < 1.0 as is_estimated
        from destinations
        left join origins
            on
                destinations.pair_id = origins.pair_id
                and destinations.target_unit = origins.target_unit
    )

    select
        period_year,
        {{ extra_select }}
        target_unit,
        cast(sum(in_from_abroad) as {{ double }}) as in_from_abroad,
        cast(sum(in_internal) as {{ double }}) as in_internal,
        cast(sum(out_to_abroad) as {{ double }}) as out_to_abroad,
        cast(sum(out_internal) as {{ double }}) as out_internal,
        max(case when is_estimated then 1 else 0 end) = 1 as is_estimated
    from unit_moves
    group by period_year, {{ extra_select }}target_unit
{% endmacro %}

