"""The session's shared fixtures: the fixture register, one dbt build of it, a read-only
connection to that build. Helper functions live in ``tests/python/helpers.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.python.helpers import DbtRun, fixture_vars, run_dbt
from tests.python.register_fixtures import write_register


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
