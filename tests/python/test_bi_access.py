"""BI access: a read-only SQLAlchemy connection (duckdb-engine) and the Parquet/CSV export."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from norway_migration.cli.warehouse import EXPORT_FORMATS
from norway_migration.warehouse.export import FORMATS, PARTITIONED_BY_YEAR
from tests.python.helpers import DbtRun, run_cli

COUNTY_02_2019 = (
    "select in_migration_internal, out_migration_internal from marts.mart_county_migration "
    "where year = :year and county_code = :county_code"
)


def read_only_url(database: Path) -> str:
    """The SQLAlchemy URL a BI tool uses: duckdb-engine, the file, DuckDB's access_mode."""
    return f"duckdb:///{database}?access_mode=read_only"


@pytest.fixture(params=["url", "connect_args"])
def engine(request: pytest.FixtureRequest, fixture_build: DbtRun) -> Iterator[sa.Engine]:
    """Both ways duckdb-engine opens a file read-only: in the URL or as a connect argument."""
    if request.param == "url":
        engine = sa.create_engine(read_only_url(fixture_build.database))
    else:
        engine = sa.create_engine(
            f"duckdb:///{fixture_build.database}", connect_args={"read_only": True}
        )
    yield engine
    engine.dispose()


def run_export(*args: str) -> subprocess.CompletedProcess[str]:
    """`norway-migration export <args>` from the project root."""
    return run_cli("export", *args)


def mart_counts(database: Path) -> dict[str, int]:
    """Row count of every relation of schema marts."""
    with duckdb.connect(str(database), read_only=True) as connection:
        names = connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
        return {
            name: connection.execute(f'select count(*) from marts."{name}"').fetchall()[0][0]
            for (name,) in names
        }


def test_sqlalchemy_reads_a_mart_read_only(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        row = connection.execute(sa.text(COUNTY_02_2019), {"year": 2019, "county_code": "02"}).one()
    # Akershus 2019: in from Oslo (M02), out to Rogaland (M03); Baerum -> Asker is no county move.
    assert tuple(row) == (1, 1)


@pytest.mark.parametrize(
    "statement",
    [
        "create table marts.bi_scratch (a integer)",
        "update marts.mart_county_migration set in_migration_internal = 0",
        "drop table marts.mart_national_migration",
    ],
)
def test_writes_through_the_read_only_connection_fail(engine: sa.Engine, statement: str) -> None:
    with pytest.raises(sa.exc.DBAPIError, match="read-only"), engine.begin() as connection:
        connection.execute(sa.text(statement))
    with engine.connect() as connection:
        row = connection.execute(sa.text(COUNTY_02_2019), {"year": 2019, "county_code": "02"}).one()
    assert tuple(row) == (1, 1)


def test_export_writes_parquet_and_csv_of_every_mart(tmp_path: Path, fixture_build: DbtRun) -> None:
    out = tmp_path / "exports"
    for _ in range(2):  # a second run overwrites the first one's files
        completed = run_export("--database", str(fixture_build.database), "--out", str(out))
        assert completed.returncode == 0, completed.stderr
    expected = mart_counts(fixture_build.database)
    assert {"mart_county_migration", "mart_national_migration", "fct_moves"} <= set(expected)
    assert sorted(path.name for path in out.iterdir()) == sorted(
        f"{name}.{suffix}" if suffix == "csv" or name not in PARTITIONED_BY_YEAR else name
        for name in expected
        for suffix in ("parquet", "csv")
    )
    with duckdb.connect() as connection:
        for name, rows in expected.items():
            for reader in ("read_parquet", "read_csv"):
                file = out / f"{name}.{'parquet' if reader == 'read_parquet' else 'csv'}"
                if reader == "read_parquet" and name in PARTITIONED_BY_YEAR:
                    file = out / name / "*" / "*.parquet"  # partitioned by year
                counted = connection.execute(f"select count(*) from {reader}(?)", [str(file)])
                assert counted.fetchall() == [(rows,)], (name, reader)
        county = connection.execute(
            "select in_migration_internal from read_parquet(?) "
            "where year = 2019 and county_code = '02'",
            [str(out / "mart_county_migration.parquet")],
        ).fetchall()
    assert county == [(1,)]
    assert f"[{len(expected)}/{len(expected)}] marts." in completed.stdout


def test_export_only_the_formats_asked_for(tmp_path: Path, fixture_build: DbtRun) -> None:
    completed = run_export(
        "--database", str(fixture_build.database), "--out", str(tmp_path), "--format", "csv"
    )
    assert completed.returncode == 0, completed.stderr
    assert {path.suffix for path in tmp_path.iterdir()} == {".csv"}
    header = (tmp_path / "mart_national_migration.csv").read_text().splitlines()[0]
    assert header.startswith("year,in_migration_total,in_migration_from_abroad,")


def test_export_of_a_missing_database_fails_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_warehouse.duckdb"
    completed = run_export("--database", str(missing), "--out", str(tmp_path / "out"))
    assert completed.returncode != 0
    assert str(missing) in completed.stderr
    assert not (tmp_path / "out").exists()


def test_export_help_names_every_format() -> None:
    """The command line names the formats without importing DuckDB; they are the export's."""
    assert EXPORT_FORMATS == tuple(FORMATS)
    completed = run_export("--help")
    assert completed.returncode == 0
    assert ",".join(FORMATS) in completed.stdout
