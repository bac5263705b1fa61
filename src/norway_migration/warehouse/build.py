"""Build the warehouse into a new DuckDB file and swap it into place only on success.

BI users keep reading the previous warehouse while the build runs (the build never opens
their file for writing), and a failed build leaves the previous warehouse as it was:

1. copy the current warehouse (if any) to ``<database>.building`` so incremental models
   keep their state (skipped with ``--full-refresh``: the build starts from nothing);
2. run ``dbt build`` against that copy (extra arguments go to dbt; on the command line, the
   arguments after ``--``);
3. on success, rename the copy over the warehouse (an atomic ``os.replace``); on failure,
   delete the copy and exit with dbt's exit code.

Readers that opened the old file keep reading it until they reconnect.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from norway_migration.paths import DATABASE_ENV_VAR, PROJECT_ROOT, WAREHOUSE_DIR


def default_database() -> Path:
    """$NORWAY_MIGRATION_DB, else warehouse/norway_migration.duckdb in the project root."""
    return Path(os.environ.get(DATABASE_ENV_VAR, WAREHOUSE_DIR / "norway_migration.duckdb"))


def default_dbt() -> str:
    """The dbt executable beside this Python (the project's virtual environment)."""
    return str(Path(sys.executable).parent / "dbt")


def building_path(database: Path) -> Path:
    return database.with_name(database.name + ".building")


def remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def say(message: str, quiet: bool) -> None:
    if not quiet:
        print(f"build: {message}", flush=True)


def prepare(database: Path, full_refresh: bool, quiet: bool = False) -> Path:
    """A fresh building copy of the warehouse (or nothing, for a full refresh)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    target = building_path(database)
    remove(target)
    if database.exists() and not full_refresh:
        say(f"copying {database} to {target}", quiet)
        shutil.copyfile(database, target)
    return target


def run_dbt(
    dbt: str, target: Path, full_refresh: bool, dbt_args: list[str], quiet: bool = False
) -> int:
    """``dbt build`` into ``target``; with ``quiet``, dbt prints only its errors."""
    command = [
        dbt,
        "build",
        "--profiles-dir",
        str(PROJECT_ROOT),
        "--project-dir",
        str(PROJECT_ROOT),
        *(["--full-refresh"] if full_refresh else []),
        *(["--quiet"] if quiet else []),
        *dbt_args,
    ]
    env = {**os.environ, "NORWAY_MIGRATION_DB": str(target)}
    say(f"{' '.join(command)} (into {target})", quiet)
    return subprocess.run(command, env=env, cwd=PROJECT_ROOT, check=False).returncode


def build_warehouse(
    database: Path,
    full_refresh: bool = False,
    dbt_args: list[str] | None = None,
    dbt: str | None = None,
    quiet: bool = False,
) -> int:
    """Build into a copy of ``database`` and swap it in on success; dbt's exit code."""
    database = database.resolve()
    started = time.monotonic()
    target = prepare(database, full_refresh, quiet)
    returncode = run_dbt(dbt or default_dbt(), target, full_refresh, dbt_args or [], quiet)
    if returncode != 0:
        remove(target)
        print(f"build: dbt failed ({returncode}); {database} is unchanged", flush=True)
        return returncode
    os.replace(target, database)
    say(f"{database} replaced in {time.monotonic() - started:.1f} s", quiet)
    return 0
