-- One row per counted event (a move or a death) and problem with the birth date or sex the
-- register delivered for the person: a birth date that is no date (`unparseable_birth_date`),
-- a birth date after the event (`birth_date_after_event`) or a sex other than M or F
-- (`invalid_sex`). Unlike the quarantine, nothing here is lost: the event counts in every
-- total, in the cells of unknown age or sex of the by-age marts. A birth date or sex the
-- register does not deliver at all (an optional column) is no issue and not listed.

with migrations as (
    select * from {{ ref('stg_register__migrations') }}
    where record_status = 'counted'
),

deaths as (
    select * from {{ ref('stg_register__deaths') }}
    where record_status = 'counted'
),

issues as (
    select
        'migrations' as source_table,
        event_id,
        move_date as event_date,
        birth_date_issue as issue,
        raw_birth_date as raw_value
    from migrations
    where birth_date_issue is not null

    union all

    select
        'migrations' as source_table,
        event_id,
        move_date as event_date,
        sex_issue as issue,
        sex as raw_value
    from migrations
    where sex_issue is not null

    union all

    select
        'deaths' as source_table,
        event_id,
        event_date,
        birth_date_issue as issue,
        raw_birth_date as raw_value
    from deaths
    where birth_date_issue is not null
)

select * from issues
