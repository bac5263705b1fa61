"""Shared helpers: run dbt against a throw-away DuckDB file and a given raw register."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from register_fixtures import write_register  # noqa: E402

DBT = str(Path(sys.executable).parent / "dbt")


@dataclass(frozen=True)
class DbtRun:
    """The outcome of one dbt command."""

    returncode: int
    output: str
    database: Path
    target_path: Path

    def results(self) -> dict[str, str]:
        """Status of every node of the run, by node name."""
        data = json.loads((self.target_path / "run_results.json").read_text())
        return {r["unique_id"].split(".")[2]: r["status"] for r in data["results"]}


def run_dbt(
    args: list[str],
    database: Path,
    variables: dict[str, object] | None = None,
    project_dir: Path = PROJECT_ROOT,
) -> DbtRun:
    """Run `dbt <args>` in project_dir with its own warehouse file and target folder."""
    target_path = database.parent / f"target_{database.stem}"
    command = [
        DBT,
        *args,
        "--profiles-dir",
        str(PROJECT_ROOT),
        "--project-dir",
        str(project_dir),
        "--target-path",
        str(target_path),
    ]
    if variables:
        command += ["--vars", json.dumps(variables)]
    env = {
        **os.environ,
        "NORWAY_MIGRATION_DB": str(database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        command, cwd=project_dir, env=env, capture_output=True, text=True, check=False
    )
    return DbtRun(completed.returncode, completed.stdout + completed.stderr, database, target_path)


def fixture_vars(raw_path: Path, **extra: object) -> dict[str, object]:
    """Vars for a build on the fixture register (which does not cover SSB's 2015 table)."""
    return {
        "raw_path": str(raw_path),
        "reconcile_published": False,
        "quarantine_error_share": 1,
        **extra,
    }


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
