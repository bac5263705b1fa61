{#- Fails on every versioned row whose [valid_from, valid_to) is not covered by one version
    of its parent (e.g. a municipality version whose county is not valid all along). -#}
{% test range_within_parent(model, column_name, parent, parent_key_column) %}
    with children as (
        select
            {{ column_name }} as parent_key,
            valid_from,
            {{ norway_migration.valid_to_or_open('valid_to') }} as valid_to
        from {{ model }}
        where {{ column_name }} is not null
    ),

    parents as (
        select
            {{ parent_key_column }} as parent_key,
            valid_from,
            {{ norway_migration.valid_to_or_open('valid_to') }} as valid_to
        from {{ parent }}
    )

    select children.*
    from children
    where not exists (
        select 1
        from parents
        where
            parents.parent_key = children.parent_key
            and parents.valid_from <= children.valid_from
            and children.valid_to <= parents.valid_to
    )
{% endtest %}
