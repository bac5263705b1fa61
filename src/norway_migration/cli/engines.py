"""``norway-migration postgres start|stop|load``: the project on PostgreSQL.

These subcommands need the ``postgres`` extra (``pip install -e '.[postgres]'``, which
``make test-postgres`` installs); psycopg2 is imported only when one of them runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from norway_migration.cli.common import Commands
from norway_migration.raw_register import TABLES

ENV_PREFIX = "NORWAY_MIGRATION_PG_"


def register(commands: Commands) -> None:
    postgres = commands.add_parser(
        "postgres",
        help="a throwaway local PostgreSQL server (start, stop) and the raw register's loader",
        description="The project on PostgreSQL: start and stop a throwaway local server for "
        "tests, and load the raw register into PostgreSQL tables.",
    )
    actions = postgres.add_subparsers(dest="action", metavar="ACTION", required=True)

    start = actions.add_parser(
        "start",
        help="create (if needed) and start a server",
        description="Create a cluster in --data-dir when it has none (trust authentication, "
        "superuser postgres, UTF8, C locale), start it listening only on 127.0.0.1:PORT and "
        "make sure the database norway_migration exists. A server already running on the "
        "directory is not an error. Never for real data: anyone who reaches the port logs in "
        "as superuser without a password.",
    )
    start.add_argument("--data-dir", type=Path, required=True, help="cluster directory")
    start.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1")
    start.set_defaults(handler=run_start)

    stop = actions.add_parser(
        "stop",
        help="stop the server (if it runs)",
        description="Stop the server on --data-dir (fast shutdown), if it runs.",
    )
    stop.add_argument("--data-dir", type=Path, required=True, help="cluster directory")
    stop.add_argument("--remove", action="store_true", help="delete the data directory afterwards")
    stop.set_defaults(handler=run_stop)

    load = actions.add_parser(
        "load",
        help="load the raw register (Parquet) into PostgreSQL tables",
        description="Load the raw register (Parquet files) into PostgreSQL tables "
        "<schema>.<table>, each dropped, re-created and filled with COPY in its own "
        "transaction, then analyzed. Connection settings default to the "
        f"{ENV_PREFIX}* variables the dbt profile's postgres target reads.",
    )
    load.add_argument("--raw-path", type=Path, required=True, help="raw register folder")
    load.add_argument(
        "--host", default=None, help=f"server host (default {ENV_PREFIX}HOST or 127.0.0.1)"
    )
    load.add_argument(
        "--port", type=int, default=None, help=f"server port (default {ENV_PREFIX}PORT or 5432)"
    )
    load.add_argument(
        "--user", default=None, help=f"user name (default {ENV_PREFIX}USER or postgres)"
    )
    load.add_argument(
        "--dbname",
        default=None,
        help=f"database name (default {ENV_PREFIX}DBNAME or norway_migration)",
    )
    load.add_argument("--schema", default="register", help="target schema (default register)")
    load.add_argument(
        "--tables",
        nargs="+",
        choices=TABLES,
        default=list(TABLES),
        metavar="TABLE",
        help=f"tables to load (default all: {' '.join(TABLES)})",
    )
    load.add_argument(
        "--quiet", action="store_true", help="print nothing but errors (no per-table lines)"
    )
    load.set_defaults(handler=run_load)


def error(message: object) -> int:
    print(f"error: {str(message).strip()}", file=sys.stderr, flush=True)
    return 1


def run_start(args: argparse.Namespace) -> int:
    from norway_migration.engines.postgres_server import ServerError, start

    try:
        start(args.data_dir, args.port)
    except ServerError as problem:
        return error(problem)
    return 0


def run_stop(args: argparse.Namespace) -> int:
    from norway_migration.engines.postgres_server import ServerError, stop

    try:
        stop(args.data_dir, args.remove)
    except ServerError as problem:
        return error(problem)
    return 0


def run_load(args: argparse.Namespace) -> int:
    import time

    import duckdb
    import psycopg2

    from norway_migration.engines.postgres_load import (
        LoadError,
        Server,
        default_port,
        load,
        progress,
        setting,
    )

    server = Server(
        host=setting("HOST", "127.0.0.1") if args.host is None else args.host,
        port=default_port() if args.port is None else args.port,
        user=setting("USER", "postgres") if args.user is None else args.user,
        dbname=setting("DBNAME", "norway_migration") if args.dbname is None else args.dbname,
    )
    started = time.perf_counter()
    try:
        load(args.raw_path, server, args.schema, args.tables, args.quiet)
    except (LoadError, duckdb.Error, psycopg2.Error) as problem:
        return error(problem)
    if not args.quiet:
        progress(f"done in {time.perf_counter() - started:.1f} s")
    return 0
