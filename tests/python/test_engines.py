"""One project, three engines: `dbt build` on PostgreSQL and on Spark passes every test that
passes on DuckDB (identities, reconciliation with SSB's 2015 table, quarantine accounting,
unit tests), and the marts and the quarantine they build are identical to DuckDB's.

Two inputs: the hand-checkable fixture register and one year (2015) of the default register.
`make test-postgres` runs the PostgreSQL half (it installs Debian's server when missing; each
session starts a throwaway server on 127.0.0.1), `make test-spark` the Spark half (pyspark in
local mode; Java 17).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.python.engines import (
    Table,
    built_relations,
    differences,
    duckdb_table,
    postgres_table,
    spark_query,
    spark_table,
)
from tests.python.helpers import (
    NORWAY_MIGRATION,
    DbtRun,
    fixture_vars,
    generate_default_register,
    run_dbt,
)
from tests.python.register_fixtures import write_register

REGISTERS = ["fixtures", "year_2015"]
COMPARED_SCHEMAS = frozenset({"marts", "audit"})

Build = Callable[[str], DbtRun]


def register_vars(name: str, raw: Path) -> dict[str, object]:
    """The fixture register does not cover SSB's 2015 table; the 2015 register must match it."""
    return fixture_vars(raw) if name == "fixtures" else {"raw_path": str(raw)}


def memoised(build: Build) -> Build:
    """Build each register once per session, whichever test asks first."""
    runs: dict[str, DbtRun] = {}

    def get(name: str) -> DbtRun:
        if name not in runs:
            runs[name] = build(name)
        return runs[name]

    return get


@pytest.fixture(scope="session")
def registers(tmp_path_factory: pytest.TempPathFactory, fixture_register: Path) -> dict[str, Path]:
    year = generate_default_register(tmp_path_factory.mktemp("raw_2015"), 2015, 2015)
    return {"fixtures": fixture_register, "year_2015": year}


@pytest.fixture(scope="session")
def duckdb_build(tmp_path_factory: pytest.TempPathFactory, registers: dict[str, Path]) -> Build:
    def build(name: str) -> DbtRun:
        database = tmp_path_factory.mktemp(f"duckdb_{name}") / "warehouse.duckdb"
        run = run_dbt(["build"], database, register_vars(name, registers[name]))
        assert run.returncode == 0, run.output
        return run

    return memoised(build)


def assert_same_results(reference: DbtRun, run: DbtRun) -> None:
    """Every node (model, seed, data test, unit test) ends as it did on DuckDB, and none
    errored or failed."""
    expected, actual = reference.results(), run.results()
    assert actual == expected, {
        node: (expected.get(node), actual.get(node))
        for node in expected.keys() | actual.keys()
        if expected.get(node) != actual.get(node)
    }
    assert not {status for status in actual.values()} & {"error", "fail"}, actual


# Tables a register without the optional columns of contract v2 (the fixture register) leaves
# empty; the 2015 register fills them, so they are compared with rows there.
EMPTY_WITHOUT_BIRTH_DATES = frozenset({"audit.register_age_sex_issues"})


def assert_same_tables(reference: DbtRun, read: Callable[[str], Table]) -> None:
    """Every table of the compared schemas equals DuckDB's (and none is empty, but for the
    audit of birth dates on a register that delivers none)."""
    for relation in relations_of(reference):
        expected = duckdb_table(reference.database, relation)
        assert expected.rows or relation in EMPTY_WITHOUT_BIRTH_DATES, (
            f"{relation} is empty: the comparison would prove nothing"
        )
        found = differences(expected, read(relation))
        assert not found, (relation, found)


LOADED_AT_BY_YEAR = "select period_year, max(loaded_at) from {table} group by period_year"


def two_deliveries(
    raw: Path, build: Callable[[], DbtRun], loaded_at_by_year: Callable[[], dict[int, Any]]
) -> DbtRun:
    """The fixture register delivered in two steps (2019, then 2020 files) with a build after
    each: the second build is incremental - it leaves fct_moves' 2019 rows as they were and
    reloads 2020 (loaded_at by year) - and must end where a full build ends."""
    write_register(raw, years={2019})
    first = build()
    assert first.returncode == 0, first.output
    before = loaded_at_by_year()
    write_register(raw, years={2020})
    second = build()
    assert second.returncode == 0, second.output
    after = loaded_at_by_year()
    assert after[2019] == before[2019], (before, after)
    assert 2020 in after and after[2020] != before.get(2020), (before, after)
    return second


@pytest.fixture(scope="session")
def two_deliveries_reference(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    """DuckDB's full build of the fixture register delivered in two steps."""
    raw = write_register(write_register(tmp_path_factory.mktemp("raw_two"), {2019}), {2020})
    database = tmp_path_factory.mktemp("duckdb_two") / "warehouse.duckdb"
    run = run_dbt(["build", "--full-refresh"], database, fixture_vars(raw))
    assert run.returncode == 0, run.output
    return run


def relations_of(run: DbtRun) -> list[str]:
    manifest: dict[str, Any] = json.loads((run.target_path / "manifest.json").read_text())
    relations = built_relations(manifest, COMPARED_SCHEMAS)
    assert any(relation.startswith("marts.") for relation in relations), relations
    return relations


# --- PostgreSQL ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_port() -> Iterator[int]:
    """A throwaway PostgreSQL server for the session (`norway-migration postgres start`)."""
    port = free_port()
    # Not under pytest's 0700 temporary folder: the server runs as the user postgres, which
    # must reach its data directory (the script creates the folder and hands it over).
    folder = Path(tempfile.gettempdir()) / f"norway_migration_pg_{os.getpid()}_{port}"
    data_dir = folder / "data"
    server = [NORWAY_MIGRATION, "postgres"]
    started = subprocess.run(
        [*server, "start", "--data-dir", str(data_dir), "--port", str(port)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        assert started.returncode == 0, (
            "could not start PostgreSQL (`make test-postgres` installs Debian's server):\n"
            + started.stdout
            + started.stderr
        )
        yield port
    finally:  # also after a half-done start
        subprocess.run([*server, "stop", "--data-dir", str(data_dir), "--remove"], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def postgres_settings(port: int, dbname: str) -> dict[str, str]:
    """Every setting of the profile's postgres target (and the loader), so that none comes
    from the developer's own NORWAY_MIGRATION_PG_* variables."""
    return {
        "NORWAY_MIGRATION_PG_HOST": "127.0.0.1",
        "NORWAY_MIGRATION_PG_PORT": str(port),
        "NORWAY_MIGRATION_PG_USER": "postgres",
        "NORWAY_MIGRATION_PG_PASSWORD": "",
        "NORWAY_MIGRATION_PG_DBNAME": dbname,
    }


def postgres_connection(port: int, dbname: str) -> Any:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname=dbname)
    connection.autocommit = True
    return connection


def load_postgres(raw: Path, port: int, dbname: str) -> None:
    """Load a raw register into the schema `register` of dbname (`norway-migration postgres
    load`)."""
    subprocess.run(
        [
            NORWAY_MIGRATION,
            "postgres",
            "load",
            "--raw-path",
            str(raw),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--user",
            "postgres",
            "--dbname",
            dbname,
        ],
        env={**os.environ, **postgres_settings(port, dbname)},
        check=True,
    )


@pytest.fixture(scope="session")
def postgres_build(
    tmp_path_factory: pytest.TempPathFactory, registers: dict[str, Path], postgres_port: int
) -> Build:
    """Load a register into its own database with `norway-migration postgres load`, then
    build."""

    def build(name: str) -> DbtRun:
        dbname = f"norway_migration_{name}"
        create_database(postgres_port, dbname)
        folder = tmp_path_factory.mktemp(f"postgres_{name}")
        variables = register_vars(name, registers[name])
        return postgres_dbt_build(registers[name], postgres_port, dbname, folder, variables)

    return memoised(build)


def create_database(port: int, dbname: str) -> None:
    with closing(postgres_connection(port, "postgres")) as admin:
        admin.cursor().execute(f"create database {dbname}")


def postgres_dbt_build(
    raw: Path, port: int, dbname: str, folder: Path, variables: dict[str, object]
) -> DbtRun:
    """(Re)load the raw register into dbname, then `dbt build --target postgres` on it (dbt's
    files under folder)."""
    load_postgres(raw, port, dbname)
    return run_dbt(
        ["build"],
        folder / "postgres.duckdb",
        variables,
        target="postgres",
        env=postgres_settings(port, dbname),
    )


@pytest.mark.postgres
@pytest.mark.parametrize("register", REGISTERS)
def test_postgres_build_passes_every_test(
    register: str, postgres_build: Build, duckdb_build: Build
) -> None:
    run = postgres_build(register)
    assert run.returncode == 0, run.output
    assert_same_results(duckdb_build(register), run)


@pytest.mark.postgres
@pytest.mark.parametrize("register", REGISTERS)
def test_postgres_marts_equal_duckdb(
    register: str, postgres_build: Build, duckdb_build: Build, postgres_port: int
) -> None:
    reference, run = duckdb_build(register), postgres_build(register)
    assert run.returncode == 0, run.output
    with closing(postgres_connection(postgres_port, f"norway_migration_{register}")) as connection:
        assert_same_tables(reference, lambda relation: postgres_table(connection, relation))


@pytest.mark.postgres
def test_postgres_incremental_build_equals_a_full_build(
    tmp_path: Path, postgres_port: int, two_deliveries_reference: DbtRun
) -> None:
    raw, dbname = tmp_path / "raw", "norway_migration_two_deliveries"
    create_database(postgres_port, dbname)

    def build() -> DbtRun:
        return postgres_dbt_build(raw, postgres_port, dbname, tmp_path, fixture_vars(raw))

    def loaded_at_by_year() -> dict[int, Any]:
        with closing(postgres_connection(postgres_port, dbname)) as connection:
            cursor = connection.cursor()
            cursor.execute(LOADED_AT_BY_YEAR.format(table="marts.fct_moves"))
            return dict(cursor.fetchall())

    run = two_deliveries(raw, build, loaded_at_by_year)
    assert_same_results(two_deliveries_reference, run)
    with closing(postgres_connection(postgres_port, dbname)) as connection:
        assert_same_tables(
            two_deliveries_reference, lambda relation: postgres_table(connection, relation)
        )


# --- Spark ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spark_build(tmp_path_factory: pytest.TempPathFactory, registers: dict[str, Path]) -> Build:
    """Build with the profile's `spark` target (Spark in local mode inside dbt), each register
    in its own Spark warehouse and metastore."""
    assert shutil.which("java"), "Spark needs Java 17 (`java` is not on PATH)"

    def build(name: str) -> DbtRun:
        folder = tmp_path_factory.mktemp(f"spark_{name}")
        return spark_dbt_build(folder, register_vars(name, registers[name]))

    return memoised(build)


def spark_dbt_build(folder: Path, variables: dict[str, object]) -> DbtRun:
    """`dbt build --target spark` with its warehouse and metastore under folder/spark (and
    dbt's files beside it)."""
    settings = {"NORWAY_MIGRATION_SPARK_DIR": str(folder / "spark")}
    return run_dbt(["build"], folder / "spark.duckdb", variables, target="spark", env=settings)


def spark_dir(run: DbtRun) -> Path:
    return run.database.parent / "spark"


@pytest.mark.spark
@pytest.mark.parametrize("register", REGISTERS)
def test_spark_build_passes_every_test(
    register: str, spark_build: Build, duckdb_build: Build
) -> None:
    run = spark_build(register)
    assert run.returncode == 0, run.output
    assert_same_results(duckdb_build(register), run)


@pytest.mark.spark
@pytest.mark.parametrize("register", REGISTERS)
def test_spark_marts_equal_duckdb(register: str, spark_build: Build, duckdb_build: Build) -> None:
    reference, run = duckdb_build(register), spark_build(register)
    assert run.returncode == 0, run.output
    assert_same_tables(reference, lambda relation: spark_table(spark_dir(run), relation))


@pytest.mark.spark
def test_spark_incremental_build_equals_a_full_build(
    tmp_path: Path, two_deliveries_reference: DbtRun
) -> None:
    """Spark replaces the rebuilt years' partitions (insert_overwrite) where the other
    engines delete and insert: the second delivery must still end where a full build ends."""
    raw = tmp_path / "raw"

    def build() -> DbtRun:
        return spark_dbt_build(tmp_path, fixture_vars(raw))

    def loaded_at_by_year() -> dict[int, Any]:
        fct_moves = spark_query(tmp_path / "spark", "marts.fct_moves", LOADED_AT_BY_YEAR)
        return dict(fct_moves.fetchall())

    run = two_deliveries(raw, build, loaded_at_by_year)
    assert_same_results(two_deliveries_reference, run)
    assert_same_tables(
        two_deliveries_reference, lambda relation: spark_table(tmp_path / "spark", relation)
    )
