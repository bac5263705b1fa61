{#- The cells where a mart differs from SSB's published tables (seed
    published_county_migration), for the published years that are complete in the register
    (dim_statistical_years): one row per year, region and measure that differs, or that exists
    on one side only. `region_level` is `county` or `country`; `warehouse` the mart to compare;
    `warehouse_region` the SQL expression of its region code (`county_code`, or `'0'` for the
    whole country). When the test runs, the published years left out (and why) and every
    differing cell are written to dbt's output. -#}
{% macro published_differences(test_name, region_level, warehouse, warehouse_region) %}
    {%- set measures = norway_migration.migration_measure_names() -%}
    {%- set published_table = ref('published_county_migration') -%}
    {%- set statistical_years = ref('dim_statistical_years') -%}
    {%- set differences -%}
        with published as (
            select * from {{ published_table }}
            where region_level = '{{ region_level }}'
        ),

        compared_years as (
            select year from {{ statistical_years }}
            where is_complete and year in (select p.year from published as p)
        ),

        published_rows as (
            select * from published
            where year in (select c.year from compared_years as c)
        ),

        warehouse_rows as (
            select
                {{ warehouse_region }} as region_code,
                {{ measures | join(', ') }},
                year
            from {{ warehouse }}
            where year in (select c.year from compared_years as c)
        ),

        paired as (
            select
                coalesce(published_rows.year, warehouse_rows.year) as year,
                coalesce(published_rows.region_code, warehouse_rows.region_code) as region_code,
                published_rows.region_code is not null as is_published,
                warehouse_rows.region_code is not null as is_in_warehouse,
                {% for measure in measures -%}
                    published_rows.{{ measure }} as published_{{ measure }},
                    warehouse_rows.{{ measure }} as warehouse_{{ measure }}
                    {{- ',' if not loop.last }}
                {% endfor %}
            from published_rows
            full outer join warehouse_rows
                on
                    published_rows.year = warehouse_rows.year
                    and published_rows.region_code = warehouse_rows.region_code
        )

        {% for measure in measures %}
            select
                year,
                region_code,
                '{{ measure }}' as measure,
                published_{{ measure }} as published_value,
                warehouse_{{ measure }} as warehouse_value
            from paired
            where
                not is_published
                or not is_in_warehouse
                or published_{{ measure }} != warehouse_{{ measure }}
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
    {%- endset -%}
    {%- do norway_migration.log_published_comparison(
        test_name, region_level, published_table, statistical_years, differences
    ) -%}
    {{ return(differences) }}
{% endmacro %}

{#- Writes to dbt's output, while a test comparing with the published tables runs: which
    published years are compared, which are left out and why (an absent or incomplete year
    passes with this note), and every differing cell. Does nothing while parsing, compiling
    or linting. -#}
{% macro log_published_comparison(
    test_name, region_level, published_table, statistical_years, differences
) %}
    {%- if execute and flags.WHICH in ['build', 'test'] -%}
        {%- if load_relation(statistical_years) is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set years_sql -%}
            select
                published.year,
                coalesce(statistical_years.is_complete, false) as is_complete,
                coalesce(
                    statistical_years.completeness_note,
                    'the register has no events and no population counts in that year'
                ) as note
            from (
                select distinct year from {{ published_table }}
                where region_level = '{{ region_level }}'
            ) as published
            left join {{ statistical_years }} as statistical_years
                on published.year = statistical_years.year
            order by published.year
        {%- endset -%}
        {%- for row in run_query(years_sql).rows -%}
            {%- if row[1] -%}
                {{ log(test_name ~ ": published year " ~ row[0] ~ " compared (complete in the register)", info=true) }}
            {%- else -%}
                {{ log(test_name ~ ": published year " ~ row[0] ~ " not compared: " ~ row[2], info=true) }}
            {%- endif -%}
        {%- endfor -%}
        {%- set cells = run_query(differences ~ ' order by 1, 2, 3') -%}
        {%- for row in cells.rows -%}
            {{ log(test_name ~ ": " ~ row[0] ~ " region " ~ row[1] ~ " " ~ row[2] ~ ": published " ~ row[3] ~ ", warehouse " ~ row[4], info=true) }}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
