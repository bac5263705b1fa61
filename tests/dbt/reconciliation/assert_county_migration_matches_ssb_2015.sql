{{ config(enabled=var('reconcile_published')) }}
-- SSB's published 2015 county table, reproduced exactly: returns every county and measure
-- where mart_county_migration differs from the seed (or a county missing on either side).

{%- set measures = migration_measure_names() %}

with published as (
    select * from {{ ref('published_county_migration_2015') }}
),

warehouse as (
    select * from {{ ref('mart_county_migration') }}
    where year in (select p.year from published as p)
)

select
    {% for measure in measures -%}
        published.{{ measure }} as published_{{ measure }},
        warehouse.{{ measure }} as warehouse_{{ measure }},
    {% endfor %}
    coalesce(published.county_code, warehouse.county_code) as county_code
from published
full outer join warehouse
    on
        published.year = warehouse.year
        and published.county_code = warehouse.county_code
where
    published.county_code is null
    or warehouse.county_code is null
    {% for measure in measures -%}
        or published.{{ measure }} != warehouse.{{ measure }}
    {% endfor %}
