"""The warehouse built on the default register reproduces SSB's published 2015 table, compares
only complete years, and names every cell where a complete year differs."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from tests.python.helpers import DbtRun, run_dbt

RECONCILIATION = [
    "+assert_county_migration_matches_published",
    "+assert_national_migration_matches_published",
]


def reconcile(raw: Path, database: Path) -> tuple[int, str, dict[str, str]]:
    """Build what the two reconciliation tests need, and run them, with the default vars."""
    run = run_dbt(
        ["build", "--select", *RECONCILIATION, "--indirect-selection", "empty"],
        database,
        {"raw_path": str(raw)},
    )
    return run.returncode, run.output, run.results()


def test_dbt_build_on_default_2015_register_reconciles_with_ssb(build_2015: DbtRun) -> None:
    # build_2015 (conftest.py): `dbt build` on the 2015 register with the default vars
    run = build_2015
    assert run.returncode == 0, run.output
    results = run.results()
    assert results["assert_county_migration_matches_published"] == "pass"
    assert results["assert_national_migration_matches_published"] == "pass"
    assert results["register_rows_are_all_accounted_for"] == "pass"
    assert results["register_quarantine_is_empty"] == "warn"  # the register has broken rows
    assert "published year 2015 compared (complete in the register)" in run.output
    with duckdb.connect(str(run.database), read_only=True) as connection:
        national = connection.execute(
            "select in_migration_total, out_migration_total, net_migration_internal "
            "from marts.mart_national_migration where year = 2015"
        ).fetchone()
        complete = connection.execute(
            "select is_complete from marts.dim_statistical_years where year = 2015"
        ).fetchone()
    assert national == (212994, 183192, 0)
    assert complete == (True,)


def test_half_of_2015_is_not_compared_and_builds_green(tmp_path: Path, register_2015: Path) -> None:
    # The register stops at the end of June 2015: no count at the end of the year.
    raw = tmp_path / "half"
    filters = {
        "migrations": "coalesce(move_date, registered_date) < date '2015-07-01'",
        "births": "coalesce(birth_date, registered_date) < date '2015-07-01'",
        "deaths": "coalesce(death_date, registered_date) < date '2015-07-01'",
        "population": "reference_date is null or reference_date < date '2015-07-01'",
    }
    with duckdb.connect() as connection:
        for table, condition in filters.items():
            (raw / table).mkdir(parents=True)
            connection.execute(
                f"copy (select * from read_parquet('{register_2015}/{table}/*.parquet') "
                f"where {condition}) to '{raw}/{table}/{table}.parquet' (format parquet)"
            )
    returncode, output, results = reconcile(raw, tmp_path / "half.duckdb")
    assert returncode == 0, output
    assert results["assert_county_migration_matches_published"] == "pass"
    assert results["assert_national_migration_matches_published"] == "pass"
    assert (
        "assert_county_migration_matches_published: published year 2015 not compared: "
        "no population count on 1 January 2016 nor on 31 December 2015"
    ) in output


def test_a_complete_year_that_differs_fails_naming_the_cells(
    tmp_path: Path, register_2015: Path
) -> None:
    # The default register plus one immigration to Oslo that SSB's table does not hold.
    raw = tmp_path / "plus_one"
    shutil.copytree(register_2015, raw)
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select 'EXTRA-1' as event_id, 'EXTRA-P' as person_id, "
            "date '2015-06-01' as move_date, date '2015-06-02' as registered_date, "
            "null::varchar as from_municipality_code, '0301' as to_municipality_code, "
            "'SE' as from_country_code, null::varchar as to_country_code, "
            f"'active' as status) to '{raw}/migrations/extra.parquet' (format parquet)"
        )
    returncode, output, results = reconcile(raw, tmp_path / "plus_one.duckdb")
    assert returncode != 0
    assert results["assert_county_migration_matches_published"] == "fail"
    assert results["assert_national_migration_matches_published"] == "fail"
    for cell in (
        "assert_county_migration_matches_published: 2015 region 03 in_migration_total: "
        "published 46660, warehouse 46661",
        "assert_county_migration_matches_published: 2015 region 03 in_migration_from_abroad: "
        "published 15100, warehouse 15101",
        "assert_national_migration_matches_published: 2015 region 0 net_migration_abroad: "
        "published 29802, warehouse 29803",
    ):
        assert cell in output
    # Every other county agrees: only Oslo's four changed cells differ.
    county_cells = [
        line
        for line in output.splitlines()
        if "assert_county_migration_matches_published: 2015 region" in line
    ]
    assert len(county_cells) == 4, county_cells
