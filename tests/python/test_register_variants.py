"""Counting rules that must hold on any register (issue 12), on a second hand-made register
(tests/python/register_variants.py): renames and renumberings, a register that does not cover
SSB's published year, dates delivered as text, and SSB's rule for missing year-end counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.python.helpers import DbtRun, fixture_vars, run_dbt
from tests.python.register_variants import (
    EXPECTED_REASONS,
    POPULATION_2020,
    TRUE_YEAR_END_2019,
    write_variant_register,
)


@pytest.fixture(scope="module")
def variant_build(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    """`dbt build` with the default vars (reconciliation on) of the text-dated register."""
    raw = write_variant_register(tmp_path_factory.mktemp("variant_raw"))
    database = tmp_path_factory.mktemp("variant") / "variant.duckdb"
    return run_dbt(["build"], database, {"raw_path": str(raw), "quarantine_error_share": 1})


@pytest.fixture()
def variant(variant_build: DbtRun) -> Iterator[duckdb.DuckDBPyConnection]:
    assert variant_build.returncode == 0, variant_build.output
    connection = duckdb.connect(str(variant_build.database), read_only=True)
    yield connection
    connection.close()


def account(connection: duckdb.DuckDBPyConnection, year: int, code: str) -> tuple:
    return connection.execute(
        "select population_start, population_end, population_end_source, population_growth, "
        "account_discrepancy, is_account_complete, is_estimated "
        "from marts.mart_municipality_population_account "
        "where year = ? and municipality_code = ?",
        [year, code],
    ).fetchone()


def test_renamed_and_renumbered_units_have_a_full_account(
    variant: duckdb.DuckDBPyConnection,
) -> None:
    # 1942 Nordreisa, renamed on 1 January 2019: 50 + 1 birth, 51 counted under the new name.
    assert account(variant, 2018, "1942") == (
        50,
        51,
        "1 January next year (successor)",
        1,
        0,
        True,
        False,
    )
    # 1567 Rindal, renumbered 5061 on 1 January 2019: 30 + 1 immigrant.
    assert account(variant, 2018, "1567") == (
        30,
        31,
        "1 January next year (successor)",
        1,
        0,
        True,
        False,
    )
    # 1942 Nordreisa - Ráisa - Raisi, renumbered 5428 on 1 January 2020.
    assert account(variant, 2019, "1942") == (
        51,
        51,
        "1 January next year (successor)",
        0,
        0,
        True,
        False,
    )


def test_renames_and_renumberings_are_no_series_breaks(
    variant: duckdb.DuckDBPyConnection,
) -> None:
    rows = variant.execute(
        "select year, municipality_code, is_series_break, series_break_type, code_change_type "
        "from marts.mart_municipality_migration "
        "where municipality_code in ('1942', '5061') order by year, municipality_code"
    ).fetchall()
    assert rows == [
        (2018, "1942", False, None, None),
        (2019, "1942", False, None, "renamed"),
        (2019, "5061", False, None, "renumbered"),
    ]
    dim = dict(
        variant.execute(
            "select municipality_code || ' ' || valid_from, starts_with_boundary_change "
            "from marts.dim_municipalities where municipality_code in ('5428', '1103') "
            "and valid_from = '2020-01-01'"
        ).fetchall()
    )
    assert dim == {"5428 2020-01-01": False, "1103 2020-01-01": True}


def test_ssb_rule_estimates_sum_to_the_new_unit_and_stay_near_the_truth(
    variant: duckdb.DuckDBPyConnection,
) -> None:
    estimates = {code: account(variant, 2019, code) for code in ("1103", "1141", "1142")}
    for row in estimates.values():
        assert row[2] == "estimated (SSB rule)" and row[6] is True and row[5] is True
    ends = {code: row[1] for code, row in estimates.items()}
    # The old units' year-end populations sum exactly to Stavanger's on 1 January 2020 ...
    assert sum(ends.values()) == POPULATION_2020["1103"] == sum(TRUE_YEAR_END_2019.values())
    # ... and each is within the group's discrepancy (1304 - 1301 accounted = 3) of the
    # true 31 December count the register did not deliver.
    group_discrepancy = sum(row[4] for row in estimates.values())
    assert group_discrepancy == 3
    for code, end in ends.items():
        assert abs(end - TRUE_YEAR_END_2019[code]) <= group_discrepancy, code
    # The proportional shares of 1304 over accounts 1001, 100, 200, rounded to whole persons
    # by largest remainders: 1003.007, 100.231, 200.461 -> 1003, 100, 201.
    assert ends == {"1103": 1003, "1141": 100, "1142": 201}


def test_a_register_without_the_published_year_builds_green_with_a_note(
    variant_build: DbtRun,
) -> None:
    assert variant_build.returncode == 0, variant_build.output
    results = variant_build.results()
    assert results["assert_county_migration_matches_published"] == "pass"
    assert results["assert_national_migration_matches_published"] == "pass"
    assert (
        "assert_county_migration_matches_published: published year 2015 not compared: "
        "the register has no events and no population counts in that year"
    ) in variant_build.output


def test_complete_years_are_exposed_with_their_reasons(
    variant: duckdb.DuckDBPyConnection,
) -> None:
    years = variant.execute(
        "select year, is_complete, completeness_note, counted_moves "
        "from marts.dim_statistical_years order by year"
    ).fetchall()
    assert years == [
        (2018, True, "complete", 2),
        (2019, True, "complete", 3),
        (2020, False, "no population count on 1 January 2021 nor on 31 December 2020", 0),
    ]


def test_text_dates_that_do_not_parse_are_quarantined_with_their_raw_values(
    variant: duckdb.DuckDBPyConnection,
) -> None:
    quarantined = {
        (table, event_id): (reason, raw)
        for table, event_id, reason, raw in variant.execute(
            "select source_table, event_id, quarantine_reason, raw_record "
            "from audit.register_quarantine"
        ).fetchall()
    }
    assert set(quarantined) == set(EXPECTED_REASONS)
    for key, (reason, raw_value) in EXPECTED_REASONS.items():
        assert quarantined[key][0] == reason, key
        assert raw_value in quarantined[key][1], key
    accounting = variant.execute(
        "select source_table, raw_rows, counted_rows, quarantined_rows "
        "from audit.register_row_accounting order by source_table"
    ).fetchall()
    assert accounting == [
        ("births", 3, 2, 1),
        ("deaths", 1, 1, 0),
        ("migrations", 7, 5, 2),
        ("population", 17, 16, 1),
    ]


def mart_rows(database: Path) -> dict[str, list[tuple]]:
    """Every table of schema marts, without the load timestamps, sorted."""
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = [
            r[0]
            for r in connection.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        rows = {}
        for table in tables:
            columns = [
                r[0]
                for r in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? "
                    "and column_name != 'loaded_at' order by ordinal_position",
                    [table],
                ).fetchall()
            ]
            rows[table] = connection.execute(
                f"select {', '.join(columns)} from marts.{table} order by all"
            ).fetchall()
    return rows


def test_mixed_text_and_date_files_give_the_marts_of_all_date_files(
    tmp_path: Path, variant_build: DbtRun
) -> None:
    assert variant_build.returncode == 0, variant_build.output
    raw = write_variant_register(tmp_path / "raw", text_dates=False)
    typed = run_dbt(
        ["build", "--exclude-resource-type", "test", "unit_test"],
        tmp_path / "typed.duckdb",
        fixture_vars(raw),
    )
    assert typed.returncode == 0, typed.output
    text_marts, typed_marts = mart_rows(variant_build.database), mart_rows(typed.database)
    assert text_marts.keys() == typed_marts.keys()
    assert "mart_municipality_population_account" in text_marts
    for table, rows in typed_marts.items():
        assert text_marts[table] == rows, table


def test_a_date_column_of_another_type_fails_naming_file_and_column(tmp_path: Path) -> None:
    raw = write_variant_register(tmp_path / "raw", text_dates=False)
    broken = raw / "migrations" / "migrations_2019.parquet"
    table = pq.read_table(broken)
    days = pa.array([20190404, 20190606, 20190707], type=pa.int64())
    pq.write_table(table.set_column(2, "move_date", days), broken)
    run = run_dbt(
        ["run", "--select", "stg_register__migrations"],
        tmp_path / "broken.duckdb",
        fixture_vars(raw),
    )
    assert run.returncode != 0
    # the file as dbt reads it: the var raw_path (here a link to raw), then the table's folder
    named = f"{run.raw_path}/migrations/{broken.name}"
    assert f"raw register file {named}: column move_date has the type INT64" in run.output
