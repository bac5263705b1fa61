-- One row per change date and municipality version that took part in a change on that date,
-- with the connected group of the change it belongs to: the old units and the new units they
-- formed, joined by the edges of SSB's change table (a merger, a split, or a split whose parts
-- joined several mergers, as Snillfjord in 2020). Within a group the population is conserved
-- across the change: the old units' year-end populations sum to the new units' 1 January
-- populations. change_role: `ending` (a version that ended the day before), `beginning` (a version
-- that began on the day) or `continuing` (a unit that only gained area and kept its version).

{%- set rounds = 8 %}

with edges as (
    select
        change_date,
        old_code,
        old_valid_from,
        new_code,
        new_valid_from
    from {{ ref('int_municipality_changes__weighted') }}
),

labelled_0 as (
    select
        *,
        old_code as group_label
    from edges
),

{#- label propagation: each round, an edge takes the smallest label among the edges that share
    its old or its new unit; a few rounds cover the widest group of the change table, and the
    test assert_change_groups_are_connected checks that the labels have settled -#}
{% for round in range(1, rounds + 1) %}
    labelled_{{ round }} as (
        select
            change_date,
            old_code,
            old_valid_from,
            new_code,
            new_valid_from,
            least(
                min(group_label) over (partition by change_date, old_code, old_valid_from),
                min(group_label) over (partition by change_date, new_code, new_valid_from)
            ) as group_label
        from labelled_{{ round - 1 }}
    ),
{% endfor %}

members as (
    select
        change_date,
        group_label,
        old_code as municipality_code,
        old_valid_from as municipality_valid_from,
        'ending' as change_role
    from labelled_{{ rounds }}

    union

    select
        change_date,
        group_label,
        new_code as municipality_code,
        new_valid_from as municipality_valid_from,
        case when new_valid_from < change_date then 'continuing' else 'beginning' end as change_role
    from labelled_{{ rounds }}
),

final as (
    select
        change_date,
        {{ dbt.concat([
            'cast(change_date as ' ~ dbt.type_string() ~ ')', "'/'", 'group_label'
        ]) }} as change_group,
        municipality_code,
        municipality_valid_from,
        change_role
    from members
)

select * from final
