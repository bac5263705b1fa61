"""The DuckDB dbt commands of a pytest worker in one process.

Each `dbt` a test runs in its own process spends about 3 s of its 15 (a build of the fixture
register) importing dbt and its adapter before it reads a file. ``DbtServer`` starts
``python -m tests.python.dbt_server`` once per pytest worker (``helpers.run_dbt`` does, for
every command on the DuckDB target) and sends it one command at a time: ``dbtRunner``, dbt's
programmatic entry point, with the same command line, in the folder and with the variables
the test gives (both put back afterwards). After each command the server closes the DuckDB
database dbt opened: dbt-duckdb keeps it open between commands and would hand the next
command, whose `warehouse.duckdb` is another folder's, the last one's file. It also forgets
the warnings dbt-duckdb prints once per run, so every command prints its own.

The protocol is the Spark server's (spark_server.py): one JSON object per line (``args``,
``cwd``, ``env``), one back (``returncode``, ``output``). `NORWAY_MIGRATION_TEST_DBT=process`
runs every command in its own process instead.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import IO, Any

from tests.python.spark_server import ask, exit_code, reply_channel


class DbtServer:
    """The test side: start the server, run dbt commands in it, one at a time."""

    def __init__(self, log: Path, cwd: Path) -> None:
        self.log_path = log
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.python.dbt_server"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def dbt(self, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
        """`dbt <args>` in cwd with env added to the server's environment: exit code, output."""
        return ask(self.process, self.log_path, {"args": args, "cwd": str(cwd), "env": env}, "dbt")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)
        self.log.close()


def forget_duckdb() -> None:
    """Close the database the last command opened, and forget its once-per-run warnings."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
        DuckDBConnectionManager._LOGGED_MESSAGES.clear()
    if environment is not None:
        environment.close()


def run(request: dict[str, Any]) -> dict[str, Any]:
    from dbt.cli.main import dbtRunner

    environment, folder = dict(os.environ), os.getcwd()
    output = io.StringIO()
    try:
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        with redirect_stdout(output):
            result = dbtRunner().invoke(request["args"])
    finally:
        forget_duckdb()
        os.chdir(folder)
        os.environ.clear()
        os.environ.update(environment)
    if result.exception is not None:
        output.write(f"\n{type(result.exception).__name__}: {result.exception}\n")
    return {"returncode": exit_code(result), "output": output.getvalue()}


def serve(requests: IO[str], replies: IO[str]) -> None:
    for line in requests:
        replies.write(json.dumps(run(json.loads(line))) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve(sys.stdin, reply_channel())
