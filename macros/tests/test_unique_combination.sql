{#- Fails on every combination of `columns` that occurs in more than one row: the columns
    together are a key. Portable (no string concatenation of typed values). -#}
{% test unique_combination(model, columns) %}
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
