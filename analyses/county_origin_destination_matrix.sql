-- The origin-destination matrix of moves between counties in a year (var analysis_year,
-- default 2015): one row per county of origin, one column per county of destination.
{%- set year = var('analysis_year', 2015) %}
{%- set destinations_query %}
    select distinct to_county_code
    from {{ ref('mart_county_migration_flows') }}
    where year = {{ year }}
    order by to_county_code
{%- endset %}
{%- if execute and load_relation(ref('mart_county_migration_flows')) is not none %}
    {%- set destinations = run_query(destinations_query).columns[0].values() %}
{%- else %}
    {%- set destinations = [] %}
{%- endif %}

with flows as (
    select * from {{ ref('mart_county_migration_flows') }}
    where year = {{ year }}
)

select
    from_county_code,
    max(from_county_name) as from_county_name,
    {% for destination in destinations %}
        sum(case when to_county_code = '{{ destination }}' then moves else 0 end)
            as to_{{ destination }},
    {% endfor %}
    sum(moves) as all_destinations
from flows
group by from_county_code
order by from_county_code
