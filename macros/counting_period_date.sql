{#- The date that puts an event in its statistical period: the event date (SSB's default)
    or the registration date, by the var `counting_basis`. -#}
{% macro counting_period_date(event_date_column, registered_date_column) -%}
    {%- set basis = var('counting_basis') -%}
    {%- if basis == 'event_date' -%}
        {{ event_date_column }}
    {%- elif basis == 'registered_date' -%}
        {{ registered_date_column }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var counting_basis must be 'event_date' or 'registered_date', got '"
            ~ basis ~ "'") }}
    {%- endif -%}
{%- endmacro %}
