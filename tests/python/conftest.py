"""The session's shared fixtures: the fixture register, one dbt build of it, a read-only
connection to that build; for the engine tests, the registers they build and DuckDB's builds
of them (the references). Helper functions live in ``tests/python/helpers.py``."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.python.engine_builds import Build, memoised, register_vars
from tests.python.helpers import (
    PARSE_CACHE,
    DbtRun,
    fixture_vars,
    generate_default_register,
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


PARSE_CACHE_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """One folder of dbt partial parses for the whole session (helpers.run_dbt), made by the
    controller before pytest-xdist starts the workers, which inherit its environment."""
    if PARSE_CACHE not in os.environ:
        os.environ[PARSE_CACHE] = tempfile.mkdtemp(prefix="norway-migration-parses-")
        config.stash[PARSE_CACHE_KEY] = os.environ[PARSE_CACHE]


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(PARSE_CACHE_KEY, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[PARSE_CACHE]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order inside each file is kept


@pytest.fixture(scope="session")
def fixture_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_register(tmp_path_factory.mktemp("raw"))


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory, fixture_register: Path) -> DbtRun:
    """One `dbt build` of the whole project on the fixture register."""
    database = tmp_path_factory.mktemp("warehouse") / "fixture.duckdb"
    run = run_dbt(["build"], database, fixture_vars(fixture_register))
    assert run.returncode == 0, run.output
    return run


@pytest.fixture()
def warehouse(fixture_build: DbtRun) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(fixture_build.database), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def publication_build(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    """One `dbt build` of the whole project on the municipal tables' register
    (register_publication.py: the 1976 division of Tolga-Os, the 2020 mergers of Stavanger
    and Øygarden, a rename)."""
    from tests.python.register_publication import write_publication_register

    raw = write_publication_register(tmp_path_factory.mktemp("publication_raw"))
    database = tmp_path_factory.mktemp("publication_warehouse") / "publication.duckdb"
    run = run_dbt(["build"], database, fixture_vars(raw))
    assert run.returncode == 0, run.output
    return run


@pytest.fixture(scope="session")
def registers(tmp_path_factory: pytest.TempPathFactory, fixture_register: Path) -> dict[str, Path]:
    year = generate_default_register(tmp_path_factory.mktemp("raw_2015"), 2015, 2015)
    return {"fixtures": fixture_register, "year_2015": year}


@pytest.fixture(scope="session")
def duckdb_build(
    tmp_path_factory: pytest.TempPathFactory,
    registers: dict[str, Path],
    request: pytest.FixtureRequest,
) -> Build:
    """DuckDB's build of each register the engine tests build (the fixture register's is
    `fixture_build`, the same command on the same register)."""

    def build(name: str) -> DbtRun:
        if name == "fixtures":
            reference: DbtRun = request.getfixturevalue("fixture_build")
            return reference
        database = tmp_path_factory.mktemp(f"duckdb_{name}") / "warehouse.duckdb"
        run = run_dbt(["build"], database, register_vars(name, registers[name]))
        assert run.returncode == 0, run.output
        return run

    return memoised(build)


@pytest.fixture(scope="session")
def two_deliveries_reference(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    """DuckDB's full build of the fixture register delivered in two steps."""
    raw = write_register(write_register(tmp_path_factory.mktemp("raw_two"), {2019}), {2020})
    database = tmp_path_factory.mktemp("duckdb_two") / "warehouse.duckdb"
    run = run_dbt(["build", "--full-refresh"], database, fixture_vars(raw))
    assert run.returncode == 0, run.output
    return run
