-- One row per reference date and municipality version: the counted resident population
-- (all sexes and ages) on 1 January, or on 31 December before a boundary change.

with population as (
    select * from {{ ref('stg_register__population') }}
    where record_status = 'counted'
),

final as (
    select
        reference_date,
        municipality_code,
        municipality_valid_from,
        cast(sum(persons) as {{ api.Column.translate_type('bigint') }}) as persons
    from population
    group by reference_date, municipality_code, municipality_valid_from
)

select * from final
