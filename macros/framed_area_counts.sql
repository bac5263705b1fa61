{#- Migration counts per area of `area_level` ('municipality' or 'county') and year (and
    quarter when `by_quarter`), with every area valid in a year present (zeros where nothing
    moved) and every counted move kept, even one registered in a later year than its area was
    valid. Columns: area_code, area_valid_from, period_year, [period_quarter], in_from_abroad,
    in_internal, out_to_abroad, out_internal. -#}
{% macro framed_area_counts(area_level, by_quarter=false, year_filter='1 = 1') %}
    {%- set keys = ['area_code', 'area_valid_from', 'period_year']
        + (['period_quarter'] if by_quarter else []) -%}
    {%- set measures = ['in_from_abroad', 'in_internal', 'out_to_abroad', 'out_internal'] -%}
    with counts as (
        select
            {{ keys | join(', ') }},
            {% for measure in measures -%}
                sum({{ measure }}) as {{ measure }}{{ ',' if not loop.last }}
            {% endfor %}
        from {{ ref('int_migration__area_counts') }}
        where area_level = '{{ area_level }}' and {{ year_filter }}
        group by {{ keys | join(', ') }}
    ),

    spine as (
        select
            spined.area_code,
            spined.area_valid_from,
            spined.period_year
            {%- if by_quarter %},
                quarters.period_quarter
            {%- endif %}
        from {{ ref('int_area_periods__spined') }} as spined
        {% if by_quarter -%}
            cross join (
                select 1 as period_quarter
                union all select 2 as period_quarter
                union all select 3 as period_quarter
                union all select 4 as period_quarter
            ) as quarters
        {%- endif %}
        where spined.area_level = '{{ area_level }}' and {{ year_filter }}
    )

    select
        {% for key in keys -%}
            coalesce(spine.{{ key }}, counts.{{ key }}) as {{ key }},
        {% endfor -%}
        {% for measure in measures -%}
            coalesce(counts.{{ measure }}, 0) as {{ measure }}{{ ',' if not loop.last }}
        {% endfor %}
    from spine
    full outer join counts
        on
            {% for key in keys -%}
                {% if key == 'area_valid_from' -%}
                    {#- counties have no valid_from: compare with a stand-in (an equality,
                        so engines that hash full outer joins can) -#}
                    {{ norway_migration.valid_to_or_open('spine.area_valid_from') }}
                    = {{ norway_migration.valid_to_or_open('counts.area_valid_from') }}
                {%- else -%}
                    spine.{{ key }} = counts.{{ key }}
                {%- endif %}
                {{ 'and' if not loop.last }}
            {% endfor %}
{% endmacro %}
