"""The floor: one hand-written DuckDB query on the raw Parquet that computes the county table,
timed with the profile's DuckDB settings and checked against ``mart_county_migration``."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import duckdb

from norway_migration.bench.common import MART, BenchError, log, sql_string
from norway_migration.bench.measure import CpuMeter
from norway_migration.bench.options import CHECK_YEAR
from norway_migration.reference.published import MEASURES


def floor_query(raw: Path, seeds: Path, year: int | None) -> str:
    """The county table (SSB 05541 layout) straight from the raw moves: every year, or one."""
    moves = sql_string(str(raw / "migrations" / "*.parquet"))
    municipalities = sql_string(str(seeds / "municipalities.csv"))
    counties = sql_string(str(seeds / "counties.csv"))
    year_filter = f"and year(e.move_date) = {year}" if year is not None else ""
    versions_columns = (
        "{'municipality_code': 'VARCHAR', 'municipality_name': 'VARCHAR', "
        "'county_code': 'VARCHAR', 'valid_from': 'DATE', 'valid_to': 'DATE'}"
    )
    counties_columns = (
        "{'county_code': 'VARCHAR', 'county_name': 'VARCHAR', "
        "'valid_from': 'DATE', 'valid_to': 'DATE'}"
    )
    return f"""
with versions as (
    select * from read_csv({municipalities}, header = true, columns = {versions_columns})
),
counties as (
    select * from read_csv({counties}, header = true, columns = {counties_columns})
),
deliveries as (  -- identical re-deliveries collapse
    select distinct
        event_id, person_id, move_date, registered_date, from_municipality_code,
        to_municipality_code, from_country_code, to_country_code, status
    from read_parquet({moves}, union_by_name = true)
),
events as (  -- one delivery per event_id; an event delivered in two versions is not counted
    select * from deliveries
    where event_id is not null
    qualify count(*) over (partition by event_id) = 1
),
moves as (
    select
        year(e.move_date) as year,
        e.from_country_code is not null as is_immigration,
        e.to_country_code is not null as is_emigration,
        f.county_code as from_county,
        t.county_code as to_county
    from events as e
    left join versions as f
        on f.municipality_code = e.from_municipality_code
        and f.valid_from <= e.move_date and e.move_date < coalesce(f.valid_to, date '9999-12-31')
    left join versions as t
        on t.municipality_code = e.to_municipality_code
        and t.valid_from <= e.move_date and e.move_date < coalesce(t.valid_to, date '9999-12-31')
    where e.status = 'active'
        and e.person_id is not null
        and e.move_date is not null
        and e.registered_date >= e.move_date
        and (e.from_municipality_code is null) != (e.from_country_code is null)
        and (e.to_municipality_code is null) != (e.to_country_code is null)
        and (e.from_country_code is null or e.to_country_code is null)
        and regexp_full_match(coalesce(e.from_country_code, 'NO'), '[A-Z]{{2}}')
        and regexp_full_match(coalesce(e.to_country_code, 'NO'), '[A-Z]{{2}}')
        and (e.from_municipality_code is null
            or (f.valid_from is not null and e.from_municipality_code != '9999'))
        and (e.to_municipality_code is null
            or (t.valid_from is not null and e.to_municipality_code != '9999'))
        and e.from_municipality_code is distinct from e.to_municipality_code
        {year_filter}
),
arrivals as (
    select year, to_county as county_code,
        count(*) filter (where is_immigration) as in_abroad,
        count(*) filter (where not is_immigration) as in_internal
    from moves
    where is_immigration or (not is_emigration and from_county != to_county)
    group by all
),
departures as (
    select year, from_county as county_code,
        count(*) filter (where is_emigration) as out_abroad,
        count(*) filter (where not is_emigration) as out_internal
    from moves
    where is_emigration or (not is_immigration and from_county != to_county)
    group by all
),
frame as (  -- every county valid in a year that has moves, plus any county with moves
    select years.year, counties.county_code
    from (select distinct year from moves) as years
    inner join counties
        on counties.valid_from < make_date(years.year + 1, 1, 1)
        and make_date(years.year, 1, 1) < coalesce(counties.valid_to, date '9999-12-31')
    union
    select year, county_code from arrivals
    union
    select year, county_code from departures
),
counts as (
    select
        frame.year,
        frame.county_code,
        coalesce(arrivals.in_abroad, 0) as ia,
        coalesce(arrivals.in_internal, 0) as ii,
        coalesce(departures.out_abroad, 0) as oa,
        coalesce(departures.out_internal, 0) as oi
    from frame
    left join arrivals using (year, county_code)
    left join departures using (year, county_code)
)
select
    year, county_code,
    ia + ii as in_migration_total, ia as in_migration_from_abroad, ii as in_migration_internal,
    oa + oi as out_migration_total, oa as out_migration_to_abroad, oi as out_migration_internal,
    ia + ii - oa - oi as net_migration_total, ia - oa as net_migration_abroad,
    ii - oi as net_migration_internal
from counts
order by year, county_code
"""


def run_floor(
    query: str, threads: int, memory_limit: str, temp_dir: Path
) -> tuple[float, list[tuple], float]:
    """Time one floor query on a fresh connection with the profile's DuckDB settings.

    Returns the seconds, the rows and the share of the CPU other processes used meanwhile.
    """
    config: dict[str, str | bool | int | float | list[str]] = {
        "threads": threads,
        "memory_limit": memory_limit,
        "preserve_insertion_order": False,
        "temp_directory": str(temp_dir),
    }
    with duckdb.connect(config=config) as con:
        con.execute("set enable_progress_bar = false")
        meter = CpuMeter()
        rows = con.execute(query).fetchall()
        return time.monotonic() - meter.started, rows, meter.other_share()


def mart_rows(database: Path, year: int | None) -> list[tuple]:
    where = f"where year = {year}" if year is not None else ""
    columns = ", ".join(("year", "county_code", *MEASURES))
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            f"select {columns} from marts.{MART} {where} order by year, county_code"
        ).fetchall()


def check_floor(floor_rows: list[tuple], database: Path) -> dict[str, Any]:
    """Fail loudly unless the floor gives the mart's 2015 table exactly; compare every year."""
    floor_2015 = [row for row in floor_rows if row[0] == CHECK_YEAR]
    mart_2015 = mart_rows(database, CHECK_YEAR)
    if floor_2015 != mart_2015 or len(mart_2015) != 19:
        differing = sorted(set(floor_2015) ^ set(mart_2015))[:10]
        raise BenchError(
            f"the floor query does not reproduce {MART} for {CHECK_YEAR}: "
            f"{len(floor_2015)} floor rows, {len(mart_2015)} mart rows (19 expected); "
            f"differing rows (year, county, 9 measures): {differing}"
        )
    log(f"floor query matches {MART} for {CHECK_YEAR}: 19 rows x 9 measures, identical")
    all_years = mart_rows(database, None)
    return {
        "checked_year": CHECK_YEAR,
        "rows": len(mart_2015),
        "measures": len(MEASURES),
        "identical": True,
        "all_years_identical": floor_rows == all_years,
        "all_years_rows": len(all_years),
    }


def compare_marts(first: Path, second: Path) -> bool:
    """Whether two warehouses hold the same county table (every year, all measures)."""
    return mart_rows(first, None) == mart_rows(second, None)


def profile_settings() -> tuple[int, str]:
    """DuckDB threads and memory limit as profiles.yml resolves them (env vars or defaults)."""
    threads = int(os.environ.get("NORWAY_MIGRATION_DUCKDB_THREADS", "2"))
    return threads, os.environ.get("NORWAY_MIGRATION_MEMORY_LIMIT", "3GB")
