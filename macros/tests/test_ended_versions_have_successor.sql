{#- Fails on every version that ends (valid_to set) without an edge in the change table
    from its code on its end date. Codes in `except_codes` (special codes) are skipped. -#}
{% test ended_versions_have_successor(model, column_name, changes, except_codes=[]) %}
    select versions.*
    from {{ model }} as versions
    where
        versions.valid_to is not null
        {% if except_codes %}
            and versions.{{ column_name }} not in (
                {%- for code in except_codes %}'{{ code }}'{{ "," if not loop.last }}{% endfor -%}
            )
        {% endif %}
        and not exists (
            select 1
            from {{ changes }} as changes
            where
                changes.old_code = versions.{{ column_name }}
                and changes.change_date = versions.valid_to
        )
{% endtest %}
