{#- Fails on every group (by `group_by`) whose column sums to anything but `value`, give or
    take `tolerance` (for weights held as floating point numbers). -#}
{% test sums_to(model, column_name, group_by, value, tolerance=0) %}
    select
        {{ group_by | join(', ') }},
        sum({{ column_name }}) as total
    from {{ model }}
    group by {{ group_by | join(', ') }}
    having abs(sum({{ column_name }}) - {{ value }}) > {{ tolerance }}
{% endtest %}
