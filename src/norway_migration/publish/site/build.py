"""Write the municipal tables as a static, self-contained site from the warehouse, opened
read-only: ``index.html`` (every table, a search box), ``tables/<table_id>.html`` (the
table, its break lines and notes, its chart, CSV downloads in ``csv/``),
``counties/<code>.html`` and ``assets/`` (the style sheet's sibling scripts: the site's own
``site.js`` and Vega-Embed bundled by vl-convert). Nothing is fetched when it is viewed."""

from __future__ import annotations

import csv
import io
import shutil
import time
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from norway_migration.paths import TARGET_DIR
from norway_migration.publish import vega
from norway_migration.publish.rendering import render
from norway_migration.publish.site.data import SiteData, read_site_data
from norway_migration.publish.site.pages import (
    ESTIMATED_COLUMNS,
    SIGNED_COLUMNS,
    TABLE_COLUMNS,
    county_pages,
    csv_name,
    search_text,
    table_page,
    vintage_label,
)

DEFAULT_OUT = TARGET_DIR / "site"
BUNDLE = "assets/vega-embed.js"
PAGE_FOLDERS = ("tables", "counties", "csv")


@dataclass(frozen=True)
class SiteSummary:
    """What a build wrote."""

    out: Path
    tables: int
    counties: int
    files: int
    bytes: int
    seconds: float


def csv_value(value: Any) -> str:
    """A value as the CSV files write it: empty for NULL, true/false, ISO dates, digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_text(column_names: list[str], rows: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header (the mart's column names, in its order)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(column_names)
    for row in rows:
        writer.writerow([csv_value(row[name]) for name in column_names])
    return buffer.getvalue()


def copy_asset(name: str, out: Path) -> None:
    source = resources.files("norway_migration.publish").joinpath("templates").joinpath(name)
    (out / "assets" / name).write_bytes(source.read_bytes())


def write_pages(data: SiteData, out: Path, database_name: str, synthetic: bool) -> int:
    """Every page and CSV file of the site; the number of files written."""
    common = {
        "synthetic": synthetic,
        "database_name": database_name,
        "columns": TABLE_COLUMNS,
        "estimated_columns": ESTIMATED_COLUMNS,
        "signed_columns": SIGNED_COLUMNS,
        "vintage_label": vintage_label(data),
        "years": data.years,
    }
    counties = county_pages(data)
    entries = [
        {**table, "search": search_text(table["heading"], table["county_name"])}
        for table in data.tables
    ]
    files = 0
    (out / "index.html").write_text(
        render("index.html.j2", tables=entries, counties=counties, root="", **common),
        encoding="utf-8",
    )
    files += 1
    for table in data.tables:
        page = table_page(data, table)
        table_id = table["table_id"]
        (out / "tables" / f"{table_id}.html").write_text(
            render("table.html.j2", page=page, root="../", **common), encoding="utf-8"
        )
        rows = data.rows.get(table_id, [])
        (out / "csv" / csv_name(table_id)).write_text(
            csv_text(data.row_columns, rows), encoding="utf-8"
        )
        files += 2
        if page.harmonised:
            (out / "csv" / csv_name(table_id, today=True)).write_text(
                csv_text(data.harmonised_columns, page.harmonised), encoding="utf-8"
            )
            files += 1
    for county in counties:
        (out / "counties" / f"{county.county['county_code']}.html").write_text(
            render("county.html.j2", page=county, root="../", **common), encoding="utf-8"
        )
        files += 1
    return files


def build_site(database: Path, out: Path = DEFAULT_OUT, synthetic: bool = True) -> SiteSummary:
    """Read the publication marts from database (read-only) and write the site to out."""
    started = time.perf_counter()
    connection = duckdb.connect(str(database), read_only=True)
    try:
        data = read_site_data(connection)
    finally:
        connection.close()
    for folder in PAGE_FOLDERS:
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True, exist_ok=True)
    (out / "assets").mkdir(parents=True, exist_ok=True)
    vega.write_bundle(out / BUNDLE)
    copy_asset("site.js", out)
    files = write_pages(data, out, database.name, synthetic) + 2
    written = [path for path in out.rglob("*") if path.is_file()]
    return SiteSummary(
        out=out,
        tables=len(data.tables),
        counties=len(county_pages(data)),
        files=files,
        bytes=sum(path.stat().st_size for path in written),
        seconds=time.perf_counter() - started,
    )
