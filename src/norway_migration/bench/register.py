"""The benchmark's register: generated once (reused while its options match) and split into
all years but the last, for the incremental build."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

from norway_migration.bench.common import BenchError, first_value, log, relative, sql_string
from norway_migration.paths import PROJECT_ROOT
from norway_migration.raw_register import TABLES


def register_options(first_year: int, last_year: int, scale: float = 1.0) -> dict[str, Any]:
    return {"first_year": first_year, "last_year": last_year, "seed": "default", "scale": scale}


def ensure_register(
    raw: Path,
    first_year: int,
    last_year: int,
    force: bool,
    quiet: bool = False,
    scale: float = 1.0,
) -> dict[str, Any]:
    """Generate the register into `raw` unless the marker says it is complete; timing info."""
    marker = raw / ".bench-register.json"
    options = register_options(first_year, last_year, scale)
    if marker.exists() and not force:
        recorded = json.loads(marker.read_text())
        if recorded.get("options") == options:
            log(f"register in {relative(raw)} is complete for {options}: reusing it")
            return {**recorded, "reused": True}
    marker.unlink(missing_ok=True)
    raw.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "norway_migration",
        "generate",
        "--out",
        str(raw),
        "--first-year",
        str(first_year),
        "--last-year",
        str(last_year),
        "--scale",
        str(scale),
        *(["--quiet"] if quiet else []),
    ]
    log(f"generating the register: {' '.join(command)}")
    started = time.monotonic()
    result = subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise BenchError(f"norway-migration generate failed with exit code {result.returncode}")
    recorded = {
        "options": options,
        "generate_seconds": seconds,
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "bytes": sum(f.stat().st_size for f in raw.rglob("*.parquet")),
    }
    marker.write_text(json.dumps(recorded, indent=2) + "\n")
    log(f"register generated in {seconds:.1f} s")
    return {**recorded, "reused": False}


def raw_row_counts(raw: Path) -> dict[str, int]:
    with duckdb.connect() as con:
        return {
            table: first_value(
                con.execute(
                    "select count(*) from "
                    f"read_parquet({sql_string(str(raw / table / '*.parquet'))})"
                ).fetchone()
            )
            for table in TABLES
        }


def is_last_year_file(table: str, path: Path, last_year: int) -> bool:
    """A file the last year's delivery brings: its events, and the counts after 1 January."""
    stem = path.stem.rsplit("_", 1)[-1]
    if table == "population":
        return stem > f"{last_year}-01-01"
    return stem == str(last_year)


def link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def split_register(raw: Path, raw_incremental: Path, last_year: int) -> list[tuple[Path, Path]]:
    """Fill `raw_incremental` with every file but the last year's; return those (src, dst)."""
    shutil.rmtree(raw_incremental, ignore_errors=True)
    held_back: list[tuple[Path, Path]] = []
    for table in TABLES:
        (raw_incremental / table).mkdir(parents=True)
        for source in sorted((raw / table).glob("*.parquet")):
            destination = raw_incremental / table / source.name
            if is_last_year_file(table, source, last_year):
                held_back.append((source, destination))
            else:
                link_or_copy(source, destination)
    if not any(table == "migrations" for table in (src.parent.name for src, _ in held_back)):
        raise BenchError(f"no migrations file of {last_year} in {relative(raw)}")
    return held_back
