{#- Fails on every row of the model where `expression` is not true (NULL counts as false).
    Used for row-level identities such as totals = abroad + internal. -#}
{% test expression_is_true(model, expression, where_clause=none) %}
    select *
    from {{ model }}
    where
        not coalesce({{ expression }}, false)
        {% if where_clause %}and {{ where_clause }}{% endif %}
{% endtest %}
