"""The warehouse is swapped in atomically: readers are never blocked or shown a half-built
warehouse, and a failed build leaves the previous one intact."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import duckdb

from tests.python.helpers import NORWAY_MIGRATION, PROJECT_ROOT, DbtRun, fixture_vars


def build(database: Path, raw: Path, *extra: str) -> subprocess.Popen[str]:
    variables = json.dumps(fixture_vars(raw))
    return subprocess.Popen(
        [
            NORWAY_MIGRATION,
            "build",
            "--database",
            str(database),
            *extra,
            "--",
            "--vars",
            variables,
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def national_moves(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as connection:
        row = connection.execute(
            "select sum(in_migration_total) from marts.mart_national_migration"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_readers_keep_reading_while_a_build_runs(
    tmp_path: Path, fixture_register: Path, fixture_build: DbtRun
) -> None:
    database = tmp_path / "warehouse.duckdb"
    database.write_bytes(fixture_build.database.read_bytes())
    expected = national_moves(database)

    process = build(database, fixture_register)
    # drain dbt's output while it runs: a full pipe would stop the build
    assert process.stdout is not None
    stdout = process.stdout
    chunks: list[str] = []
    drain = threading.Thread(target=lambda: chunks.append(stdout.read()), daemon=True)
    drain.start()
    reads = 0
    while process.poll() is None:  # a BI tool polling the warehouse read-only
        assert national_moves(database) == expected
        reads += 1
        time.sleep(0.2)
    drain.join()
    output = "".join(chunks)
    assert process.returncode == 0, output
    assert reads > 3
    assert "replaced" in output
    assert national_moves(database) == expected
    assert not database.with_name(database.name + ".building").exists()


def test_failed_build_leaves_the_previous_warehouse(tmp_path: Path, fixture_build: DbtRun) -> None:
    database = tmp_path / "warehouse.duckdb"
    database.write_bytes(fixture_build.database.read_bytes())
    before = database.read_bytes()
    process = build(database, tmp_path / "no_such_register")
    output, _ = process.communicate()
    assert process.returncode != 0
    assert "is unchanged" in output
    assert database.read_bytes() == before
    assert not database.with_name(database.name + ".building").exists()
