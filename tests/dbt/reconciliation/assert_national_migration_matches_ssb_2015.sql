{{ config(enabled=var('reconcile_published')) }}
-- The "whole country" row of SSB's 2015 table, reproduced exactly by
-- mart_national_migration. Returns the year when any measure differs or the year is missing.

{%- set measures = [
    'in_migration_total', 'in_migration_from_abroad', 'in_migration_internal',
    'out_migration_total', 'out_migration_to_abroad', 'out_migration_internal',
    'net_migration_total', 'net_migration_abroad', 'net_migration_internal',
] %}

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
