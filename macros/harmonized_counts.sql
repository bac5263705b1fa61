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
            cast(count(*) as {{ double }}) as moves
        from moves
        group by
            period_year,
            {{ extra_select }}
            from_municipality_code,
            from_municipality_valid_from,
            to_municipality_code,
            to_municipality_valid_from
    ),

    -- each end of a pair in each target unit its municipality falls in, with the weight the
    -- pair's other end has in that same unit (NULL: none, that end lies outside it)
    origins as (
        select
            origin_destination.*,
            origin.target_unit,
            origin.allocation_weight as origin_weight,
            destination.allocation_weight as destination_weight
        from origin_destination
        inner join crosswalk as origin
            on
                origin_destination.from_municipality_code = origin.source_code
                and origin_destination.from_municipality_valid_from = origin.source_valid_from
        left join crosswalk as destination
            on
                origin_destination.to_municipality_code = destination.source_code
                and origin_destination.to_municipality_valid_from = destination.source_valid_from
                and origin.target_unit = destination.target_unit
    ),

    destinations as (
        select
            origin_destination.*,
            destination.target_unit,
            origin.allocation_weight as origin_weight,
            destination.allocation_weight as destination_weight
        from origin_destination
        inner join crosswalk as destination
            on
                origin_destination.to_municipality_code = destination.source_code
                and origin_destination.to_municipality_valid_from = destination.source_valid_from
        left join crosswalk as origin
            on
                origin_destination.from_municipality_code = origin.source_code
                and origin_destination.from_municipality_valid_from = origin.source_valid_from
                and destination.target_unit = origin.target_unit
    ),

    unit_moves as (
        select
            period_year,
            {{ extra_select }}
            target_unit,
            0.0 as in_from_abroad,
            0.0 as in_internal,
            case
                when to_municipality_code is null then moves * origin_weight
                else 0.0
            end as out_to_abroad,
            case
                when to_municipality_code is not null
                    then moves * origin_weight * (1.0 - coalesce(destination_weight, 0.0))
                else 0.0
            end as out_internal,
            origin_weight < 1.0 or coalesce(destination_weight, 1.0) < 1.0 as is_estimated
        from origins

        union all

        select
            period_year,
            {{ extra_select }}
            target_unit,
            case
                when from_municipality_code is null then moves * destination_weight
                else 0.0
            end as in_from_abroad,
            case
                when from_municipality_code is not null
                    then moves * destination_weight * (1.0 - coalesce(origin_weight, 0.0))
                else 0.0
            end as in_internal,
            0.0 as out_to_abroad,
            0.0 as out_internal,
            destination_weight < 1.0 or coalesce(origin_weight, 1.0) < 1.0 as is_estimated
        from destinations
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

