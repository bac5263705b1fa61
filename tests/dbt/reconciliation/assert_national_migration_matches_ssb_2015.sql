{{ config(enabled=var('reconcile_published')) }}
-- The "whole country" row of SSB's 2015 table, reproduced exactly by
-- mart_national_migration. Returns the year when any measure differs or the year is missing.

{%- set measures = migration_measure_names() %}

with published as (
    select * from {{ ref('published_national_migration_2015') }}
),

warehouse as (
    select * from {{ ref('mart_national_migration') }}
)

select
    {% for measure in measures -%}
        published.{{ measure }} as published_{{ measure }},
        warehouse.{{ measure }} as warehouse_{{ measure }},
    {% endfor %}
    published.year
from published
left join warehouse
    on published.year = warehouse.year
where
    warehouse.year is null
    {% for measure in measures -%}
        or published.{{ measure }} != warehouse.{{ measure }}
    {% endfor %}
