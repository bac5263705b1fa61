{#- The nine migration measures of SSB table 05541 from four summed counts, as BIGINT (or
    `data_type`): totals are abroad + internal and every net is in - out, by construction. -#}
{% macro migration_measures(
    in_from_abroad, in_internal, out_to_abroad, out_internal, data_type=none
) -%}
    {%- set bigint = data_type or api.Column.translate_type('bigint') -%}
    cast({{ in_from_abroad }} + {{ in_internal }} as {{ bigint }}) as in_migration_total,
    cast({{ in_from_abroad }} as {{ bigint }}) as in_migration_from_abroad,
    cast({{ in_internal }} as {{ bigint }}) as in_migration_internal,
    cast({{ out_to_abroad }} + {{ out_internal }} as {{ bigint }}) as out_migration_total,
    cast({{ out_to_abroad }} as {{ bigint }}) as out_migration_to_abroad,
    cast({{ out_internal }} as {{ bigint }}) as out_migration_internal,
    cast(
        {{ in_from_abroad }} + {{ in_internal }} - {{ out_to_abroad }} - {{ out_internal }}
        as {{ bigint }}
    ) as net_migration_total,
    cast({{ in_from_abroad }} - {{ out_to_abroad }} as {{ bigint }}) as net_migration_abroad,
    cast({{ in_internal }} - {{ out_internal }} as {{ bigint }}) as net_migration_internal
{%- endmacro %}

{#- 1 January of a year held in an integer column, as a date. -#}
{% macro year_start(year_column) -%}
    {{ dbt.cast(
        dbt.concat([dbt.cast(year_column, dbt.type_string()), "'-01-01'"]),
        api.Column.translate_type('date')
    ) }}
{%- endmacro %}

{#- The names of the nine migration measures, in the order of SSB table 05541. -#}
{% macro migration_measure_names() -%}
    {{ return([
        'in_migration_total', 'in_migration_from_abroad', 'in_migration_internal',
        'out_migration_total', 'out_migration_to_abroad', 'out_migration_internal',
        'net_migration_total', 'net_migration_abroad', 'net_migration_internal',
    ]) }}
{%- endmacro %}
