#!/usr/bin/env python3
"""Build the warehouse into a new DuckDB file and swap it into place only on success.

BI users keep reading the previous warehouse while the build runs (the build never opens
their file for writing), and a failed build leaves the previous warehouse as it was:

1. copy the current warehouse (if any) to ``<database>.building`` so incremental models
   keep their state (skipped with ``--full-refresh``: the build starts from nothing);
2. run ``dbt build`` against that copy (extra arguments after ``--`` go to dbt);
3. on success, rename the copy over the warehouse (an atomic ``os.replace``); on failure,
   delete the copy and exit with dbt's exit code.

Readers that opened the old file keep reading it until they reconnect.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = Path(
    os.environ.get("NORWAY_MIGRATION_DB", PROJECT_ROOT / "warehouse" / "norway_migration.duckdb")
)


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=DEFAULT_DATABASE,
        help="warehouse file to replace (default: $NORWAY_MIGRATION_DB or "
        "warehouse/norway_migration.duckdb)",
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="start from an empty file and rebuild every incremental model",
    )
    parser.add_argument(
        "--dbt",
        default=str(Path(sys.executable).parent / "dbt"),
        help="dbt executable (default: the one beside this Python)",
    )
    argv = sys.argv[1:] if argv is None else argv
    own, dbt_args = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    return parser.parse_args(own), dbt_args


def building_path(database: Path) -> Path:
    return database.with_name(database.name + ".building")


def remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def prepare(database: Path, full_refresh: bool) -> Path:
    """A fresh building copy of the warehouse (or nothing, for a full refresh)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    target = building_path(database)
    remove(target)
    if database.exists() and not full_refresh:
        print(f"build_warehouse: copying {database} to {target}", flush=True)
        shutil.copyfile(database, target)
    return target


def run_dbt(dbt: str, target: Path, full_refresh: bool, dbt_args: list[str]) -> int:
    command = [
        dbt,
        "build",
        "--profiles-dir",
        str(PROJECT_ROOT),
        "--project-dir",
        str(PROJECT_ROOT),
        *(["--full-refresh"] if full_refresh else []),
        *dbt_args,
    ]
    env = {**os.environ, "NORWAY_MIGRATION_DB": str(target)}
    print(f"build_warehouse: {' '.join(command)} (into {target})", flush=True)
    return subprocess.run(command, env=env, cwd=PROJECT_ROOT, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    args, dbt_args = parse_args(argv)
    database = args.database.resolve()
    started = time.monotonic()
    target = prepare(database, args.full_refresh)
    returncode = run_dbt(args.dbt, target, args.full_refresh, dbt_args)
    if returncode != 0:
        remove(target)
        print(f"build_warehouse: dbt failed ({returncode}); {database} is unchanged", flush=True)
        return returncode
    os.replace(target, database)
    print(f"build_warehouse: {database} replaced in {time.monotonic() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
