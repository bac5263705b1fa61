{#- The date that stands in for "still valid" when an open validity range is compared. -#}
{% macro open_ended_date() -%}
    {{ dbt.cast("'9999-12-31'", api.Column.translate_type("date")) }}
{%- endmacro %}

{#- The exclusive end of a validity range, with NULL (still valid) as the far future. -#}
{% macro valid_to_or_open(column) -%}
    coalesce({{ column }}, {{ open_ended_date() }})
{%- endmacro %}
