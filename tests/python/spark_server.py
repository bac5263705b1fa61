"""Every Spark build of a test session in one process: one JVM, one SparkSession.

A Spark build of the fixture register is CPU-bound, and a quarter of it is the JVM starting
and compiling Spark's planner anew; in a JVM that has run a build before, the next takes about
30 % less. ``SparkServer`` starts ``python -m tests.python.spark_server`` once and sends it
one dbt command at a time (``dbtRunner``, dbt's programmatic entry point, the same command
line as ``dbt ...``); the server keeps its SparkSession, warehouse and metastore between
commands. A build that starts afresh first drops every database the last one left; after each
command the warehouse's tables are copied to the folder the test named, so each build's tables
stay readable (``engines.spark_table``) after the next has replaced them.

The protocol: one JSON object per line on the server's stdin (``args``, ``env``, ``fresh``),
one JSON object per line back (``returncode``, ``output``: what dbt printed). The JVM's own
log goes to ``server.log`` in the server's folder.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import IO, Any

# The profile's Spark warehouse and metastore: one folder for the server's whole life (Spark
# reads both settings once, when the session starts).
SPARK_DIR = "NORWAY_MIGRATION_SPARK_DIR"


class SparkServer:
    """The test side: start the server with its Spark folder, run dbt commands in it."""

    def __init__(self, folder: Path, cwd: Path, env: dict[str, str]) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.log = (folder / "server.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.python.spark_server"],
            cwd=cwd,
            env={**env, SPARK_DIR: str(folder / "spark")},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def dbt(
        self, args: list[str], env: dict[str, str], fresh: bool, tables: Path
    ) -> tuple[int, str]:
        """Run `dbt <args>` with `env` added to the server's environment (after dropping every
        database when `fresh`); copy the warehouse's tables to `tables`. Returns dbt's exit
        code and output."""
        env = {k: v for k, v in env.items() if k != SPARK_DIR}
        request = {"args": args, "env": env, "fresh": fresh}
        reply = ask(self.process, self.folder / "server.log", request, "Spark")
        shutil.rmtree(tables, ignore_errors=True)
        warehouse = self.folder / "spark" / "tables"
        if warehouse.exists():
            shutil.copytree(warehouse, tables)
        return reply

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=120)
        self.log.close()


def ask(
    process: subprocess.Popen[str], log: Path, request: dict[str, Any], server: str
) -> tuple[int, str]:
    """Send a server one request (a JSON line) and read its reply: dbt's exit code and
    output; the end of the server's log if the server has ended."""
    assert process.stdin and process.stdout
    process.stdin.write(json.dumps(request) + "\n")
    process.stdin.flush()
    line = process.stdout.readline()
    if not line:
        text = log.read_text(errors="replace")
        raise RuntimeError(f"the {server} server ended (its log: ...{text[-3000:]})")
    reply: dict[str, Any] = json.loads(line)
    return int(reply["returncode"]), str(reply["output"])


def drop_everything() -> None:
    """Drop every database and every table of `default` of the server's SparkSession, the one
    an earlier build started (nothing before the first: the session is process-wide, but
    `getActiveSession` sees only the dbt thread's, so the test is whether Spark runs)."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    if SparkContext._active_spark_context is None:
        return
    spark = SparkSession.builder.getOrCreate()
    for (database,) in spark.sql("show databases").collect():
        if database != "default":
            spark.sql(f"drop database if exists `{database}` cascade")
    for row in spark.sql("show tables in default").collect():
        if not row.isTemporary:
            spark.sql(f"drop table if exists default.`{row.tableName}`")
    spark.catalog.clearCache()
    left = [name for (name,) in spark.sql("show databases").collect() if name != "default"]
    assert not left, f"databases left after dropping them: {left}"


def exit_code(result: Any) -> int:
    """dbt's exit codes: 0 success, 1 a node failed or errored, 2 dbt itself failed."""
    if result.success:
        return 0
    return 2 if result.exception is not None else 1


def serve(requests: IO[str], replies: IO[str]) -> None:
    from dbt.cli.main import dbtRunner

    for line in requests:
        request = json.loads(line)
        os.environ.update(request["env"])
        output = io.StringIO()
        with redirect_stdout(output):
            if request["fresh"]:
                drop_everything()
            result = dbtRunner().invoke(request["args"])
        if result.exception is not None:
            output.write(f"\n{type(result.exception).__name__}: {result.exception}\n")
        replies.write(json.dumps({"returncode": exit_code(result), "output": output.getvalue()}))
        replies.write("\n")
        replies.flush()


def reply_channel() -> IO[str]:
    """The stdout the test reads, for the replies alone: anything else the process prints
    (dbt, the JVM, Spark) goes to stderr, the server's log, so it cannot garble a reply."""
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = os.fdopen(1, "w", closefd=False)
    return replies


if __name__ == "__main__":
    serve(sys.stdin, reply_channel())
