"""The worker's dbt server (dbt_server.py) runs each command as its own process would: in the
folder it is given, on that folder's warehouse file (not the one the last command opened),
with only its own variables added to the environment."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from tests.python.dbt_server import run
from tests.python.helpers import PROJECT_ROOT, run_dbt


def seeded(database: Path) -> list[tuple[str, ...]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            "select table_schema, table_name from information_schema.tables order by all"
        ).fetchall()


def test_each_command_builds_its_own_warehouse(tmp_path: Path) -> None:
    first = run_dbt(["seed", "--select", "counties"], tmp_path / "first.duckdb")
    second = run_dbt(["seed", "--select", "countries"], tmp_path / "second.duckdb")
    assert first.returncode == 0 and second.returncode == 0, (first.output, second.output)
    assert [name for _, name in seeded(first.database)] == ["counties"]
    assert [name for _, name in seeded(second.database)] == ["countries"]


def test_a_command_leaves_the_folder_and_environment_as_they_were(tmp_path: Path) -> None:
    """`run` (the server's side) on a command that passes and one that fails."""
    environment, folder = dict(os.environ), Path.cwd()
    for args in (["debug", "--config-dir"], ["no-such-command"]):
        request = {"args": args, "cwd": str(tmp_path), "env": {"NORWAY_MIGRATION_X": "1"}}
        reply = run({**request, "args": [*args, "--profiles-dir", str(PROJECT_ROOT)]})
        assert reply["returncode"] == (0 if args[0] == "debug" else 2), reply["output"]
        assert dict(os.environ) == environment
        assert Path.cwd() == folder
