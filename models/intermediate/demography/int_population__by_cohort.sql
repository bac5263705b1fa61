-- One row per statistical year, municipality version, sex and cohort (age at the end of the
-- year) with a counted population at the start or the end of the year: the cohort's stocks.
-- The population on 1 January counts ages at the end of the previous year (Y - 1 - year of
-- birth, raw-register contract v2), so the cohort aged a at the end of Y are the persons aged
-- a - 1 on 1 January Y (for the open class, aged max_age - 1 and max_age); at the end of the
-- year they are the persons aged a on 31 December Y or on 1 January Y + 1. The end comes from
-- the same source as mart_municipality_population_account's: the register's 31 December count
-- where delivered, else 1 January next year for a version still valid that day, else its
-- successor's 1 January count (a version renamed or renumbered alone). Across a boundary
-- change without a count the end is estimated in the cohort account itself.

{%- set max_age = var('max_age') %}
{%- set bigint = api.Column.translate_type('bigint') %}

with population as (
    select * from {{ ref('stg_register__population') }}
    where record_status = 'counted'
),

continued_versions as (
    -- versions renamed or renumbered alone without a count: their successors' 1 January
    select * from {{ ref('int_population_year_ends__counted') }}
    where is_continued_by_successor
),

groups as (
    select * from {{ ref('int_municipality_changes__grouped') }}
),

counts as (
    select
        reference_date,
        {{ date_part_of('year', 'reference_date') }} as reference_year,
        {{ date_part_of('month', 'reference_date') }} as reference_month,
        municipality_code,
        municipality_valid_from,
        sex,
        age,
        persons
    from population
),

starts as (
    select
        reference_year as year,
        municipality_code,
        municipality_valid_from,
        sex,
        case when age >= {{ max_age - 1 }} then {{ max_age }} else age + 1 end as age,
        sum(persons) as persons
    from counts
    where reference_month = 1
    group by
        reference_year,
        municipality_code,
        municipality_valid_from,
        sex,
        case when age >= {{ max_age - 1 }} then {{ max_age }} else age + 1 end
),

year_end_counts as (
    -- on 31 December everyone has had the year's birthday: completed years = cohort age
    select
        reference_year as year,
        municipality_code,
        municipality_valid_from,
        sex,
        age,
        persons,
        '31 December count' as population_end_source
    from counts
    where reference_month = 12
),

year_end_versions as (
    select distinct
        year,
        municipality_code,
        municipality_valid_from
    from year_end_counts
),

next_year_starts as (
    -- 1 January next year for a version still valid that day and without a 31 December count
    select
        counts.reference_year - 1 as year,
        counts.municipality_code,
        counts.municipality_valid_from,
        counts.sex,
        counts.age,
        counts.persons,
        '1 January next year' as population_end_source
    from counts
    left join year_end_versions
        on
            counts.reference_year - 1 = year_end_versions.year
            and counts.municipality_code = year_end_versions.municipality_code
            and counts.municipality_valid_from = year_end_versions.municipality_valid_from
    where
        counts.reference_month = 1
        and counts.municipality_valid_from < {{ year_start('counts.reference_year') }}
        and year_end_versions.year is null
),

successor_starts as (
    -- versions renamed or renumbered alone (neither count of their own)
    select
        continued_versions.year,
        continued_versions.municipality_code,
        continued_versions.municipality_valid_from,
        counts.sex,
        counts.age,
        counts.persons,
        '1 January next year (successor)' as population_end_source
    from continued_versions
    inner join groups as successors
        on
            continued_versions.change_group = successors.change_group
            and successors.change_role != 'ending'
    inner join counts
        on
            successors.municipality_code = counts.municipality_code
            and successors.municipality_valid_from = counts.municipality_valid_from
            and successors.change_date = counts.reference_date
),

ends as (
    select * from year_end_counts
    union all
    select * from next_year_starts
    union all
    select * from successor_starts
),

final as (
    select
        cast(coalesce(starts.year, ends.year) as {{ api.Column.translate_type('integer') }})
            as year,
        coalesce(starts.municipality_code, ends.municipality_code) as municipality_code,
        coalesce(starts.municipality_valid_from, ends.municipality_valid_from)
            as municipality_valid_from,
        coalesce(starts.sex, ends.sex) as sex,
        cast(coalesce(starts.age, ends.age) as {{ api.Column.translate_type('integer') }})
            as age,
        cast(starts.persons as {{ bigint }}) as population_start,
        cast(ends.persons as {{ bigint }}) as population_end,
        ends.population_end_source
    from starts
    full outer join ends
        on
            starts.year = ends.year
            and starts.municipality_code = ends.municipality_code
            and starts.municipality_valid_from = ends.municipality_valid_from
            and starts.sex = ends.sex
            and starts.age = ends.age
)

select * from final
