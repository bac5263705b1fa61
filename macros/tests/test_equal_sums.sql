{#- Fails on every group (by `group_by`) where the column and `other_column` have different
    sums, e.g. internal in-migration and internal out-migration over all counties. -#}
{% test equal_sums(model, column_name, other_column, group_by) %}
    select
        {{ group_by | join(', ') }},
        sum({{ column_name }}) as column_total,
        sum({{ other_column }}) as other_total
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having sum({{ column_name }}) != sum({{ other_column }})
{% endtest %}
