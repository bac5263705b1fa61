-- One row per municipal table and year the register covers: SSB's columns of a municipal
-- table (population 1 January, live births, deaths, excess of births, in-migration,
-- out-migration, net migration, population growth, population 31 December, the account's
-- discrepancy) for the unit of the table in that year, as it was that year
-- (mart_municipality_population_account). is_break_before marks SSB's horizontal break line:
-- the area of the table changed between the row before and this one (a note of
-- mart_municipal_table_notes with is_break says what changed); a change of number or name
-- alone is no break. A version's rows are the years it was valid (moves the register counts
-- in a later year, by registration date, stay in the account's row of the ended version).

{%- set bigint = api.Column.translate_type('bigint') %}
{%- set integer = api.Column.translate_type('integer') %}

with account as (
    select * from {{ ref('mart_municipality_population_account') }}
),

versions as (
    select * from {{ ref('mart_municipal_table_versions') }}
    where not is_before_1971
),

notes as (
    select * from {{ ref('mart_municipal_table_notes') }}
),

table_rows as (
    select
        versions.table_id,
        account.year,
        account.municipality_code,
        account.municipality_valid_from,
        account.municipality_name,
        account.county_code,
        account.population_start,
        account.births,
        account.deaths,
        account.natural_increase,
        account.in_migration_total,
        account.out_migration_total,
        account.net_migration_total,
        account.population_growth,
        account.population_end,
        account.account_discrepancy,
        account.population_end_source,
        account.is_estimated,
        account.is_account_complete,
        lag(account.year) over (partition by versions.table_id order by account.year)
            as previous_year
    from account
    inner join versions
        on
            account.municipality_code = versions.municipality_code
            and account.municipality_valid_from = versions.municipality_valid_from
    -- the years the version was valid: a move counted after its version ended (a late
    -- registration, counted by registration date) stays in the account's row of the ended
    -- version, but the table shows each year's unit only
    where
        account.year >= {{ date_part_of('year', 'versions.municipality_valid_from') }}
        and (
            versions.municipality_valid_to is null
            or account.year < {{ date_part_of('year', 'versions.municipality_valid_to') }}
        )
),

row_notes as (
    -- the notes that stand before each row: changes after the row before, up to this year
    select
        table_rows.table_id,
        table_rows.year,
        count(notes.note_number) as notes_before,
        sum(case when notes.is_break then 1 else 0 end) as break_notes_before
    from table_rows
    left join notes
        on
            table_rows.table_id = notes.table_id
            and table_rows.year >= notes.note_year
            and (table_rows.previous_year is null or table_rows.previous_year < notes.note_year)
    group by table_rows.table_id, table_rows.year
),

final as (
    select
        table_rows.table_id,
        cast(table_rows.year as {{ integer }}) as year,
        cast(row_number() over (
            partition by table_rows.table_id order by table_rows.year
        ) as {{ integer }}) as row_position,
        table_rows.municipality_code,
        table_rows.municipality_valid_from,
        table_rows.municipality_name,
        table_rows.county_code,
        cast(table_rows.population_start as {{ bigint }}) as population_start,
        cast(table_rows.births as {{ bigint }}) as births,
        cast(table_rows.deaths as {{ bigint }}) as deaths,
        cast(table_rows.natural_increase as {{ bigint }}) as natural_increase,
        cast(table_rows.in_migration_total as {{ bigint }}) as in_migration_total,
        cast(table_rows.out_migration_total as {{ bigint }}) as out_migration_total,
        cast(table_rows.net_migration_total as {{ bigint }}) as net_migration_total,
        cast(table_rows.population_growth as {{ bigint }}) as population_growth,
        cast(table_rows.population_end as {{ bigint }}) as population_end,
        cast(table_rows.account_discrepancy as {{ bigint }}) as account_discrepancy,
        table_rows.population_end_source,
        table_rows.is_estimated,
        table_rows.is_account_complete,
        table_rows.previous_year is not null and row_notes.break_notes_before > 0
            as is_break_before,
        cast(row_notes.notes_before as {{ integer }}) as notes_before
    from table_rows
    inner join row_notes
        on
            table_rows.table_id = row_notes.table_id
            and table_rows.year = row_notes.year
)

select * from final
