{#- The body of a recursive CTE named `<direction>_paths` ('forward' or 'backward') that walks
    SSB's change graph from every municipality version (CTE `versions`) along the weighted
    edges (CTE `edges`, from int_municipality_changes__weighted): forward from old to new
    units, backward from new to old. Each row is a path from a source version to a target
    version with the product of the weights on the way, the highest mapping-type rank, the
    weight basis and path_date (the last change on the way, the source's start for the empty
    path). -#}
{% macro crosswalk_paths(direction) %}
    {%- set paths = direction ~ '_paths' -%}
    {%- if direction == 'forward' -%}
        {%- set here, there, degree = 'old', 'new', 'old_out_degree' -%}
    {%- else -%}
        {%- set here, there, degree = 'new', 'old', 'new_in_degree' -%}
    {%- endif %}
    select
        municipality_code as source_code,
        valid_from as source_valid_from,
        municipality_code as target_code,
        valid_from as target_valid_from,
        cast(1.0 as {{ norway_migration.type_double() }}) as allocation_weight,
        0 as mapping_rank,
        'whole_unit' as weight_basis,
        valid_from as path_date
    from versions

    union all

    select
        {{ paths }}.source_code,
        {{ paths }}.source_valid_from,
        edges.{{ there }}_code as target_code,
        edges.{{ there }}_valid_from as target_valid_from,
        {{ paths }}.allocation_weight * edges.{{ direction }}_weight as allocation_weight,
        greatest(
            {{ paths }}.mapping_rank,
            {{ norway_migration.mapping_type_rank('edges.' ~ direction ~ '_mapping_type') }}
        ) as mapping_rank,
        case
            when edges.{{ degree }} > 1 and edges.weight_basis = 'equal_shares'
                then 'equal_shares'
            when edges.{{ degree }} > 1 and {{ paths }}.weight_basis = 'whole_unit'
                then 'population'
            else {{ paths }}.weight_basis
        end as weight_basis,
        edges.change_date as path_date
    from {{ paths }}
    inner join edges
        on
            {{ paths }}.target_code = edges.{{ here }}_code
            and {{ paths }}.target_valid_from = edges.{{ here }}_valid_from
            and edges.{{ direction }}_weight is not null
{% endmacro %}
