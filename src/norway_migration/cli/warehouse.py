"""``norway-migration build``, ``export`` and ``check-docs``: operating the dbt warehouse."""

from __future__ import annotations

import argparse
from pathlib import Path

from norway_migration.cli.common import Commands
from norway_migration.paths import DATABASE_ENV_VAR, TARGET_DIR

# The formats of norway_migration.warehouse.export.FORMATS (a test holds them equal), named
# here so that --help does not import DuckDB.
EXPORT_FORMATS = ("parquet", "csv")


def register(commands: Commands) -> None:
    register_build(commands)
    register_export(commands)
    register_check_docs(commands)


# --- build ----------------------------------------------------------------------------------


def register_build(commands: Commands) -> None:
    parser = commands.add_parser(
        "build",
        help="dbt build into a copy of the warehouse, swapped in atomically on success",
        description="Build the warehouse into a new DuckDB file and swap it into place only "
        "on success: readers keep reading the previous warehouse while dbt runs, and a failed "
        "build leaves it as it was. Progress is dbt's own output.",
        usage="%(prog)s [-h] [--database DATABASE] [--full-refresh] [--dbt DBT] [--quiet] "
        "[-- DBT_ARGS ...]",
        epilog="Arguments after -- go to `dbt build`, e.g. "
        "`norway-migration build -- --vars '{raw_path: data/raw}' --select marts`.",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help=f"warehouse file to replace (default: ${DATABASE_ENV_VAR} or "
        "warehouse/norway_migration.duckdb)",
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="start from an empty file and rebuild every incremental model",
    )
    parser.add_argument(
        "--dbt", default=None, help="dbt executable (default: the one beside this Python)"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print nothing but errors (dbt runs with --quiet)"
    )
    parser.set_defaults(handler=run_build, passthrough=True)


def run_build(args: argparse.Namespace) -> int:
    from norway_migration.warehouse.build import build_warehouse, default_database

    return build_warehouse(
        args.database or default_database(),
        full_refresh=args.full_refresh,
        dbt_args=args.extra,
        dbt=args.dbt,
        quiet=args.quiet,
    )


# --- export ---------------------------------------------------------------------------------


def formats(value: str) -> tuple[str, ...]:
    """`parquet,csv` -> ('parquet', 'csv'); an unknown format is a usage error."""
    from norway_migration.warehouse.export import parse_formats

    try:
        return parse_formats(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def register_export(commands: Commands) -> None:
    parser = commands.add_parser(
        "export",
        help="write every table of schema marts to exports/ as Parquet and CSV (read-only)",
        description="Export every table of the warehouse's marts schema to Parquet and CSV "
        "files, for BI tools and analysts that cannot open a DuckDB file. The warehouse is "
        "opened read-only, so the export never changes it.",
        epilog="Example: norway-migration export --format parquet --out /tmp/x",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help=f"DuckDB warehouse file, opened read-only (default: ${DATABASE_ENV_VAR} or "
        "warehouse/norway_migration.duckdb; relative to the project root)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write <table>.parquet and <table>.csv to, created if missing "
        "(default: exports/ in the project root)",
    )
    parser.add_argument(
        "--format",
        dest="formats",
        type=formats,
        default=None,
        metavar="FORMATS",
        help=f"comma-separated file formats (default: {','.join(EXPORT_FORMATS)})",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from norway_migration.warehouse.export import (
        FORMATS,
        default_database,
        default_out,
        export_marts,
    )

    database = args.database or default_database()
    chosen = args.formats or tuple(FORMATS)
    export_marts(database, args.out or default_out(), chosen, args.quiet)
    return 0


# --- check-docs -----------------------------------------------------------------------------


def register_check_docs(commands: Commands) -> None:
    parser = commands.add_parser(
        "check-docs",
        help="fail when any part of the dbt project lacks a description",
        description="Fail when any part of the dbt project lacks a description: reads the "
        "manifest (and, when given, the catalog) that `dbt docs generate` writes and lists "
        "every gap of the root project. Exit status 0 when nothing is missing, 1 otherwise.",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        default=TARGET_DIR / "manifest.json",
        help="manifest.json of the project (default: target/manifest.json)",
    )
    parser.add_argument(
        "--catalog",
        type=Path,
        default=None,
        help="catalog.json from `dbt docs generate`: also check every built column",
    )
    parser.set_defaults(handler=run_check_docs)


def run_check_docs(args: argparse.Namespace) -> int:
    from norway_migration.warehouse.docs_check import check_docs

    return check_docs(args.manifest, args.catalog)
