{#- Every row of `reference` (optionally filtered by `reference_where`) appears exactly once in
    the model, matched on `columns` of the model and `reference_columns` of the reference (by
    position; default the same names). Fails with each reference row that is missing from the
    model (occurrences 0) or appears in it more than once. -#}
{% test contains_each_row_once(model, reference, columns, reference_columns=none, reference_where=none) %}
{%- set reference_columns = reference_columns or columns %}
with reference_rows as (
    select
        {%- for column in reference_columns %}
        {{ column }} as key_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ reference }}
    {%- if reference_where %}
    where {{ reference_where }}
    {%- endif %}
),

model_rows as (
    select
        {%- for column in columns %}
        {{ column }} as key_{{ loop.index }},
        {%- endfor %}
        count(*) as occurrences
    from {{ model }}
    group by
        {%- for column in columns %}
        {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
)

select
    reference_rows.*,
    coalesce(model_rows.occurrences, 0) as occurrences
from reference_rows
left join model_rows
    on
        {%- for column in columns %}
        {{ "and " if not loop.first }}reference_rows.key_{{ loop.index }} = model_rows.key_{{ loop.index }}
        {%- endfor %}
where coalesce(model_rows.occurrences, 0) != 1
{% endtest %}
