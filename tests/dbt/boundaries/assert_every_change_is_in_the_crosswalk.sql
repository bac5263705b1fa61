-- Every edge of SSB's change table is in the crosswalk, both ways: the old version maps into
-- the new code in the division that begins on change_date, and the new version maps back
-- into the old code in the division before it (unless the new unit only gained area and
-- kept its version, see int_municipality_changes__weighted). Returns the edges missing.

with changes as (
    select * from {{ ref('int_municipality_changes__weighted') }}
),

crosswalk as (
    select * from {{ ref('dim_municipality_crosswalk') }}
),

divisions as (
    select * from {{ ref('municipal_divisions') }}
),

previous_divisions as (
    select
        division_valid_to as change_date,
        division_valid_from as previous_vintage
    from divisions
),

forward_missing as (
    select
        'forward' as direction,
        changes.change_date,
        changes.old_code,
        changes.new_code
    from changes
    where not exists (
        select 1 as found
        from crosswalk
        where
            crosswalk.source_code = changes.old_code
            and crosswalk.source_valid_from = changes.old_valid_from
            and crosswalk.target_vintage = changes.change_date
            and crosswalk.target_code = changes.new_code
    )
),

backward_missing as (
    select
        'backward' as direction,
        changes.change_date,
        changes.old_code,
        changes.new_code
    from changes
    inner join previous_divisions
        on changes.change_date = previous_divisions.change_date
    where
        -- an edge into a unit that only gained area is carried forward only
        changes.backward_weight is not null
        and not exists (
            select 1 as found
            from crosswalk
            where
                crosswalk.source_code = changes.new_code
                and crosswalk.source_valid_from = changes.new_valid_from
                and crosswalk.target_vintage = previous_divisions.previous_vintage
                and crosswalk.target_code = changes.old_code
        )
)

select * from forward_missing
union all
select * from backward_missing
