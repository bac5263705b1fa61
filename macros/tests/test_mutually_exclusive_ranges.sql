{#- Fails on every validity range [lower, upper) that is empty or overlaps the next range
    of the same key. A NULL upper bound means "still valid". -#}
{% test mutually_exclusive_ranges(model, partition_by, lower_bound_column, upper_bound_column) %}
    with ranges as (
        select
            {{ partition_by }} as range_key,
            {{ lower_bound_column }} as lower_bound,
            {{ norway_migration.valid_to_or_open(upper_bound_column) }} as upper_bound
        from {{ model }}
    ),

    ordered as (
        select
            range_key,
            lower_bound,
            upper_bound,
            lead(lower_bound) over (
                partition by range_key order by lower_bound, upper_bound
            ) as next_lower_bound
        from ranges
    )

    select *
    from ordered
    where lower_bound >= upper_bound or next_lower_bound < upper_bound
{% endtest %}
