{#- Crosswalk mapping types ordered by how much a chain of changes can alter a unit: the
    type of a chain is the highest of its steps. -#}
{% macro mapping_types() -%}
    {{ return(['identical', 'renamed', 'renumbered', 'contained', 'partial', 'split']) }}
{%- endmacro %}

{% macro mapping_type_rank(expression) -%}
    case {{ expression }}
        {%- for mapping_type in mapping_types() %}
            when '{{ mapping_type }}' then {{ loop.index0 }}
        {%- endfor %}
    end
{%- endmacro %}

{% macro mapping_type_of_rank(expression) -%}
    case {{ expression }}
        {%- for mapping_type in mapping_types() %}
            when {{ loop.index0 }} then '{{ mapping_type }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- Change types of SSB's change table, ordered from the least to the most far-reaching. -#}
{% macro change_types() -%}
    {{ return(['boundary_change', 'renamed', 'renumbered', 'merged', 'partial_transfer', 'split']) }}
{%- endmacro %}

{% macro change_type_rank(expression) -%}
    case {{ expression }}
        {%- for change_type in change_types() %}
            when '{{ change_type }}' then {{ loop.index0 }}
        {%- endfor %}
    end
{%- endmacro %}

{% macro change_type_of_rank(expression) -%}
    case {{ expression }}
        {%- for change_type in change_types() %}
            when {{ loop.index0 }} then '{{ change_type }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- The change types that alter a municipality's area (a series break, SSB's break line), as a
    quoted list for `in (...)`. -#}
{% macro area_change_types() -%}
    'boundary_change', 'merged', 'partial_transfer', 'split'
{%- endmacro %}

{#- The change types that alter only a municipality's name or number: the area, and so the
    series, stays the same. A quoted list for `in (...)`. -#}
{% macro code_change_types() -%}
    'renamed', 'renumbered'
{%- endmacro %}
