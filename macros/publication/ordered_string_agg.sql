{#- The values of `expression` in a group joined by `delimiter`, in the order of the integer
    `rank_column` (ascending), as an aggregate expression. DuckDB and PostgreSQL have
    `string_agg(... order by ...)`; Spark collects (rank, value) pairs, sorts them and joins
    the values, since its collect_list keeps no order. -#}
{% macro ordered_string_agg(expression, delimiter, rank_column) -%}
    {{ return(adapter.dispatch('ordered_string_agg', 'norway_migration')(
        expression, delimiter, rank_column
    )) }}
{%- endmacro %}

{% macro default__ordered_string_agg(expression, delimiter, rank_column) -%}
    string_agg({{ expression }}, '{{ delimiter }}' order by {{ rank_column }})
{%- endmacro %}

{% macro spark__ordered_string_agg(expression, delimiter, rank_column) -%}
    array_join(
        transform(
            array_sort(collect_list(named_struct(
                'ordinal', {{ rank_column }}, 'value', {{ expression }}
            ))),
            pair -> pair.value
        ),
        '{{ delimiter }}'
    )
{%- endmacro %}
