"""The session's shared fixtures: the fixture register, one dbt build of it, a read-only
connection to that build; for the engine tests, DuckDB's builds of the registers they build
(the references). Helper functions live in ``tests/python/helpers.py``."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.python.engine_builds import FIRST_DELIVERY, Build, default_vars, deliveries_reference
from tests.python.helpers import (
    SESSION_FOLDER,
    DbtRun,
    fixture_vars,
    generate_default_register,
    once_per_session,
    run_dbt,
)
from tests.python.register_fixtures import write_register

# The longest test files (several Spark or PostgreSQL builds each), run first: with
# `--dist loadfile --no-loadscope-reorder` (the Makefile's) pytest-xdist hands files to
# workers in the order of the items (by default it would sort them by their number of tests,
# putting the one-test Spark file last), so the others fill the workers around them instead
# of leaving one worker alone with them at the end.
LONGEST_FIRST = (
    "test_engines_spark.py",
    "test_engines_postgres.py",
    "test_incremental.py",
)


SESSION_FOLDER_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """One folder for the whole session (dbt's partial parses, the builds the workers share:
    helpers.run_dbt, helpers.once_per_session), made by the controller before pytest-xdist
    starts the workers, which inherit its environment."""
    if SESSION_FOLDER not in os.environ:
        os.environ[SESSION_FOLDER] = tempfile.mkdtemp(prefix="norway-migration-tests-")
        config.stash[SESSION_FOLDER_KEY] = os.environ[SESSION_FOLDER]


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(SESSION_FOLDER_KEY, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[SESSION_FOLDER]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order inside each file is kept


@pytest.fixture(scope="session")
def fixture_register() -> Path:
    """The hand-checkable fixture register (register_fixtures.py), written once for the
    session's workers."""
    return once_per_session("raw_fixtures", write_register)


@pytest.fixture(scope="session")
def fixture_build(fixture_register: Path) -> DbtRun:
    """One `dbt build` of the whole project on the fixture register, once for the session's
    workers. Its warehouse is only read (read-only connections, which DuckDB lets processes
    hold at the same time); a test that runs dbt on it works on a copy."""

    def build(folder: Path) -> DbtRun:
        run = run_dbt(["build"], folder / "fixture.duckdb", fixture_vars(fixture_register))
        assert run.returncode == 0, run.output
        return run

    return once_per_session("fixture_build", build)


@pytest.fixture()
def warehouse(fixture_build: DbtRun) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(fixture_build.database), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def publication_build() -> DbtRun:
    """One `dbt build` of the whole project on the municipal tables' register
    (register_publication.py: the 1976 division of Tolga-Os, the 2020 mergers of Stavanger
    and Øygarden, a rename), once for the session's workers (only read, as fixture_build)."""
    from tests.python.register_publication import write_publication_register

    def build(folder: Path) -> DbtRun:
        raw = write_publication_register(folder / "raw")
        run = run_dbt(["build"], folder / "publication.duckdb", fixture_vars(raw))
        assert run.returncode == 0, run.output
        return run

    return once_per_session("publication_build", build)


@pytest.fixture(scope="session")
def register_2015() -> Path:
    """One year (2015) of the default register, generated once for the session's workers."""
    return once_per_session("raw_2015", lambda out: generate_default_register(out, 2015, 2015))


@pytest.fixture(scope="session")
def build_2015(register_2015: Path) -> DbtRun:
    """`dbt build` of the whole project on register_2015 with the default vars (so SSB's 2015
    table is compared), once for the session's workers."""

    def build(folder: Path) -> DbtRun:
        # as the engine tests build it
        run = run_dbt(["build"], folder / "warehouse.duckdb", default_vars(register_2015))
        assert run.returncode == 0, run.output
        return run

    return once_per_session("duckdb_year_2015", build)


@pytest.fixture(scope="session")
def duckdb_build(request: pytest.FixtureRequest) -> Build:
    """DuckDB's build of each register the engine tests build (engine_builds.REGISTERS): the
    same command on the same files."""
    references = {FIRST_DELIVERY: "first_delivery_reference", "year_2015": "build_2015"}

    def build(name: str) -> DbtRun:
        reference: DbtRun = request.getfixturevalue(references[name])
        return reference

    return build


@pytest.fixture(scope="session")
def first_delivery_reference() -> DbtRun:
    """DuckDB's build of the fixture register's first delivery (2019's files) alone."""
    return deliveries_reference("duckdb_first_delivery", [{2019}], ["build"])


@pytest.fixture(scope="session")
def two_deliveries_reference() -> DbtRun:
    """DuckDB's full build of the fixture register delivered in two steps."""
    return deliveries_reference("duckdb_two", [{2019}, {2020}], ["build", "--full-refresh"])
