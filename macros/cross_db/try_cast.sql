{#- `expression` cast to `type`, or NULL where the value cannot be read as that type (a text
    date such as '2015-13-45'), instead of failing the whole query as a plain cast does.
    Used where raw register values are typed: a value that does not parse is quarantined
    with its own reason. On a column that already has the type, the cast changes nothing. -#}
{% macro try_cast(expression, type) -%}
    {{ return(adapter.dispatch('try_cast', 'norway_migration')(expression, type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, type) -%}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}

{% macro spark__try_cast(expression, type) -%}
    {%- set spark_types = {'varchar': 'string', 'text': 'string', 'double precision': 'double'} -%}
    try_cast({{ expression }} as {{ spark_types.get(type | trim | lower, type) }})
{%- endmacro %}

{#- PostgreSQL has no try_cast: a date is read only from an ISO 8601 `YYYY-MM-DD` text whose
    month and day exist; an integer only from digits with an optional sign. Nested cases keep
    the order of the checks (PostgreSQL may evaluate `and` in any order). -#}
{% macro postgres__try_cast(expression, type) -%}
    {%- set text = 'cast(' ~ expression ~ ' as text)' -%}
    {%- set year = 'cast(substr(' ~ text ~ ', 1, 4) as integer)' -%}
    {%- set month = 'cast(substr(' ~ text ~ ', 6, 2) as integer)' -%}
    {%- set day = 'cast(substr(' ~ text ~ ', 9, 2) as integer)' -%}
    {%- if type | lower == 'date' -%}
        case when {{ text }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
            case when {{ month }} between 1 and 12 then
                case
                    when {{ day }} between 1 and cast(extract(day from
                        make_date({{ year }}, {{ month }}, 1)
                        + interval '1 month' - interval '1 day'
                    ) as integer)
                        then cast({{ text }} as date)
                end
            end
        end
    {%- elif type | lower in ['integer', 'bigint', 'int', 'smallint'] -%}
        case
            when trim({{ text }}) ~ '^[-+]?[0-9]{1,18}$' then cast(trim({{ text }}) as {{ type }})
        end
    {%- else -%}
        cast({{ expression }} as {{ type }})
    {%- endif -%}
{%- endmacro %}
