"""What every part of the benchmark shares: paths, names, the log and small helpers."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from norway_migration.paths import PROJECT_ROOT

BIN = Path(sys.executable).parent

GIB = 1024**3


MART = "mart_county_migration"

MART_ID = f"model.norway_migration.{MART}"

STARTED = time.monotonic()


class BenchError(RuntimeError):
    """A step of the benchmark failed; the message says which and why."""


LOGGER = logging.getLogger("norway_migration.bench")


def configure_log(quiet: bool) -> None:
    """The benchmark's log on stdout; ``quiet`` keeps only warnings and failures."""
    if not LOGGER.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        LOGGER.addHandler(handler)
        LOGGER.propagate = False
    LOGGER.setLevel(logging.WARNING if quiet else logging.INFO)


def log(message: str, level: int = logging.INFO) -> None:
    elapsed = time.monotonic() - STARTED
    LOGGER.log(level, f"[bench {elapsed / 60:5.1f} min] {message}")
    for handler in LOGGER.handlers:
        handler.flush()


def relative(path: Path) -> str:
    """The path relative to the project root when it lies inside it (as dbt vars take it)."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path.resolve())


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def remove_database(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def first_value(row: tuple[Any, ...] | None) -> Any:
    """The first column of a row a query must return (``select count(*) ...``)."""
    if row is None:
        raise BenchError("a query that always returns a row returned none")
    return row[0]


def gib(value: float) -> str:
    return f"{value / GIB:.2f} GiB"
