{#- Fails on every group (by `group_by`, a list of columns) whose column sums to anything
    but zero, e.g. national internal net migration in every year and quarter. -#}
{% test sums_to_zero(model, column_name, group_by, tolerance=0) %}
    {{ test_sums_to(model, column_name, group_by, 0, tolerance) }}
{% endtest %}
