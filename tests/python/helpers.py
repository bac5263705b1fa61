"""Helpers the tests share: run dbt against a throw-away DuckDB file and a given raw register,
run the project's command line, drive headless Chromium.

Imported as ``tests.python.helpers``: ``tests/`` and ``tests/python/`` are packages, so pytest
(in its default import mode) makes the project root importable, and no test changes the
import path itself. The package under test, ``norway_migration``, is imported as installed
(``pip install -e .``).
"""

from __future__ import annotations

import atexit
import fcntl
import functools
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.python.dbt_server import DbtServer

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DBT = str(BIN / "dbt")
# The project's command line, as the virtual environment installs it (pyproject.toml).
NORWAY_MIGRATION = str(BIN / "norway-migration")

T = TypeVar("T")


@dataclass(frozen=True)
class DbtRun:
    """The outcome of one dbt command."""

    returncode: int
    output: str
    database: Path
    target_path: Path
    # The var raw_path as dbt saw it (files are named by it in messages), if one was given.
    raw_path: str | None = None

    def results(self) -> dict[str, str]:
        """Status of every node of the run, by node name."""
        data = json.loads((self.target_path / "run_results.json").read_text())
        return {r["unique_id"].split(".")[2]: r["status"] for r in data["results"]}


# Runs `dbt <args>` in a folder with variables added to the environment: exit code, output.
Runner = Callable[[list[str], Path, dict[str, str]], tuple[int, str]]


def run_in_subprocess(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """dbt as a user runs it: its own process."""
    completed = subprocess.run(
        [DBT, *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.returncode, completed.stdout + completed.stderr


# Where the commands of the DuckDB target run: in the worker's dbt server (dbt_server.py), or
# with `process`, each in its own process.
TEST_DBT = "NORWAY_MIGRATION_TEST_DBT"


@functools.cache
def worker_server() -> DbtServer:
    """This process's dbt server, started at its first command (its log beside the session's
    partial parses) and stopped when the process ends."""
    server = DbtServer(
        Path(os.environ[SESSION_FOLDER]) / f"dbt_server_{os.getpid()}.log", PROJECT_ROOT
    )
    atexit.register(server.close)
    return server


def run_in_server(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """dbt in this process's dbt server (outside a test session, or with
    NORWAY_MIGRATION_TEST_DBT=process, in a process of its own)."""
    if os.environ.get(TEST_DBT) == "process" or not os.environ.get(SESSION_FOLDER):
        return run_in_subprocess(args, cwd, env)
    return worker_server().dbt(args, cwd, env)


def run_dbt(
    args: list[str],
    database: Path,
    variables: dict[str, object] | None = None,
    project_dir: Path = PROJECT_ROOT,
    target: str | None = None,
    env: dict[str, str] | None = None,
    target_path: Path | None = None,
    runner: Runner | None = None,
) -> DbtRun:
    """Run `dbt <args>` in project_dir with its own warehouse file and target folder (and,
    for another engine, the profile's `target` with its settings in `env`; dbt's files go to
    target_path, by default a folder beside the warehouse file). `runner` runs the command
    (by default: on DuckDB in the worker's dbt server, `run_in_server`; on another engine in
    a process of its own; the Spark tests' runs in their long-lived Spark server).

    A DuckDB build runs in its own folder beside `database`, on `warehouse.duckdb` there
    (`database` links to it), with `raw` linking to the register (the var `raw_path` is then
    `raw`). DuckDB names the catalog after the file it opens, so builds with the same other
    vars have the same catalog, profile and vars, and each starts from the partial parse an
    earlier build of the session left (`parse_cache`) instead of parsing the whole project
    again. dbt checks that the files, vars, profile and versions are unchanged
    before it reuses one, and parses anew what changed."""
    target_path = target_path or database.parent / f"target_{database.stem}"
    variables = dict(variables or {})
    cwd, warehouse = project_dir, str(database)
    if target is None:
        cwd = database.parent / f"run_{database.stem}"
        warehouse = "warehouse.duckdb"
        cwd.mkdir(parents=True, exist_ok=True)
        if not database.is_symlink():
            if database.exists():  # a warehouse the test made: the build goes on from it
                database.replace(cwd / warehouse)
            database.symlink_to(cwd / warehouse)
        raw = variables.get("raw_path")
        if isinstance(raw, str) and Path(raw).is_dir():
            link(cwd / "raw", Path(raw).resolve())
            variables["raw_path"] = "raw"
    command = [
        *args,
        "--profiles-dir",
        str(PROJECT_ROOT),
        "--project-dir",
        str(project_dir),
        "--target-path",
        str(target_path),
    ]
    if target:
        command += ["--target", target]
    if variables:
        command += ["--vars", json.dumps(variables, sort_keys=True)]
    cached = parse_cache(project_dir, target, variables)
    saved = target_path / PARTIAL_PARSE
    if cached and cached.exists() and not saved.exists():
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, saved)
    env = {
        "NORWAY_MIGRATION_DB": warehouse,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # dbt's debug log file (the project's logs/dbt.log, which every build appends to) repeats
        # at debug level what the run's output and artifacts say; writing it is about 5 %
        # of a fixture build's CPU. A test reads the output (DbtRun.output) and artifacts.
        "DBT_LOG_LEVEL_FILE": "none",
        **(DUCKDB_TEST_THREADS if target is None else {}),
        **(env or {}),
    }
    if runner is None:  # DuckDB in the worker's dbt server; another engine, its own process
        runner = run_in_server if target is None else run_in_subprocess
    returncode, output = runner(command, cwd, env)
    if cached and not cached.exists() and saved.exists():
        partial = cached.with_suffix(f".{os.getpid()}")
        shutil.copyfile(saved, partial)
        partial.replace(cached)  # atomic: another worker may be writing the same entry
    raw_path = variables.get("raw_path")
    return DbtRun(
        returncode,
        output,
        database,
        target_path,
        None if raw_path is None else str(raw_path),
    )


def link(path: Path, to: Path) -> None:
    """path as a symbolic link to `to` (which need not exist yet), replacing an older one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(to)


# A DuckDB build of a test runs one model at a time and each query on one thread: the test
# registers are tiny, and the session's two workers already keep both cores busy. The
# profile's two threads of each cost about 10 % more CPU for the same build (fixture
# register: 19.3 s of CPU against 17.4 s, measured alone).
DUCKDB_TEST_THREADS = {"NORWAY_MIGRATION_THREADS": "1", "NORWAY_MIGRATION_DUCKDB_THREADS": "1"}
PARTIAL_PARSE = "partial_parse.msgpack"
# The session's folder, shared by the pytest-xdist workers (conftest.py makes it in the
# controller before the workers start, and removes it at the end): dbt's partial parses
# (`parse_cache`) and the builds every worker needs (`once_per_session`).
SESSION_FOLDER = "NORWAY_MIGRATION_TEST_SESSION"


def parse_cache(project_dir: Path, target: str | None, variables: dict[str, object]) -> Path | None:
    """Where the session keeps dbt's partial parse for this project, target and vars (dbt
    parses anew when any of them differs), or None outside a test session."""
    folder = os.environ.get(SESSION_FOLDER)
    if not folder:
        return None
    key = json.dumps([str(project_dir), target, variables], sort_keys=True)
    parses = Path(folder) / "parses"
    parses.mkdir(exist_ok=True)
    return parses / f"{hashlib.sha256(key.encode()).hexdigest()[:16]}.msgpack"


def once_per_session(name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)` run once in the test session, by the first pytest-xdist worker that asks;
    a worker asking while it runs waits for it (a lock file), and every later one gets the
    same result (pickled) and reads the same files. `make` must leave its files unchanged
    once it returns (the workers read them at the same time). If `make` raises, nothing is
    kept: the next worker to ask tries again (and fails the same way, in its own test)."""
    session = os.environ.get(SESSION_FOLDER)
    assert session, f"{SESSION_FOLDER} is not set: conftest.py sets it for every test session"
    builds = Path(session) / "builds"
    builds.mkdir(exist_ok=True)
    folder, kept = builds / name, builds / f"{name}.pickle"
    with (builds / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if kept.exists():
            result: T = pickle.loads(kept.read_bytes())
            return result
        shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
        folder.mkdir()
        result = make(folder)
        kept.write_bytes(pickle.dumps(result))
        return result


def fixture_vars(raw_path: Path, **extra: object) -> dict[str, object]:
    """Vars for a build on a fixture register: the defaults (the comparison with SSB's
    published tables on; a fixture covers no published year, so it is reported and not
    compared), except that the fixtures' many broken rows may exceed the quarantine share."""
    return {"raw_path": str(raw_path), "quarantine_error_share": 1, **extra}


def generate_default_register(out: Path, first_year: int, last_year: int) -> Path:
    """The default synthetic register (`norway-migration generate`) for the given years."""
    subprocess.run(
        [
            NORWAY_MIGRATION,
            "generate",
            "--out",
            str(out),
            "--first-year",
            str(first_year),
            "--last-year",
            str(last_year),
            "--quiet",
        ],
        check=True,
    )
    return out


def run_cli(
    *args: str, cwd: Path = PROJECT_ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`norway-migration <args>` as a user runs it, output captured (never raises)."""
    return subprocess.run(
        [NORWAY_MIGRATION, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium(profile: Path, width: int, height: int) -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright, with a fresh profile (skips the test
    when Chromium is not installed: `make test-docs` installs it)."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: `make test-docs` installs Debian's "
            "chromium (apt-get install chromium); the browser tests need it."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
        )
        try:
            yield context
        finally:
            context.close()
