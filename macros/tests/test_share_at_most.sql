{#- Fails on every row where `numerator / denominator` exceeds `max_share` (e.g. the share of
    quarantined raw rows above the threshold var). -#}
{% test share_at_most(model, numerator, denominator, max_share) %}
    select *
    from {{ model }}
    where
        {{ denominator }} > 0
        and cast({{ numerator }} as {{ type_double() }})
        / {{ denominator }} > {{ max_share }}
{% endtest %}
