-- One row per municipality version since 1971 (not 9999) with the municipal table it belongs
-- to, named by the table's first version (its root: the earliest version of its chain of
-- predecessors, after int_municipal_table_links__relinked).

with relinked as (
    select * from {{ ref('int_municipal_table_links__relinked') }}
),

{{ chain_roots('relinked', 'roots') }}

final as (
    select
        relinked.municipality_code,
        relinked.municipality_valid_from,
        relinked.municipality_valid_to,
        relinked.municipality_name,
        relinked.county_code,
        relinked.predecessor_code,
        relinked.predecessor_valid_from,
        relinked.link_basis,
        relinked.separated_from_code,
        relinked.separated_from_valid_from,
        roots_5.root_code,
        roots_5.root_valid_from,
        root_version.predecessor_code is not null as root_has_predecessor
    from relinked
    inner join roots_5
        on
            relinked.municipality_code = roots_5.municipality_code
            and relinked.municipality_valid_from = roots_5.municipality_valid_from
    inner join relinked as root_version
        on
            roots_5.root_code = root_version.municipality_code
            and roots_5.root_valid_from = root_version.municipality_valid_from
)

select * from final
