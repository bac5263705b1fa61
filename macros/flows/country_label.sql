{#- The select-list items that label a country code from the seed `countries` joined as
    `country_alias`: its name, status, continent and UN region, and for a code the seed does
    not know the name `Unknown country code <code>` and the status `unknown`, so that no move
    loses its country. -#}
{% macro country_label(code_column, country_alias) -%}
    coalesce(
        {{ country_alias }}.country_name,
        {{ dbt.concat(["'Unknown country code '", code_column]) }}
    ) as country_name,
    coalesce({{ country_alias }}.code_status, 'unknown') as country_code_status,
    {{ country_alias }}.continent,
    {{ country_alias }}.world_region
{%- endmacro %}
