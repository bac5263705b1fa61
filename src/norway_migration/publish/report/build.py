"""Render the static, self-contained HTML report of the warehouse's marts.

Opens the DuckDB warehouse read-only and writes one HTML file from the package's templates
(``templates/report.html.j2``), its charts drawn from Vega-Lite specs (``publish.charts``)
as inline SVG by vl-convert: no JavaScript, no external files, nothing fetched when viewed.

Data: Statistics Norway (SSB). The default register of the warehouse is synthetic.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
from markupsafe import Markup

from norway_migration.paths import DATABASE_ENV_VAR, TARGET_DIR, WAREHOUSE_DIR
from norway_migration.publish import vega
from norway_migration.publish.rendering import render
from norway_migration.publish.report.data import DEFAULT_MUNICIPALITY, ReportData, read_data

DEFAULT_DATABASE = WAREHOUSE_DIR / "norway_migration.duckdb"
DEFAULT_OUT = TARGET_DIR / "report" / "index.html"


def default_database() -> Path:
    """$NORWAY_MIGRATION_DB, else warehouse/norway_migration.duckdb in the project root."""
    return Path(os.environ.get(DATABASE_ENV_VAR, DEFAULT_DATABASE))


def page(data: ReportData, database: Path, synthetic: bool = True) -> str:
    """The whole report as one HTML document."""
    svgs = {chart.chart.chart_id: Markup(vega.to_svg(chart.spec)) for chart in data.charts}
    return render(
        "report.html.j2",
        data=data,
        svgs=svgs,
        database_name=database.name,
        synthetic=synthetic,
        relative_root="",
    )


def build_report(
    database: Path,
    out: Path,
    synthetic: bool = True,
    municipality: str = DEFAULT_MUNICIPALITY,
) -> ReportData:
    """Read the marts from database and write the report to out (the age profile of
    municipality, a code such as 0301)."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        data = read_data(connection, municipality=municipality)
    finally:
        connection.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page(data, database, synthetic), encoding="utf-8")
    return data
