"""The raw register's Parquet layout (``shared/contracts/raw-register.md``): table folders,
zstd-compressed files, and the population files' rows."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from norway_migration.raw_register import TABLES
from norway_migration.synthetic.events import SEXES, UNKNOWN_CODES
from norway_migration.synthetic.population import AGES

POPULATION_SCHEMA = pa.schema(
    [
        ("reference_date", pa.date32()),
        ("municipality_code", pa.string()),
        ("sex", pa.string()),
        ("age", pa.int32()),
        ("persons", pa.int64()),
    ]
)


def prepare_output(out: Path) -> None:
    """Create the table folders and remove stale Parquet files in them (only there)."""
    for table in TABLES:
        folder = out / table
        folder.mkdir(parents=True, exist_ok=True)
        for stale in sorted(folder.glob("*.parquet")):
            stale.unlink()


def write(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd")


class Write(Protocol):
    def __call__(self, table: pa.Table, path: Path) -> None: ...


@contextmanager
def background_writes(pending_limit: int = 4) -> Iterator[Write]:
    """``write`` on a second thread, so the next year is drawn while Parquet is compressed
    (pyarrow releases the GIL). At most ``pending_limit`` tables wait in memory; any error
    of a write is raised here, at the latest when the block ends, naming the file."""
    pending: deque[tuple[Future[None], Path]] = deque()

    def settle(future: Future[None], path: Path) -> None:
        try:
            future.result()
        except OSError as error:
            raise SystemExit(f"generate: cannot write {path}: {error}") from error

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet") as pool:

        def submit(table: pa.Table, path: Path) -> None:
            while len(pending) >= pending_limit:
                settle(*pending.popleft())
            pending.append((pool.submit(write, table, path), path))

        try:
            yield submit
        finally:
            while pending:
                settle(*pending.popleft())


def population_table(
    day: date, codes: tuple[str, ...], stock: np.ndarray, rng: np.random.Generator | None
) -> pa.Table:
    """One reference date; with ``rng``, a handful of invalid rows (1 January files)."""
    n = len(codes)
    code = np.repeat(np.array(codes, dtype=object), 2 * AGES)
    sex = np.tile(np.repeat(np.array(SEXES[:2], dtype=object), AGES), n)
    age = np.tile(np.arange(AGES), 2 * n)
    persons = stock.reshape(-1).astype(np.int64)
    if rng is not None:
        code, sex, age, persons = _with_invalid_population(day, code, sex, age, persons, rng)
    order = np.lexsort((age, sex.astype(str), code.astype(str)))
    return pa.table(
        {
            "reference_date": pa.array([day] * order.size, type=pa.date32()),
            "municipality_code": pa.array(code[order].tolist(), type=pa.string()),
            "sex": pa.array(sex[order].tolist(), type=pa.string()),
            "age": pa.array(age[order].astype(np.int32)),
            "persons": pa.array(persons[order]),
        },
        schema=POPULATION_SCHEMA,
    )


def _with_invalid_population(
    day: date,
    code: np.ndarray,
    sex: np.ndarray,
    age: np.ndarray,
    persons: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """An unknown code, a negative count (on an empty cell) and an age outside 0..105."""
    empty = np.flatnonzero(persons == 0)
    if empty.size:
        persons = persons.copy()
        persons[rng.choice(empty)] = -1
    valid_code = code[rng.integers(code.size)]
    extra_code = np.array([UNKNOWN_CODES[day.year % 2], valid_code], dtype=object)
    extra_sex = np.array(["F", "M"], dtype=object)
    extra_age = np.array([30, 106 if day.year % 2 else -1])
    extra_persons = np.array([2, 1], dtype=np.int64)
    return (
        np.concatenate([code, extra_code]),
        np.concatenate([sex, extra_sex]),
        np.concatenate([age, extra_age]),
        np.concatenate([persons, extra_persons]),
    )


def folder_size(out: Path) -> int:
    """Bytes of Parquet in the four table folders."""
    return sum(p.stat().st_size for t in TABLES for p in (out / t).glob("*.parquet"))
