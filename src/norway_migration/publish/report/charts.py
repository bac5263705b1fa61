"""The report's three charts, drawn as inline SVG: net migration by county (small
multiples), moves between counties (an origin-destination matrix) and the population
account (grouped bars)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from norway_migration.publish.report.data import AccountYear, CountyYear, ReportData
from norway_migration.publish.report.svg import (
    Scale,
    esc,
    line,
    nice_range,
    number,
    svg,
    text,
    ticks,
)

ACCOUNT_SERIES = (
    ("births", "Births", "#2f855a"),
    ("minus_deaths", "Deaths (negative)", "#c53030"),
    ("net_migration", "Net migration", "#2b6cb0"),
    ("discrepancy", "Account discrepancy", "#b7791f"),
)


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
