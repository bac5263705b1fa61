{#- Origin-destination flows re-expressed in the division of the var boundary_vintage
    (macro boundary_vintage_date): every pair (o, d) of municipality versions in `flows` (a
    relation with year, from_/to_municipality_code, from_/to_municipality_valid_from and
    moves) becomes moves * w(o, t_o) * w(d, t_d) for every pair of target units (t_o, t_d)
    of dim_municipality_crosswalk, and a pair with t_o = t_d, a move inside one target unit,
    is no flow and drops out. Summed over destinations this is the harmonised internal
    out-migration of harmonized_counts (moves * w_o * (1 - w_d of the same unit)), over
    origins its internal in-migration. Columns: year, from_code, to_code, moves (DOUBLE),
    is_estimated (some weight on the way below 1). -#}
{% macro harmonized_flows(flows) %}
    {%- set double = norway_migration.type_double() -%}
    with pairs as (
        select
            year,
            from_municipality_code,
            from_municipality_valid_from,
            to_municipality_code,
            to_municipality_valid_from,
            cast(moves as {{ double }}) as moves
        from {{ flows }}
    ),

    crosswalk as (
        select
            source_code,
            source_valid_from,
            target_code,
            sum(allocation_weight) as allocation_weight
        from {{ ref('dim_municipality_crosswalk') }}
        where target_vintage = {{ norway_migration.boundary_vintage_date() }}
        group by source_code, source_valid_from, target_code
    ),

    allocated as (
        select
            pairs.year,
            origin.target_code as from_code,
            destination.target_code as to_code,
            pairs.moves * origin.allocation_weight * destination.allocation_weight as moves,
            origin.allocation_weight < 1.0 or destination.allocation_weight < 1.0
                as is_estimated
        from pairs
        inner join crosswalk as origin
            on
                pairs.from_municipality_code = origin.source_code
                and pairs.from_municipality_valid_from = origin.source_valid_from
        inner join crosswalk as destination
            on
                pairs.to_municipality_code = destination.source_code
                and pairs.to_municipality_valid_from = destination.source_valid_from
    )

    select
        year,
        from_code,
        to_code,
        cast(sum(moves) as {{ double }}) as moves,
        max(case when is_estimated then 1 else 0 end) = 1 as is_estimated
    from allocated
    where from_code != to_code
    group by year, from_code, to_code
{% endmacro %}
