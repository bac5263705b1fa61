{#- Compares each group of the model with the sum over the matching rows of `other`.
    `keys` maps the model's key columns to `other`'s, `measures` the model's measures to
    `other`'s; `operator` is '=' (the model equals the sum, give or take `tolerance` for
    floating point measures) or '<=' (at most the sum). A group present on one side only
    compares with zero. Fails on every group that breaks it. -#}
{% test matches_sum_of(model, other, keys, measures, operator='=', tolerance=0) %}
    {%- if operator not in ['=', '<='] -%}
        {{ exceptions.raise_compiler_error("matches_sum_of: operator must be '=' or '<='") }}
    {%- endif %}
    with model_totals as (
        select
            {% for key in keys -%}{{ key }} as key_{{ loop.index }},{% endfor %}
            {% for measure in measures -%}
                sum({{ measure }}) as measure_{{ loop.index }}{{ ',' if not loop.last }}
            {% endfor %}
        from {{ model }}
        group by {% for key in keys %}{{ key }}{{ ', ' if not loop.last }}{% endfor %}
    ),

    other_totals as (
        select
            {% for key in keys -%}{{ keys[key] }} as key_{{ loop.index }},{% endfor %}
            {% for measure in measures -%}
                sum({{ measures[measure] }}) as measure_{{ loop.index }}
                {{- ',' if not loop.last }}
            {% endfor %}
        from {{ other }}
        group by {% for key in keys %}{{ keys[key] }}{{ ', ' if not loop.last }}{% endfor %}
    )

    select
        {% for key in keys -%}
            coalesce(model_totals.key_{{ loop.index }}, other_totals.key_{{ loop.index }})
                as {{ key }},
        {% endfor %}
        {% for measure in measures -%}
            model_totals.measure_{{ loop.index }} as {{ measure }},
            other_totals.measure_{{ loop.index }} as other_{{ measure }}
            {{- ',' if not loop.last }}
        {% endfor %}
    from model_totals
    full outer join other_totals
        on
            {% for key in keys -%}
                model_totals.key_{{ loop.index }} = other_totals.key_{{ loop.index }}
                {{ 'and' if not loop.last }}
            {% endfor %}
    where
        {% for measure in measures -%}
            {%- if operator == '=' %}
                abs(
                    coalesce(model_totals.measure_{{ loop.index }}, 0)
                    - coalesce(other_totals.measure_{{ loop.index }}, 0)
                ) > {{ tolerance }}
            {%- else %}
                coalesce(model_totals.measure_{{ loop.index }}, 0)
                > coalesce(other_totals.measure_{{ loop.index }}, 0)
            {%- endif %}
            {{ 'or' if not loop.last }}
        {% endfor %}
{% endtest %}
