{#- CTEs that find, for every municipality version of `source` (columns municipality_code,
    municipality_valid_from, predecessor_code, predecessor_valid_from), the first version of
    its chain of predecessors: the root, which has no predecessor. Pointer jumping: each
    round replaces a version's root by its root's root, so `rounds` rounds follow chains of
    up to 2^rounds links. The last CTE, `<prefix>_<rounds>`, holds municipality_code,
    municipality_valid_from, root_code, root_valid_from; a test checks that no root found
    has a predecessor (the chains are shorter than the rounds cover). Emits CTEs followed
    by a comma, for use inside a `with` list. -#}
{% macro chain_roots(source, prefix, rounds=5) -%}
    {{ prefix }}_0 as (
        select
            municipality_code,
            municipality_valid_from,
            coalesce(predecessor_code, municipality_code) as root_code,
            coalesce(predecessor_valid_from, municipality_valid_from) as root_valid_from
        from {{ source }}
    ),
    {% for round in range(1, rounds + 1) %}
        {{ prefix }}_{{ round }} as (
            select
                this_version.municipality_code,
                this_version.municipality_valid_from,
                parent.root_code,
                parent.root_valid_from
            from {{ prefix }}_{{ round - 1 }} as this_version
            inner join {{ prefix }}_{{ round - 1 }} as parent
                on
                    this_version.root_code = parent.municipality_code
                    and this_version.root_valid_from = parent.municipality_valid_from
        ),
    {% endfor %}
{%- endmacro %}
