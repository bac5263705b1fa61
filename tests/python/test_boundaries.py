"""Harmonised series on the fixture register, in the newest and in an older division."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from tests.python.helpers import fixture_vars, run_dbt


def test_moves_inside_a_later_merger_are_not_migration(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # M10 moves 1103 Stavanger -> 1141 Finnøy on 30 Dec 2019; both are 1103 from 2020 on.
    stavanger = warehouse.execute(
        "select in_migration_internal, out_migration_internal, boundary_vintage "
        "from marts.mart_municipality_migration_harmonized "
        "where year = 2019 and municipality_code = '1103'"
    ).fetchone()
    assert stavanger == (1.0, 1.0, date(2024, 1, 1))  # in: M03, out: M04; M10 is internal
    published = warehouse.execute(
        "select in_migration_internal from marts.mart_municipality_migration "
        "where year = 2019 and municipality_code = '1141'"
    ).fetchone()
    assert published == (1,)


def test_series_break_flags_the_2020_reform(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select municipality_code, is_series_break, series_break_type, code_change_type "
        "from marts.mart_municipality_migration where year = 2020"
    ).fetchall()
    by_code = {row[0]: row[1:] for row in rows}
    assert by_code["1103"] == (True, "merged", None)  # Stavanger, Finnøy and Rennesøy
    # Bærum 0219 -> 3024: the same area under a new number is no break.
    assert by_code["3024"] == (False, None, "renumbered")
    assert by_code["1826"] == (False, None, "renamed")  # Hattfjelldal -> Aarborte - Hattfjelldal
    assert by_code["0301"] == (False, None, None)


def test_harmonised_marts_build_in_an_older_division(
    tmp_path: Path, fixture_register: Path
) -> None:
    run = run_dbt(
        ["build"],
        tmp_path / "vintage.duckdb",
        fixture_vars(fixture_register, boundary_vintage="2019-06-01"),
    )
    assert run.returncode == 0, run.output
    with duckdb.connect(str(run.database), read_only=True) as connection:
        finnoy = connection.execute(
            "select boundary_vintage, in_migration_internal "
            "from marts.mart_municipality_migration_harmonized "
            "where year = 2019 and municipality_code = '1141'"
        ).fetchone()
        counties = connection.execute(
            "select year, county_code, in_migration_internal, out_migration_internal "
            "from marts.mart_county_migration_harmonized "
            "where in_migration_total + out_migration_total > 0 order by all"
        ).fetchall()
    assert finnoy == (date(2019, 1, 1), 1.0)
    # In the 2019 counties, M11 (1103 -> 3024 on 1 Jan 2020) goes from Rogaland (11) to
    # Akershus (02), as the 2020 move is re-expressed backward.
    assert (2020, "02", 1.0, 0.0) in counties
    assert (2020, "11", 0.0, 1.0) in counties
