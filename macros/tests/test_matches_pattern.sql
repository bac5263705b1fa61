{#- Fails on every non-null value of the column that does not match `pattern` in full. -#}
{% test matches_pattern(model, column_name, pattern) %}
    select {{ column_name }} as failing_value
    from {{ model }}
    where
        {{ column_name }} is not null
        and not {{ norway_migration.regexp_full_match(column_name, pattern) }}
{% endtest %}
