{#- Fails on every group (by `group_by`, a list of columns) whose column sums to anything
    but zero, e.g. national internal net migration in every year and quarter. -#}
{% test sums_to_zero(model, column_name, group_by) %}
    select
        {{ group_by | join(', ') }},
        sum({{ column_name }}) as total
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having sum({{ column_name }}) != 0
{% endtest %}
