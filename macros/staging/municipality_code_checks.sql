{#- The quarantine reason for a municipality code column, or NULL when the code is well
    formed, known and valid on the event day (`version_valid_from` comes from a left join to
    the version valid that day). Used by every staging model of the register. -#}
{% macro municipality_code_reason(code_column, version_valid_from) -%}
    case
        when {{ code_column }} is null then null
        when {{ code_column }} in ({{ special_municipality_codes() }})
            then 'unspecified_municipality'
        {#- a code with a version valid that day is well formed and known: the costlier
            checks below run only for the few rows without one #}
        when {{ version_valid_from }} is not null then null
        when not {{ norway_migration.regexp_full_match(code_column, '[0-9]{4}') }}
            then 'malformed_municipality_code'
        when {{ code_column }} not in (
            select known.municipality_code from {{ ref('municipalities') }} as known
        ) then 'unknown_municipality_code'
        else 'municipality_not_valid_on_date'
    end
{%- endmacro %}

{#- Codes of the classification that stand for no municipality (9999: unknown). -#}
{% macro special_municipality_codes() -%}
    '9999'
{%- endmacro %}

{#- Join condition: `versions` is the municipality version of `code_column` valid on
    `date_column`. -#}
{% macro version_valid_on(versions, code_column, date_column) -%}
    {{ versions }}.municipality_code = {{ code_column }}
    and {{ versions }}.valid_from <= {{ date_column }}
    and {{ date_column }} < {{ valid_to_or_open(versions ~ '.valid_to') }}
{%- endmacro %}
