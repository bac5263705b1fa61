{#- A non-negative whole number as text with a space between thousands, SSB's style
    (`133045` -> `133 045`), for counts below one thousand million; the same text on every
    engine (integer arithmetic with floor and mod, lpad for the zeros). -#}
{% macro format_count(expression) -%}
    {%- set text = dbt.type_string() -%}
    {%- set bigint = api.Column.translate_type('bigint') -%}
    case
        when {{ expression }} >= 1000000
            then {{ dbt.concat([
                'cast(cast(floor(' ~ expression ~ ' / 1000000) as ' ~ bigint ~ ') as ' ~ text ~ ')',
                "' '",
                'lpad(cast(cast(mod(floor(' ~ expression ~ ' / 1000), 1000) as ' ~ bigint ~ ') as '
                    ~ text ~ '), 3, ' ~ "'0'" ~ ')',
                "' '",
                'lpad(cast(cast(mod(' ~ expression ~ ', 1000) as ' ~ bigint ~ ') as ' ~ text
                    ~ '), 3, ' ~ "'0'" ~ ')'
            ]) }}
        when {{ expression }} >= 1000
            then {{ dbt.concat([
                'cast(cast(floor(' ~ expression ~ ' / 1000) as ' ~ bigint ~ ') as ' ~ text ~ ')',
                "' '",
                'lpad(cast(cast(mod(' ~ expression ~ ', 1000) as ' ~ bigint ~ ') as ' ~ text
                    ~ '), 3, ' ~ "'0'" ~ ')'
            ]) }}
        else cast(cast({{ expression }} as {{ bigint }}) as {{ text }})
    end
{%- endmacro %}
