"""The warehouse is swapped in atomically: readers are never blocked or shown a half-built
warehouse, and a failed build leaves the previous one intact."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import duckdb

from tests.python.helpers import NORWAY_MIGRATION, PROJECT_ROOT, DbtRun, fixture_vars


def build(database: Path, raw: Path, *extra: str) -> subprocess.Popen[str]:
    """`norway-migration build` in the background, its output to a file beside the warehouse
    (read with build_output): a pipe nobody reads while polling would fill up and stall the
    build once dbt prints more than the pipe holds."""
    variables = json.dumps(fixture_vars(raw))
    log = database.with_name(database.name + ".build.log").open("w", encoding="utf-8")
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
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )


def build_output(database: Path) -> str:
    """What the finished build printed."""
    return database.with_name(database.name + ".build.log").read_text(encoding="utf-8")


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
    reads = 0
    while process.poll() is None:  # a BI tool polling the warehouse read-only
        assert national_moves(database) == expected
        reads += 1
        time.sleep(0.2)
    output = build_output(database)
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
    process.wait()
    output = build_output(database)
    assert process.returncode != 0
    assert "is unchanged" in output
    assert database.read_bytes() == before
    assert not database.with_name(database.name + ".building").exists()
