"""One project, three engines (PostgreSQL here; Spark in test_engines_spark.py): `dbt build`
on PostgreSQL passes every test that passes on DuckDB (identities, reconciliation with SSB's
2015 table, quarantine accounting, unit tests), and the marts and the quarantine it builds are
identical to DuckDB's; an incremental build after a second delivery ends where a full build
ends.

Two inputs: the first delivery of the hand-checkable fixture register (the first of the
incremental test's two builds) and one year (2015) of the default register (engine_builds.py).
`make test-postgres` runs these tests (it installs Debian's server when missing; each session
starts a throwaway server on 127.0.0.1).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.python.engine_builds import (
    FIRST_DELIVERY,
    LOADED_AT_BY_YEAR,
    REGISTERS,
    Build,
    Deliveries,
    EngineBuild,
    EngineRun,
    ReadTables,
    assert_incremental_equals_full,
    assert_same_results,
    assert_same_tables,
    default_vars,
    engine_run,
    memoised,
    two_deliveries,
)
from tests.python.engines import Table, postgres_table
from tests.python.helpers import NORWAY_MIGRATION, DbtRun, fixture_vars, run_dbt


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


def postgres_tables(port: int, dbname: str) -> ReadTables:
    def read(relations: list[str]) -> dict[str, Table]:
        with closing(postgres_connection(port, dbname)) as connection:
            return {relation: postgres_table(connection, relation) for relation in relations}

    return read


@pytest.fixture(scope="session")
def postgres_deliveries(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_port: int,
    first_delivery_reference: DbtRun,
    two_deliveries_reference: DbtRun,
) -> Deliveries:
    """The fixture register's two deliveries, each loaded into one database and built there."""
    folder, dbname = tmp_path_factory.mktemp("postgres_deliveries"), "norway_migration_deliveries"
    raw = folder / "raw"
    create_database(postgres_port, dbname)

    def build() -> DbtRun:
        return postgres_dbt_build(raw, postgres_port, dbname, folder, fixture_vars(raw))

    def loaded_at_by_year() -> dict[int, Any]:
        with closing(postgres_connection(postgres_port, dbname)) as connection:
            cursor = connection.cursor()
            cursor.execute(LOADED_AT_BY_YEAR.format(table="marts.fct_moves"))
            return dict(cursor.fetchall())

    references = (first_delivery_reference, two_deliveries_reference)
    read = postgres_tables(postgres_port, dbname)
    return two_deliveries(raw, build, loaded_at_by_year, read, references)


@pytest.fixture(scope="session")
def postgres_build(
    tmp_path_factory: pytest.TempPathFactory,
    register_2015: Path,
    postgres_port: int,
    duckdb_build: Build,
    request: pytest.FixtureRequest,
) -> EngineBuild:
    """Load a register into its own database with `norway-migration postgres load`, then
    build (the first delivery: as the first of the two)."""

    def build(name: str) -> EngineRun:
        if name == FIRST_DELIVERY:
            deliveries: Deliveries = request.getfixturevalue("postgres_deliveries")
            return deliveries.first
        dbname = f"norway_migration_{name}"
        create_database(postgres_port, dbname)
        folder = tmp_path_factory.mktemp(f"postgres_{name}")
        variables = default_vars(register_2015)
        run = postgres_dbt_build(register_2015, postgres_port, dbname, folder, variables)
        return engine_run(run, duckdb_build(name), postgres_tables(postgres_port, dbname))

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
    register: str, postgres_build: EngineBuild, duckdb_build: Build
) -> None:
    run = postgres_build(register).run
    assert run.returncode == 0, run.output
    assert_same_results(duckdb_build(register), run)


@pytest.mark.postgres
@pytest.mark.parametrize("register", REGISTERS)
def test_postgres_marts_equal_duckdb(
    register: str, postgres_build: EngineBuild, duckdb_build: Build
) -> None:
    built = postgres_build(register)
    assert built.run.returncode == 0, built.run.output
    assert_same_tables(duckdb_build(register), built.tables.__getitem__)


@pytest.mark.postgres
def test_postgres_incremental_build_equals_a_full_build(
    postgres_deliveries: Deliveries, two_deliveries_reference: DbtRun
) -> None:
    assert_incremental_equals_full(postgres_deliveries, two_deliveries_reference)
