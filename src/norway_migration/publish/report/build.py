"""Render a static, self-contained HTML report of the warehouse's marts.

Opens the DuckDB warehouse read-only and writes one HTML file with inline CSS and charts
drawn as inline SVG (no JavaScript, no external files, nothing fetched when it is viewed):

* net migration by county over the years (small multiples, one panel per county code);
* moves between counties in the latest year (an origin-destination matrix);
* the national population account per year (population 1 January, births, deaths, net
  migration, population 31 December, discrepancy) and the municipalities with the largest
  account discrepancies.

Data: Statistics Norway (SSB). The default register of the warehouse is synthetic.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from norway_migration.paths import DATABASE_ENV_VAR, TARGET_DIR, WAREHOUSE_DIR
from norway_migration.publish.report.data import ReportData, read_data
from norway_migration.publish.report.page import page

DEFAULT_DATABASE = WAREHOUSE_DIR / "norway_migration.duckdb"
DEFAULT_OUT = TARGET_DIR / "report" / "index.html"


def default_database() -> Path:
    """$NORWAY_MIGRATION_DB, else warehouse/norway_migration.duckdb in the project root."""
    return Path(os.environ.get(DATABASE_ENV_VAR, DEFAULT_DATABASE))


def build_report(database: Path, out: Path) -> ReportData:
    """Read the marts from database and write the report to out."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        data = read_data(connection)
    finally:
        connection.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page(data, database), encoding="utf-8")
    return data
