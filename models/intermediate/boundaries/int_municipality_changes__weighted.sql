-- One row per edge of SSB's change table, between the municipality version that ended and
-- the version that began on change_date, with the estimated number of residents that moved
-- with the edge and the weights that carry a population forward (old to new) and backward
-- (new to old) across the change.
--
-- Method: the persons on an edge are the old unit's population the day before the change
-- when the old unit went whole into the new one; the new unit's population on the day when
-- it came from one old unit alone; otherwise (a split part joining other units, or a unit
-- that only gained area) the new unit's population minus what it had and what its whole
-- contributors brought (at least 1). Populations
-- come from the register's counts (31 December where delivered, else 1 January of the same
-- year for the day before; 1 January for the day of the change). Where a count is missing,
-- the weights fall back to equal shares and weight_basis says so.

{%- set double = norway_migration.type_double() %}

with changes as (
    select * from {{ ref('municipality_changes') }}
),

municipalities as (
    select * from {{ ref('municipalities') }}
),

population as (
    select * from {{ ref('int_population__by_municipality') }}
),

edges as (
    select
        changes.change_date,
        changes.change_type,
        changes.old_code,
        old_version.valid_from as old_valid_from,
        changes.new_code,
        new_version.valid_from as new_valid_from,
        count(*) over (partition by changes.change_date, changes.old_code) as old_out_degree,
        count(*) over (partition by changes.change_date, changes.new_code) as new_in_degree
    from changes
    inner join municipalities as old_version
        on
            changes.old_code = old_version.municipality_code
            and changes.change_date = old_version.valid_to
    -- usually a version that begins on the change date; a unit that only gained area and is
    -- not listed as changed keeps its version
    inner join municipalities as new_version
        on
            changes.new_code = new_version.municipality_code
            and changes.change_date >= new_version.valid_from
            and changes.change_date < {{ valid_to_or_open('new_version.valid_to') }}
),

with_population as (
    select
        edges.*,
        new_start.persons as new_persons_after,
        coalesce(year_end.persons, year_start.persons) as old_persons_before,
        case
            when edges.new_valid_from < edges.change_date
                then coalesce(new_year_end.persons, new_year_start.persons)
            else 0
        end as new_persons_before
    from edges
    left join population as year_end
        on
            edges.old_code = year_end.municipality_code
            and edges.old_valid_from = year_end.municipality_valid_from
            and year_end.reference_date = {{ dbt.dateadd('day', -1, 'edges.change_date') }}
    left join population as year_start
        on
            edges.old_code = year_start.municipality_code
            and edges.old_valid_from = year_start.municipality_valid_from
            and year_start.reference_date = {{ dbt.dateadd('year', -1, 'edges.change_date') }}
    left join population as new_start
        on
            edges.new_code = new_start.municipality_code
            and edges.new_valid_from = new_start.municipality_valid_from
            and edges.change_date = new_start.reference_date
    left join population as new_year_end
        on
            edges.new_code = new_year_end.municipality_code
            and edges.new_valid_from = new_year_end.municipality_valid_from
            and new_year_end.reference_date
            = {{ dbt.dateadd('day', -1, 'edges.change_date') }}
    left join population as new_year_start
        on
            edges.new_code = new_year_start.municipality_code
            and edges.new_valid_from = new_year_start.municipality_valid_from
            and new_year_start.reference_date
            = {{ dbt.dateadd('year', -1, 'edges.change_date') }}
),

whole_contributions as (
    -- what the new unit already had (a unit that only gained area) and what the old units
    -- that went whole into it brought with them
    select
        change_date,
        new_code,
        max(new_persons_before)
        + sum(case when old_out_degree = 1 then old_persons_before else 0 end) as persons,
        max(
            case
                when old_out_degree = 1 and old_persons_before is null then 1
                when new_persons_before is null then 1
                else 0
            end
        ) as is_missing
    from with_population
    group by change_date, new_code
),

with_parts as (
    select
        with_population.*,
        case
            when with_population.old_out_degree = 1
                then coalesce(
                    with_population.old_persons_before,
                    case
                        when with_population.new_in_degree = 1
                            then with_population.new_persons_after
                    end
                )
            when
                with_population.new_in_degree = 1
                and with_population.new_valid_from = with_population.change_date
                then with_population.new_persons_after
            when whole_contributions.is_missing = 0
                then greatest(
                    with_population.new_persons_after - whole_contributions.persons, 1
                )
        end as edge_persons
    from with_population
    inner join whole_contributions
        on
            with_population.change_date = whole_contributions.change_date
            and with_population.new_code = whole_contributions.new_code
),

group_totals as (
    select
        *,
        sum(edge_persons) over (partition by change_date, old_code) as old_total_persons,
        max(case when edge_persons is null then 1 else 0 end)
            over (partition by change_date, old_code) as old_has_missing,
        sum(edge_persons) over (partition by change_date, new_code) as new_total_persons,
        max(case when edge_persons is null then 1 else 0 end)
            over (partition by change_date, new_code) as new_has_missing
    from with_parts
),

final as (
    select
        change_date,
        change_type,
        old_code,
        old_valid_from,
        new_code,
        new_valid_from,
        cast(old_out_degree as {{ api.Column.translate_type('integer') }}) as old_out_degree,
        cast(new_in_degree as {{ api.Column.translate_type('integer') }}) as new_in_degree,
        cast(edge_persons as {{ api.Column.translate_type('bigint') }}) as edge_persons,
        case
            when old_out_degree = 1 then cast(1 as {{ double }})
            when old_has_missing = 1 then cast(1 as {{ double }}) / old_out_degree
            else cast(edge_persons as {{ double }}) / old_total_persons
        end as forward_weight,
        case
            -- a unit that only gained area keeps its version: nothing to carry backward
            when new_valid_from < change_date then null
            when new_in_degree = 1 then cast(1 as {{ double }})
            when new_has_missing = 1 then cast(1 as {{ double }}) / new_in_degree
            else cast(edge_persons as {{ double }}) / new_total_persons
        end as backward_weight,
        case
            when
                (old_out_degree > 1 and old_has_missing = 1)
                or (new_in_degree > 1 and new_has_missing = 1)
                then 'equal_shares'
            when old_out_degree > 1 or new_in_degree > 1 then 'population'
            else 'whole_unit'
        end as weight_basis,
        case
            when old_out_degree > 1 and change_type = 'partial_transfer' then 'partial'
            when old_out_degree > 1 then 'split'
            when new_in_degree > 1 then 'contained'
            when old_code != new_code then 'renumbered'
            else 'renamed'
        end as forward_mapping_type,
        case
            when new_in_degree > 1 then 'split'
            when old_out_degree > 1 then 'contained'
            when old_code != new_code then 'renumbered'
            else 'renamed'
        end as backward_mapping_type
    from group_totals
)

select * from final
