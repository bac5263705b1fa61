-- One row per statistical year the register touches (counted events, or a population count
-- on 1 January), saying whether the year is complete in the sense of the raw-register
-- contract: the register delivers the population on 1 January of the year and on 1 January
-- of the next year (or on 31 December of the year). Published tables are compared only for
-- complete years; completeness_note says why any other year is not.

{%- set bigint = api.Column.translate_type('bigint') %}

with population as (
    select * from {{ ref('int_population__by_municipality') }}
),

moves as (
    select * from {{ ref('fct_moves') }}
),

vital_events as (
    select * from {{ ref('int_vital_events__by_municipality') }}
),

count_days as (
    select distinct reference_date
    from population
),

starts as (
    select {{ date_part_of('year', 'reference_date') }} as year
    from count_days
    where {{ date_part_of('month', 'reference_date') }} = 1
),

year_ends as (
    -- 31 December of the year, or 1 January of the next
    select
        {{ date_part_of('year', 'reference_date') }} as year,
        '31 December' as end_count
    from count_days
    where {{ date_part_of('month', 'reference_date') }} = 12

    union all

    select
        {{ date_part_of('year', 'reference_date') }} - 1 as year,
        '1 January next year' as end_count
    from count_days
    where {{ date_part_of('month', 'reference_date') }} = 1
),

move_years as (
    select
        period_year as year,
        count(*) as counted_moves,
        min(move_date) as first_move_date,
        max(move_date) as last_move_date
    from moves
    group by period_year
),

vital_years as (
    select
        period_year as year,
        sum(births) as counted_births,
        sum(deaths) as counted_deaths
    from vital_events
    group by period_year
),

years as (
    select year from starts
    union
    select year from move_years
    union
    select year from vital_years
),

final as (
    select
        cast(years.year as {{ api.Column.translate_type('integer') }}) as year,
        years.year in (select s.year from starts as s) as has_population_start,
        years.year in (select e.year from year_ends as e) as has_population_end,
        cast(coalesce(move_years.counted_moves, 0) as {{ bigint }}) as counted_moves,
        cast(coalesce(vital_years.counted_births, 0) as {{ bigint }}) as counted_births,
        cast(coalesce(vital_years.counted_deaths, 0) as {{ bigint }}) as counted_deaths,
        move_years.first_move_date,
        move_years.last_move_date,
        years.year in (select s.year from starts as s)
        and years.year in (select e.year from year_ends as e) as is_complete,
        case
            when
                years.year not in (select s.year from starts as s)
                and years.year not in (select e.year from year_ends as e)
                then {{ dbt.concat([
                    "'no population count on 1 January '",
                    'cast(years.year as ' ~ dbt.type_string() ~ ')',
                    "' nor at the end of the year'",
                ]) }}
            when years.year not in (select s.year from starts as s)
                then {{ dbt.concat([
                    "'no population count on 1 January '",
                    'cast(years.year as ' ~ dbt.type_string() ~ ')',
                ]) }}
            when years.year not in (select e.year from year_ends as e)
                then {{ dbt.concat([
                    "'no population count on 1 January '",
                    'cast(years.year + 1 as ' ~ dbt.type_string() ~ ')',
                    "' nor on 31 December '",
                    'cast(years.year as ' ~ dbt.type_string() ~ ')',
                ]) }}
            else 'complete'
        end as completeness_note
    from years
    left join move_years
        on years.year = move_years.year
    left join vital_years
        on years.year = vital_years.year
)

select * from final
