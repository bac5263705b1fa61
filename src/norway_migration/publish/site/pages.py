"""Each page's context: a municipal table's rows with its notes placed at their break lines,
its chart's data, its CSV files; the index and the county pages."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from norway_migration.publish import charts
from norway_migration.publish.report.data import Row
from norway_migration.publish.site.data import SiteData

# The columns of SSB's municipal tables, as the table page shows them (mart column, heading).
TABLE_COLUMNS = (
    ("population_start", "Population 1 January"),
    ("births", "Live births"),
    ("deaths", "Deaths"),
    ("natural_increase", "Excess of births"),
    ("in_migration_total", "In-migration"),
    ("out_migration_total", "Out-migration"),
    ("net_migration_total", "Net migration"),
    ("population_growth", "Population growth"),
    ("population_end", "Population 31 December"),
    ("account_discrepancy", "Discrepancy"),
)
# Figures that are estimates on a row whose population_end is estimated (SSB's rule).
ESTIMATED_COLUMNS = {"population_growth", "population_end", "account_discrepancy"}
SIGNED_COLUMNS = {
    "natural_increase",
    "net_migration_total",
    "population_growth",
    "account_discrepancy",
}


def search_text(*parts: str | None) -> str:
    """Text the search box matches: lower case, accents dropped (the page's script does the
    same to what is typed)."""
    text = " ".join(part for part in parts if part).lower()
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def csv_name(table_id: str, today: bool = False) -> str:
    return f"{table_id}-today.csv" if today else f"{table_id}.csv"


@dataclass
class TableRow:
    """A row of the table page with the notes that stand before it."""

    row: Row
    notes: list[Row] = field(default_factory=list)

    @property
    def is_break_before(self) -> bool:
        return bool(self.row["is_break_before"])


@dataclass
class TablePage:
    """Everything a table's page shows."""

    table: Row
    units: list[Row]
    rows: list[TableRow]
    notes_before: list[Row]
    notes_after: list[Row]
    harmonised: list[Row]
    chart: dict[str, Any] | None
    links: dict[str, str]

    @property
    def all_notes(self) -> list[Row]:
        return self.notes_before + [n for r in self.rows for n in r.notes] + self.notes_after


def place_notes(rows: list[Row], notes: list[Row]) -> tuple[list[Row], list[TableRow], list[Row]]:
    """Every note stands before the first row of its year or later (the row's break line),
    after the last row when none is later; with no rows at all, before. The rows mart counts
    the same (notes_before)."""
    table_rows = [TableRow(row) for row in rows]
    before: list[Row] = []
    after: list[Row] = []
    for note in notes:
        target = next((r for r in table_rows if r.row["year"] >= note["note_year"]), None)
        if not table_rows:
            before.append(note)
        elif target is None:
            after.append(note)
        else:
            target.notes.append(note)
    if table_rows:
        before, table_rows[0].notes = table_rows[0].notes, []
    return before, table_rows, after


def chart_data(page_rows: list[TableRow], harmonised: list[Row], vintage_label: str) -> dict:
    """The chart's datasets: population and net migration as published, net migration in
    today's boundaries, and the break lines."""
    population = [
        {"year": r.row["year"], "population_start": r.row["population_start"]}
        for r in page_rows
        if r.row["population_start"] is not None
    ]
    migration = [
        {
            "year": r.row["year"],
            "series": charts.PUBLISHED,
            "net_migration": r.row["net_migration_total"],
        }
        for r in page_rows
    ] + [
        {
            "year": row["year"],
            "series": vintage_label,
            "net_migration": round(row["net_migration_total"], 1),
        }
        for row in harmonised
    ]
    breaks = [
        {
            "position": r.row["year"] - 0.5,
            "label": "; ".join(sorted({note["note_kind"] for note in r.notes if note["is_break"]}))
            + f" ({r.row['year']})",
        }
        for r in page_rows
        if r.is_break_before
    ]
    return charts.with_data(
        charts.municipal_table_spec(),
        population=population,
        migration=migration,
        breaks=breaks,
    )


def vintage_label(data: SiteData) -> str:
    vintage = data.boundary_vintage
    return f"in the boundaries of {vintage.year}" if vintage is not None else "today's boundaries"


def table_page(data: SiteData, table: Row) -> TablePage:
    """The page of one municipal table."""
    table_id = table["table_id"]
    rows = data.rows.get(table_id, [])
    before, page_rows, after = place_notes(rows, data.notes.get(table_id, []))
    harmonised = data.harmonised.get(table["table_code"], []) if table["is_existing"] else []
    chart = chart_data(page_rows, harmonised, vintage_label(data)) if page_rows else None
    links = {"csv": csv_name(table_id)}
    if harmonised:
        links["csv_today"] = csv_name(table_id, today=True)
    return TablePage(
        table=table,
        units=data.units.get(table_id, []),
        rows=page_rows,
        notes_before=before,
        notes_after=after,
        harmonised=harmonised,
        chart=chart,
        links=links,
    )


@dataclass
class CountyPage:
    """A county's page: its tables and, in today's boundaries, its migration."""

    county: Row
    tables: list[Row]
    series: list[Row]
    chart: dict[str, Any] | None


def county_pages(data: SiteData) -> list[CountyPage]:
    """A page for every county that a table's newest unit lies in."""
    by_county: dict[str, list[Row]] = {}
    for table in data.tables:
        by_county.setdefault(table["county_code"] or "", []).append(table)
    counties = {county["county_code"]: county for county in data.counties}
    pages = []
    for code in sorted(c for c in by_county if c):
        county = counties.get(
            code,
            {
                "county_code": code,
                "county_name": by_county[code][0]["county_name"],
                "valid_from": None,
                "valid_to": None,
            },
        )
        series = data.county_series.get(code, [])
        chart = None
        if series:
            values = [
                {"year": row["year"], "measure": label, "persons": round(row[column], 1)}
                for row in series
                for column, label in (
                    ("in_migration_total", "In-migration"),
                    ("out_migration_total", "Out-migration"),
                    ("net_migration_total", "Net migration"),
                )
            ]
            chart = charts.with_data(charts.county_series_spec(), county=values)
        pages.append(CountyPage(county, by_county[code], series, chart))
    return pages
