"""The report's tables and the HTML page around the charts (inline CSS, no JavaScript)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from norway_migration.publish.report.charts import account_chart, flow_chart, net_migration_chart
from norway_migration.publish.report.data import AccountYear, Discrepancy, ReportData
from norway_migration.publish.report.svg import DASH, esc, number


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
