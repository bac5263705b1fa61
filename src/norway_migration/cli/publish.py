"""``norway-migration report``, ``site`` and ``site-serve``: what the warehouse publishes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from norway_migration.cli.common import Commands
from norway_migration.paths import DATABASE_ENV_VAR, TARGET_DIR

DATABASE_HELP = (
    f"DuckDB warehouse, opened read-only (default: ${DATABASE_ENV_VAR} or "
    "warehouse/norway_migration.duckdb)"
)
REGISTER_HELP = (
    "what the figures come from: `synthetic` (the default register: every page says the "
    "figures are synthetic) or `real` (a real register: no such banner) (default: synthetic)"
)
DEFAULT_SITE = TARGET_DIR / "site"
DEFAULT_PORT = 8000


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", type=Path, default=None, help=DATABASE_HELP)
    parser.add_argument(
        "--register", choices=("synthetic", "real"), default="synthetic", help=REGISTER_HELP
    )


def register(commands: Commands) -> None:
    report = commands.add_parser(
        "report",
        help="a static HTML report of the marts in target/report/index.html",
        description="Render a static, self-contained HTML report of the warehouse's marts from "
        "the package's Jinja2 templates, its Vega-Lite charts drawn as inline SVG (no "
        "JavaScript, nothing fetched when viewed). The warehouse is opened read-only.",
    )
    _add_source_options(report)
    report.add_argument(
        "--out",
        type=Path,
        default=TARGET_DIR / "report" / "index.html",
        help="HTML file to write (default: target/report/index.html)",
    )
    report.add_argument(
        "--municipality",
        default="0301",
        metavar="CODE",
        help="municipality whose net migration by age the report draws beside the country's "
        "(default: 0301 Oslo)",
    )
    report.set_defaults(handler=run_report)

    site = commands.add_parser(
        "site",
        help="the municipal tables as a static site in target/site/",
        description="Write the municipal tables (models/marts/publication) as a static, "
        "self-contained site: an index with a search box, a page per table (its rows, break "
        "lines, notes, a chart, CSV downloads) and per county. The warehouse is opened "
        "read-only; nothing is fetched when the site is viewed.",
    )
    _add_source_options(site)
    site.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_SITE,
        help="folder to write the site to (default: target/site)",
    )
    site.set_defaults(handler=run_site)

    serve = commands.add_parser(
        "site-serve",
        help="serve the built site on 127.0.0.1",
        description="Serve a site written by `norway-migration site` on 127.0.0.1 until "
        "interrupted (Ctrl-C).",
    )
    serve.add_argument(
        "--dir",
        type=Path,
        default=DEFAULT_SITE,
        help="folder of the built site (default: target/site)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default: {DEFAULT_PORT}; 0 picks a free one)",
    )
    serve.set_defaults(handler=run_serve)


def _database(args: argparse.Namespace) -> Path | None:
    from norway_migration.publish.report.build import default_database

    database: Path = args.database or default_database()
    if not database.is_file():
        print(f"no warehouse at {database}: run `make build` first", file=sys.stderr)
        return None
    return database


def run_report(args: argparse.Namespace) -> int:
    from norway_migration.publish.report.build import build_report

    database = _database(args)
    if database is None:
        return 2
    try:
        build_report(
            database,
            args.out,
            synthetic=args.register == "synthetic",
            municipality=args.municipality,
        )
    except ValueError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    print(f"report written to {args.out}")
    return 0


def run_site(args: argparse.Namespace) -> int:
    from norway_migration.publish.site.build import build_site

    database = _database(args)
    if database is None:
        return 2
    summary = build_site(database, args.out, synthetic=args.register == "synthetic")
    print(
        f"site written to {summary.out}/index.html: {summary.tables} tables, "
        f"{summary.counties} counties, {summary.files} files, "
        f"{summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s"
    )
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from norway_migration.publish.site.serve import server

    if not (args.dir / "index.html").is_file():
        print(f"no site in {args.dir}: run `make site` first", file=sys.stderr)
        return 2
    httpd = server(args.dir, args.port)
    port = httpd.server_address[1]
    print(f"serving {args.dir} on http://127.0.0.1:{port}/ (Ctrl-C stops)", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0
