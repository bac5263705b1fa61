-- One row per day from 1 January of the var `time_spine_first_year` (default 1971, the first
-- year of SSB's classification 131) to 31 December of `time_spine_last_year` (default 2030):
-- the daily time spine MetricFlow joins and aggregates metric_time on. The number of days is
-- worked out here, so compiling the model needs no database.

{%- set first_day = modules.datetime.date(var('time_spine_first_year', 1971), 1, 1) %}
{%- set last_day = modules.datetime.date(var('time_spine_last_year', 2030), 12, 31) %}
{%- set day_count = (last_day - first_day).days + 1 %}
{%- set date_type = api.Column.translate_type('date') %}

with day_numbers as (
    {{ dbt.generate_series(day_count) }}
),

final as (
    select
        cast(
            {{ dbt.dateadd(
                'day',
                'generated_number - 1',
                dbt.cast("'" ~ first_day.isoformat() ~ "'", date_type)
            ) }} as {{ date_type }}
        ) as date_day
    from day_numbers
)

select * from final
