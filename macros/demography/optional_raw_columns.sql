{#- The optional columns of the raw-register contract (v2: birth_date, sex) among `candidates`
    that the relation `relation` delivers, as a list: a file without them is still valid, and
    the staging model then reads them as NULL. Known only when the model runs (`dbt run` or
    `dbt build`), from the relation's own columns (`select * ... where 1 = 0`, which works for
    DuckDB's read_parquet, Spark's parquet path and a PostgreSQL table); while parsing,
    compiling, linting or in a unit test, none is assumed present. -#}
{% macro optional_raw_columns(relation, candidates) -%}
    {%- if candidates and execute and model.resource_type == 'model'
        and flags.WHICH in ['run', 'build'] -%}
        {#- a missing folder fails here with the message naming it, before the probe -#}
        {%- do norway_migration.check_raw_column_types(relation.identifier, []) -%}
        {%- set probe = run_query('select * from ' ~ relation ~ ' where 1 = 0') -%}
        {%- set delivered = probe.column_names | map('lower') | list -%}
        {{ return(candidates | select('in', delivered) | list) }}
    {%- endif -%}
    {{ return([]) }}
{%- endmacro %}

{#- The select-list item for an optional raw column `column` read as `data_type`, named
    `alias` (default the column): parsed with try_cast (a text value that does not parse
    becomes NULL) or, with `parse` false, a plain cast (to keep the raw text); a typed NULL when
    the files do not deliver the column (`present` false). -#}
{% macro optional_raw_column(column, present, data_type, alias=none, parse=true) -%}
    {%- if present and parse -%}
        {{ norway_migration.try_cast(column, data_type) }}
    {%- elif present -%}
        cast({{ column }} as {{ data_type }})
    {%- else -%}
        cast(null as {{ data_type }})
    {%- endif %} as {{ alias or column }}
{%- endmacro %}
