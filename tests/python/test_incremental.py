"""Incremental builds: adding a year's files rebuilds that year only, and gives the same
marts as a full refresh, on either counting basis."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.python.helpers import PROJECT_ROOT, DbtRun, fixture_vars, run_dbt
from tests.python.register_fixtures import write_register

DEFAULT_BASIS = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"][
    "counting_basis"
]
MARTS = [
    "fct_moves",
    "mart_county_migration",
    "mart_county_migration_quarterly",
    "mart_national_migration",
    "mart_municipality_migration",
    "mart_county_migration_flows",
    "mart_municipality_population_account",
    "mart_municipality_migration_harmonized",
    "mart_county_migration_harmonized",
    "mart_municipality_migration_quarterly",
    "mart_municipality_migration_flows",
    "mart_municipality_migration_flows_harmonized",
    "mart_municipality_international_migration",
    "mart_county_international_migration",
]


def table_rows(database: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        columns = [
            row[0]
            for row in connection.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            if row[0] != "loaded_at"
        ]
        return connection.execute(
            f"select {', '.join(columns)} from marts.{table} order by all"
        ).fetchall()


def loaded_at_by_year(database: Path) -> dict[int, object]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return dict(
            connection.execute(
                "select period_year, max(loaded_at) from marts.fct_moves group by period_year"
            ).fetchall()
        )


@pytest.mark.parametrize("basis", ["event_date", "registered_date"])
def test_adding_a_year_equals_a_full_refresh(
    tmp_path: Path, basis: str, request: pytest.FixtureRequest
) -> None:
    raw = tmp_path / "raw"
    # The project's default basis with the default vars, whose first build and full refresh
    # of the same deliveries the engine tests built already (conftest.first_delivery_reference
    # and two_deliveries_reference; the first delivery's build goes on from a copy).
    default = basis == DEFAULT_BASIS
    variables = fixture_vars(raw) if default else fixture_vars(raw, counting_basis=basis)
    incremental = tmp_path / "incremental.duckdb"

    write_register(raw, years={2019})
    if default:  # the same build of the same files, which the engine tests compare with
        first: DbtRun = request.getfixturevalue("first_delivery_reference")
        shutil.copyfile(first.database, incremental)
    else:
        first = run_dbt(["build"], incremental, variables)
        assert first.returncode == 0, first.output
    before = loaded_at_by_year(incremental)

    write_register(raw, years={2020})
    second = run_dbt(["build"], incremental, variables)
    assert second.returncode == 0, second.output
    after = loaded_at_by_year(incremental)

    if default:
        full: DbtRun = request.getfixturevalue("two_deliveries_reference")
    else:
        full = run_dbt(["build", "--full-refresh"], tmp_path / "full.duckdb", variables)
    assert full.returncode == 0, full.output
    for table in MARTS:
        assert table_rows(incremental, table) == table_rows(full.database, table), table

    # By event date, 2019 is untouched by the 2020 files; by registration date, the 2019
    # moves registered in January 2020 already sat in 2020 and 2020 is rebuilt with them.
    if basis == "event_date":
        assert after[2019] == before[2019]
    assert 2020 in after and after[2020] != before.get(2020)
