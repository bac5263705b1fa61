{#- Fails on every row whose column is not zero in a group (by `group_by`) where the column sums
    to zero, no row is exempt (`exempt_where`, a SQL condition on the model's rows) and, when
    `checked_where` is given, some row meets that condition: parts that must each be zero
    when their whole is, e.g. every cohort's account discrepancy in a municipality whose
    account balances, unless some of its events could not be placed in a cohort, where its
    moves or deaths carry ages at all. A group that does not sum to zero (or sums to NULL) is
    not checked. -#}
{% test zero_where_group_sums_to_zero(
    model, column_name, group_by, exempt_where=none, checked_where=none
) %}
    with groups as (
        select
            {{ group_by | join(', ') }},
            sum({{ column_name }}) as group_total,
            max(case when {{ exempt_where or '1 = 0' }} then 1 else 0 end) as is_exempt,
            max(case when {{ checked_where or '1 = 1' }} then 1 else 0 end) as is_checked
        from {{ model }}
        group by {{ group_by | join(', ') }}
    )

    select model_rows.*
    from {{ model }} as model_rows
    inner join groups
        on
            {% for column in group_by -%}
                model_rows.{{ column }} = groups.{{ column }}
                {{ 'and' if not loop.last }}
            {% endfor %}
    where
        groups.group_total = 0
        and groups.is_exempt = 0
        and groups.is_checked = 1
        and model_rows.{{ column_name }} != 0
{% endtest %}
