"""``norway-migration report``: what the warehouse publishes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from norway_migration.cli.common import Commands
from norway_migration.paths import DATABASE_ENV_VAR, TARGET_DIR


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "report",
        help="a static HTML report of the marts in target/report/index.html",
        description="Render a static, self-contained HTML report of the warehouse's marts "
        "(inline CSS and SVG, no JavaScript, nothing fetched when viewed). The warehouse is "
        "opened read-only.",
    )
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help=f"DuckDB warehouse, opened read-only (default: ${DATABASE_ENV_VAR} or "
        "warehouse/norway_migration.duckdb)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=TARGET_DIR / "report" / "index.html",
        help="HTML file to write (default: target/report/index.html)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from norway_migration.publish.report.build import build_report, default_database

    database = args.database or default_database()
    if not database.is_file():
        print(f"no warehouse at {database}: run `make build` first", file=sys.stderr)
        return 2
    build_report(database, args.out)
    print(f"report written to {args.out}")
    return 0
