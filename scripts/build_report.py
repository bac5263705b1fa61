#!/usr/bin/env python3
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

import argparse
import html
import math
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = PROJECT_ROOT / "warehouse" / "norway_migration.duckdb"
DEFAULT_OUT = PROJECT_ROOT / "target" / "report" / "index.html"
TOP_DISCREPANCIES = 20
DASH = "\u2013"  # shown where a figure is unknown

ACCOUNT_SERIES = (
    ("births", "Births", "#2f855a"),
    ("minus_deaths", "Deaths (negative)", "#c53030"),
    ("net_migration", "Net migration", "#2b6cb0"),
    ("discrepancy", "Account discrepancy", "#b7791f"),
)


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyYear:
    """Net migration of one county in one year (mart_county_migration)."""

    year: int
    county_code: str
    county_name: str
    net_total: int
    net_abroad: int
    net_internal: int


@dataclass(frozen=True)
class Flow:
    """Moves from one county to another in one year (mart_county_migration_flows)."""

    from_code: str
    to_code: str
    moves: int


@dataclass(frozen=True)
class AccountYear:
    """The national population account of one year, summed over municipalities."""

    year: int
    municipalities: int
    complete: int
    population_start: int | None
    births: int
    deaths: int
    net_migration: int
    population_end: int | None
    discrepancy: int | None

    def series_value(self, key: str) -> int:
        """The value a bar of the account chart shows (0 where unknown)."""
        values = {
            "births": self.births,
            "minus_deaths": -self.deaths,
            "net_migration": self.net_migration,
            "discrepancy": self.discrepancy or 0,
        }
        return values[key]


@dataclass(frozen=True)
class Discrepancy:
    """One municipality's account discrepancy in one year."""

    year: int
    municipality_code: str
    municipality_name: str
    county_code: str | None
    population_start: int
    discrepancy: int


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, read from the marts."""

    counties: list[CountyYear]
    flow_year: int | None
    flow_counties: list[tuple[str, str]]
    flows: list[Flow]
    account: list[AccountYear]
    discrepancies: list[Discrepancy]


COUNTIES_SQL = """
select year, county_code, county_name, net_migration_total, net_migration_abroad,
    net_migration_internal
from marts.mart_county_migration
order by county_code, year
"""

FLOW_COUNTIES_SQL = """
select county_code, county_name
from marts.mart_county_migration
where year = ?
order by county_code
"""

FLOWS_SQL = """
select from_county_code, to_county_code, moves
from marts.mart_county_migration_flows
where year = ?
order by from_county_code, to_county_code
"""

ACCOUNT_SQL = """
select
    year,
    count(*) as municipalities,
    count(*) filter (where is_account_complete) as complete,
    sum(population_start) as population_start,
    sum(births) as births,
    sum(deaths) as deaths,
    sum(net_migration_total) as net_migration,
    case when bool_and(is_account_complete) then sum(population_end) end as population_end,
    case when bool_or(is_account_complete)
        then sum(account_discrepancy) filter (where is_account_complete) end as discrepancy
from marts.mart_municipality_population_account
group by year
order by year
"""

DISCREPANCIES_SQL = """
select year, municipality_code, municipality_name, county_code, population_start,
    account_discrepancy
from marts.mart_municipality_population_account
where is_account_complete and account_discrepancy <> 0
order by abs(account_discrepancy) desc, year, municipality_code
limit ?
"""


def read_data(connection: duckdb.DuckDBPyConnection, top: int = TOP_DISCREPANCIES) -> ReportData:
    """Read the report's figures from the marts."""
    counties = [CountyYear(*row) for row in connection.execute(COUNTIES_SQL).fetchall()]
    flow_year = max((county.year for county in counties), default=None)
    flow_counties: list[tuple[str, str]] = []
    flows: list[Flow] = []
    if flow_year is not None:
        flow_counties = [
            (code, name)
            for code, name in connection.execute(FLOW_COUNTIES_SQL, [flow_year]).fetchall()
        ]
        flows = [Flow(*row) for row in connection.execute(FLOWS_SQL, [flow_year]).fetchall()]
    account = [AccountYear(*row) for row in connection.execute(ACCOUNT_SQL).fetchall()]
    discrepancies = [
        Discrepancy(*row) for row in connection.execute(DISCREPANCIES_SQL, [top]).fetchall()
    ]
    return ReportData(counties, flow_year, flow_counties, flows, account, discrepancies)


# --- formatting -----------------------------------------------------------------------------


def number(value: float | None, signed: bool = False) -> str:
    """A figure with a no-break space between thousands (SSB's style); a dash when unknown."""
    if value is None:
        return DASH
    text = f"{round(value):,}".replace(",", "\u00a0")
    return f"+{text}" if signed and value > 0 else text


def esc(text: object) -> str:
    """Text escaped for HTML and SVG."""
    return html.escape(str(text), quote=True)


def nice_step(span: float, ticks: int = 4) -> float:
    """A whole, round step (1, 2 or 5 times a power of ten) dividing span into about `ticks`."""
    raw = max(span / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def nice_range(values: Iterable[float]) -> tuple[float, float, float]:
    """Axis bounds that include zero and every value, rounded to a nice step."""
    values = list(values) or [0]
    low, high = min(0, *values), max(0, *values)
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step or step, step


def ticks(low: float, high: float, step: float) -> list[float]:
    """Tick values from low to high."""
    count = round((high - low) / step)
    return [low + i * step for i in range(count + 1)]


class Scale:
    """A linear map from data values to pixels."""

    def __init__(self, domain: tuple[float, float], pixels: tuple[float, float]) -> None:
        self.domain = domain
        self.pixels = pixels

    def __call__(self, value: float) -> float:
        (d0, d1), (p0, p1) = self.domain, self.pixels
        if d1 == d0:
            return (p0 + p1) / 2
        return p0 + (value - d0) * (p1 - p0) / (d1 - d0)


def svg(element_id: str, width: int, height: int, title: str, body: Sequence[str]) -> str:
    """An inline SVG element with an accessible title."""
    return (
        f'<svg id="{esc(element_id)}" class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{esc(title)}"><title>{esc(title)}</title>' + "".join(body) + "</svg>"
    )


def text(x: float, y: float, content: object, css: str = "", anchor: str = "start") -> str:
    """An SVG text element."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{esc(content)}</text>'
    )


def line(x1: float, y1: float, x2: float, y2: float, css: str) -> str:
    """An SVG line element."""
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="{css}"/>'


# --- chart 1: net migration by county (small multiples) -------------------------------------

PANEL_W, PANEL_H, PANEL_COLUMNS = 250, 130, 4
PANEL_PAD = {"left": 44, "right": 10, "top": 28, "bottom": 20}


def county_series(counties: Sequence[CountyYear]) -> dict[str, list[CountyYear]]:
    """The years of every county code, in code and year order."""
    series: dict[str, list[CountyYear]] = {}
    for row in counties:
        series.setdefault(row.county_code, []).append(row)
    return series


def segments(points: Sequence[tuple[int, float, float]]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive years: a line never bridges a year the county did not exist."""
    runs: list[list[tuple[float, float]]] = []
    previous_year: int | None = None
    for year, x, y in points:
        if previous_year is None or year != previous_year + 1:
            runs.append([])
        runs[-1].append((x, y))
        previous_year = year
    return runs


def county_panel(
    rows: Sequence[CountyYear],
    origin: tuple[float, float],
    x: Scale,
    y: Scale,
    y_ticks: list[float],
) -> list[str]:
    """One small multiple: a county's net migration per year."""
    ox, oy = origin
    first, last = rows[0], rows[-1]
    body = [f'<g class="panel" data-county="{esc(first.county_code)}">']
    body.append(text(ox + 4, oy + 14, f"{first.county_code} {last.county_name}", "panel-title"))
    left, right = ox + PANEL_PAD["left"], ox + PANEL_W - PANEL_PAD["right"]
    for tick in y_ticks:
        css = "zero" if tick == 0 else "grid"
        body.append(line(left, oy + y(tick), right, oy + y(tick), css))
        body.append(text(left - 4, oy + y(tick) + 3, number(tick), "tick", "end"))
    x_low, x_high = x.domain
    bottom = oy + PANEL_H - 6
    body.append(text(ox + x(x_low), bottom, int(x_low), "tick", "middle"))
    body.append(text(ox + x(x_high), bottom, int(x_high), "tick", "middle"))
    points = [(row.year, ox + x(row.year), oy + y(row.net_total)) for row in rows]
    for run in segments(points):
        coordinates = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
        body.append(f'<polyline class="series" points="{coordinates}"/>')
    for row, (_, px, py) in zip(rows, points, strict=True):
        body.append(
            f'<circle class="point" cx="{px:.1f}" cy="{py:.1f}" r="2.6" '
            f'data-year="{row.year}" data-value="{row.net_total}">'
            f"<title>{esc(row.county_name)} {row.year}: net migration "
            f"{number(row.net_total, True)} (abroad {number(row.net_abroad, True)}, "
            f"internal {number(row.net_internal, True)})</title></circle>"
        )
    body.append("</g>")
    return body


def net_migration_chart(counties: Sequence[CountyYear]) -> str:
    """Small multiples of net migration per county over the years, on one shared scale."""
    series = county_series(counties)
    if not series:
        return '<p class="empty">No county figures in the warehouse.</p>'
    years = [row.year for row in counties]
    low, high, step = nice_range(row.net_total for row in counties)
    x_span = (min(years), max(years)) if min(years) < max(years) else (years[0] - 1, years[0] + 1)
    x = Scale(x_span, (PANEL_PAD["left"] + 6, PANEL_W - PANEL_PAD["right"] - 6))
    y = Scale((low, high), (PANEL_H - PANEL_PAD["bottom"], PANEL_PAD["top"]))
    rows_count = math.ceil(len(series) / PANEL_COLUMNS)
    body: list[str] = []
    for index, rows in enumerate(series.values()):
        origin = ((index % PANEL_COLUMNS) * PANEL_W, (index // PANEL_COLUMNS) * PANEL_H)
        body += county_panel(rows, origin, x, y, ticks(low, high, step))
    title = "Net migration by county and year (persons; one panel per county code)"
    return svg("chart-net-migration", PANEL_W * PANEL_COLUMNS, PANEL_H * rows_count, title, body)


# --- chart 2: origin-destination matrix -----------------------------------------------------

CELL = 46
MATRIX_LEFT, MATRIX_TOP = 190, 150


def flow_colour(moves: int, largest: int) -> str:
    """A blue whose depth grows with the square root of the moves (white for none)."""
    if moves <= 0 or largest <= 0:
        return "#ffffff"
    share = math.sqrt(moves / largest)
    low, high = (235, 244, 255), (24, 68, 160)
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return f"rgb({red},{green},{blue})"


def matrix_labels(counties: Sequence[tuple[str, str]]) -> list[str]:
    """Row labels (origins) on the left, rotated column labels (destinations) on top."""
    body: list[str] = []
    for index, (code, name) in enumerate(counties):
        y = MATRIX_TOP + index * CELL + CELL / 2 + 4
        body.append(text(MATRIX_LEFT - 8, y, f"{code} {name}", "label", "end"))
        x = MATRIX_LEFT + index * CELL + CELL / 2 + 4
        body.append(
            f'<text class="label" transform="translate({x:.1f},{MATRIX_TOP - 8}) rotate(-55)">'
            f"{esc(code)} {esc(name)}</text>"
        )
    return body


def matrix_cell(
    row: int,
    column: int,
    origin: tuple[str, str],
    destination: tuple[str, str],
    moves: int,
    largest: int,
) -> str:
    """One cell of the matrix: moves from the row's county to the column's."""
    x, y = MATRIX_LEFT + column * CELL, MATRIX_TOP + row * CELL
    css = "flow-cell diagonal" if row == column else "flow-cell"
    fill = "#e2e8f0" if row == column else flow_colour(moves, largest)
    label = ""
    if moves:
        dark = math.sqrt(moves / largest) > 0.55
        label = text(
            x + CELL / 2,
            y + CELL / 2 + 4,
            number(moves),
            "cell-value light" if dark else "cell-value",
            "middle",
        )
    return (
        f'<g><rect class="{css}" x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" '
        f'data-from="{esc(origin[0])}" data-to="{esc(destination[0])}" data-moves="{moves}">'
        f"<title>{esc(origin[1])} → {esc(destination[1])}: {number(moves)} "
        f"{'move' if moves == 1 else 'moves'}</title></rect>"
        f"{label}</g>"
    )


def flow_chart(data: ReportData) -> str:
    """Origin-destination matrix of moves between counties in the latest year."""
    counties = data.flow_counties
    if not counties:
        return '<p class="empty">No county flows in the warehouse.</p>'
    moves = {(flow.from_code, flow.to_code): flow.moves for flow in data.flows}
    largest = max(moves.values(), default=0)
    body = matrix_labels(counties)
    for row, origin in enumerate(counties):
        for column, destination in enumerate(counties):
            count = moves.get((origin[0], destination[0]), 0)
            body.append(matrix_cell(row, column, origin, destination, count, largest))
    size = len(counties) * CELL
    body.append(text(MATRIX_LEFT - 8, MATRIX_TOP - 8, "from ↓  to →", "axis-note", "end"))
    title = f"Moves between counties in {data.flow_year}: rows are origins, columns destinations"
    return svg("chart-flows", MATRIX_LEFT + size + 110, MATRIX_TOP + size + 20, title, body)


# --- chart 3: the population account -------------------------------------------------------

ACCOUNT_W, ACCOUNT_H = 1000, 300
ACCOUNT_PAD = {"left": 70, "right": 20, "top": 20, "bottom": 50}


def account_bars(account: Sequence[AccountYear], y: Scale, band: float) -> list[str]:
    """Grouped bars per year: births, deaths, net migration and discrepancy."""
    body: list[str] = []
    bar = band * 0.8 / len(ACCOUNT_SERIES)
    for index, year in enumerate(account):
        x0 = ACCOUNT_PAD["left"] + index * band + band * 0.1
        for position, (key, label, colour) in enumerate(ACCOUNT_SERIES):
            value = year.series_value(key)
            top, bottom = sorted((y(value), y(0)))
            body.append(
                f'<rect class="bar" x="{x0 + position * bar:.1f}" y="{top:.1f}" '
                f'width="{bar * 0.92:.1f}" height="{max(bottom - top, 0.5):.1f}" fill="{colour}" '
                f'data-year="{year.year}" data-series="{key}" data-value="{value}">'
                f"<title>{year.year}: {esc(label)} {number(value, True)}</title></rect>"
            )
        label_y = ACCOUNT_H - ACCOUNT_PAD["bottom"] + 16
        body.append(text(x0 + band * 0.4, label_y, year.year, "tick", "middle"))
    return body


def account_legend() -> list[str]:
    """The chart's legend, under the years."""
    body: list[str] = []
    for position, (_, label, colour) in enumerate(ACCOUNT_SERIES):
        x = ACCOUNT_PAD["left"] + position * 190
        y = ACCOUNT_H - 14
        body.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        body.append(text(x + 15, y, label, "legend"))
    return body


def account_chart(account: Sequence[AccountYear]) -> str:
    """The components of population change per year, as grouped bars around zero."""
    if not account:
        return '<p class="empty">No population account in the warehouse.</p>'
    values = [year.series_value(key) for year in account for key, _, _ in ACCOUNT_SERIES]
    low, high, step = nice_range(values)
    y = Scale((low, high), (ACCOUNT_H - ACCOUNT_PAD["bottom"], ACCOUNT_PAD["top"]))
    left, right = ACCOUNT_PAD["left"], ACCOUNT_W - ACCOUNT_PAD["right"]
    body: list[str] = []
    for tick in ticks(low, high, step):
        body.append(line(left, y(tick), right, y(tick), "zero" if tick == 0 else "grid"))
        body.append(text(left - 6, y(tick) + 4, number(tick), "tick", "end"))
    band = (right - left) / len(account)
    body += account_bars(account, y, band)
    body += account_legend()
    title = "Components of population change per year, whole country (persons)"
    return svg("chart-account", ACCOUNT_W, ACCOUNT_H, title, body)


# --- tables and page ------------------------------------------------------------------------


def table(table_id: str, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table; cells are given already escaped, numbers right-aligned by CSS."""
    head = "".join(f"<th>{esc(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def cell(value: str, field: str, numeric: bool = True) -> str:
    """A table cell tagged with the field it shows."""
    css = ' class="num"' if numeric else ""
    return f'<td data-field="{field}"{css}>{value}</td>'


def account_table(account: Sequence[AccountYear]) -> str:
    """The national population account per year."""
    headers = ["Year", "Population 1 Jan", "Births", "Deaths", "Net migration"]
    headers += ["Population 31 Dec", "Discrepancy", "Complete accounts"]
    rows = (
        [
            cell(str(year.year), "year", numeric=False),
            cell(number(year.population_start), "population_start"),
            cell(number(year.births), "births"),
            cell(number(year.deaths), "deaths"),
            cell(number(year.net_migration, True), "net_migration"),
            cell(number(year.population_end), "population_end"),
            cell(number(year.discrepancy, True), "discrepancy"),
            cell(f"{year.complete} of {year.municipalities}", "complete"),
        ]
        for year in account
    )
    return table("table-account", headers, rows)


def discrepancy_table(discrepancies: Sequence[Discrepancy]) -> str:
    """The municipalities whose population account is furthest off."""
    if not discrepancies:
        return '<p class="empty">Every complete municipal account balances exactly.</p>'
    headers = ["Year", "Municipality", "County", "Population 1 Jan", "Discrepancy", "Per 1,000"]
    rows = (
        [
            cell(str(row.year), "year", numeric=False),
            cell(
                f"{esc(row.municipality_code)} {esc(row.municipality_name)}", "municipality", False
            ),
            cell(esc(row.county_code or ""), "county", numeric=False),
            cell(number(row.population_start), "population_start"),
            cell(number(row.discrepancy, True), "discrepancy"),
            cell(per_thousand(row.discrepancy, row.population_start), "per_thousand"),
        ]
        for row in discrepancies
    )
    return table("table-discrepancies", headers, rows)


def per_thousand(value: int, base: int | None) -> str:
    """value per 1,000 of base, one decimal."""
    if not base:
        return DASH
    return f"{1000 * value / base:+.1f}"


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c;
  margin: 0; background: #f7fafc; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 4px; } h2 { font-size: 20px; margin-top: 36px; }
p.lead { color: #4a5568; margin-top: 0; } p.note, p.empty { color: #4a5568; font-size: 14px; }
.banner { background: #fffbeb; border: 1px solid #f6e05e; padding: 10px 14px; font-size: 14px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 12px 0; }
svg .panel-title { font-size: 12px; font-weight: 600; fill: #1a202c; }
svg .tick, svg .legend, svg .axis-note { font-size: 10px; fill: #4a5568; }
svg .legend { font-size: 12px; } svg .label { font-size: 11px; fill: #2d3748; }
svg .grid { stroke: #edf2f7; stroke-width: 1; } svg .zero { stroke: #718096; stroke-width: 1; }
svg .series { fill: none; stroke: #2b6cb0; stroke-width: 1.8; }
svg .point { fill: #2b6cb0; } svg .flow-cell { stroke: #fff; stroke-width: 1; }
svg .cell-value { font-size: 10px; fill: #1a202c; } svg .cell-value.light { fill: #fff; }
table { border-collapse: collapse; font-size: 14px; margin: 12px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e2e8f0; text-align: left; }
th { background: #edf2f7; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { margin-top: 40px; font-size: 13px; color: #4a5568; border-top: 1px solid #e2e8f0; }
"""


def page(data: ReportData, database: Path) -> str:
    """The whole report as one HTML document."""
    years = sorted({row.year for row in data.counties})
    period = f"{years[0]}{DASH}{years[-1]}" if years else "no years"
    sections = [
        "<h1>Norwegian migration and population account</h1>",
        f'<p class="lead">Counties and municipalities as they were each year, {period}. '
        "Definitions of Statistics Norway (SSB).</p>",
        '<p class="banner">With the default register (<code>make build</code>) these figures '
        "are <strong>synthetic</strong>: a generated national register calibrated to SSB's "
        "published figures, not real individual data.</p>",
        '<section id="net-migration"><h2>Net migration by county</h2>',
        '<p class="note">In-migration minus out-migration, moves to and from abroad included; '
        "moves between two municipalities of one county do not count for the county. One "
        "panel per county code, on one scale; a line breaks where a county did not exist.</p>",
        net_migration_chart(data.counties),
        "</section>",
        f'<section id="flows"><h2>Moves between counties, {data.flow_year or DASH}</h2>',
        '<p class="note">Each cell counts the moves from the county of its row to the county '
        "of its column; darker is more.</p>",
        flow_chart(data),
        "</section>",
        '<section id="account"><h2>Population account, whole country</h2>',
        '<p class="note">Population on 1 January plus births minus deaths plus net migration '
        "should give the population on 31 December; the register's late reports leave a "
        "discrepancy, shown as it is. Years without a complete account show no end "
        "population.</p>",
        account_chart(data.account),
        account_table(data.account),
        "<h3>Municipalities with the largest discrepancies</h3>",
        discrepancy_table(data.discrepancies),
        "</section>",
        "<footer><p>Source: Statistics Norway (SSB): definitions, classification 131 and the "
        "published tables the warehouse reconciles with; licence NLOD / CC BY 4.0. Figures "
        "computed by the norway_migration warehouse "
        f"(<code>{esc(database.name)}</code>). The default register is synthetic.</p></footer>",
    ]
    body = "\n".join(sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>norway_migration report</title>"
        f"<style>{STYLE}</style></head><body><main>\n{body}\n</main></body></html>\n"
    )


# --- command line -------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("NORWAY_MIGRATION_DB", DEFAULT_DATABASE)),
        help="DuckDB warehouse, opened read-only (default: $NORWAY_MIGRATION_DB or "
        "warehouse/norway_migration.duckdb)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="HTML file to write (default: target/report/index.html)",
    )
    return parser.parse_args(argv)


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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.database.is_file():
        print(f"no warehouse at {args.database}: run `make build` first", file=sys.stderr)
        return 2
    build_report(args.database, args.out)
    print(f"report written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
