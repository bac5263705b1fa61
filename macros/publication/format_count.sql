{#- A non-negative whole number as text with a space between thousands, SSB's style
    (`133045` -> `133 045`), for counts below one thousand million; the same text on every
    engine. Only exact integer arithmetic: mod, and divisions that leave no remainder (cast
    back to bigint, since DuckDB and Spark divide to a double), so no engine rounds. -#}
{% macro format_count(expression) -%}
    {%- set text = dbt.type_string() -%}
    {%- set bigint = api.Column.translate_type('bigint') -%}
    {%- set value = 'cast(' ~ expression ~ ' as ' ~ bigint ~ ')' -%}
    {%- set thousands_and_up = 'cast((' ~ value ~ ' - mod(' ~ value ~ ', 1000)) / 1000 as '
        ~ bigint ~ ')' -%}
    {%- set millions = 'cast((' ~ thousands_and_up ~ ' - mod(' ~ thousands_and_up
        ~ ', 1000)) / 1000 as ' ~ bigint ~ ')' -%}
    {%- set ones_part = 'lpad(cast(mod(' ~ value ~ ', 1000) as ' ~ text ~ "), 3, '0')" -%}
    {%- set thousands_part = 'lpad(cast(mod(' ~ thousands_and_up ~ ', 1000) as ' ~ text
        ~ "), 3, '0')" -%}
    case
        when {{ value }} >= 1000000
            then {{ dbt.concat([
                'cast(' ~ millions ~ ' as ' ~ text ~ ')', "' '", thousands_part, "' '", ones_part
            ]) }}
        when {{ value }} >= 1000
            then {{ dbt.concat([
                'cast(' ~ thousands_and_up ~ ' as ' ~ text ~ ')', "' '", ones_part
            ]) }}
        else cast({{ value }} as {{ text }})
    end
{%- endmacro %}
