"""The static HTML report (`make report`) of the fixture warehouse, and how Chromium shows it.

Builds the report with `norway-migration report` from the session's fixture warehouse and
checks the figures the fixture register implies (see register_fixtures.py): the 2019
population account of the whole country is 260 + 2 births - 1 death + 1 net migration
against 261 counted on 31 December (discrepancy -1); Oslo's and Stavanger's 2019 accounts
are off by -2 and +2; the one inter-county move of 2020 went from Rogaland (11) to Viken
(30), and in the counties of 2024 (the county panels, drawn in one division) from Rogaland to
Akershus (32). The charts are Vega-Lite specs rendered to inline SVG, their marks labelled
for screen readers; the tests read those labels. Then it opens the file in headless Chromium
and screenshots it to `target/report.png`.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.python.helpers import NORWAY_MIGRATION, PROJECT_ROOT, DbtRun, chromium

pytestmark = pytest.mark.browser

SCREENSHOT = PROJECT_ROOT / "target" / "report.png"
CHARTS = ("chart-net-migration", "chart-flows", "chart-account")


@pytest.fixture(scope="module")
def report(fixture_build: DbtRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the fixture warehouse, built by the command line."""
    out = tmp_path_factory.mktemp("report") / "index.html"
    completed = subprocess.run(
        [
            NORWAY_MIGRATION,
            "report",
            "--database",
            str(fixture_build.database),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return out


@pytest.fixture(scope="module")
def html(report: Path) -> str:
    return report.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def warehouse_ro(fixture_build: DbtRun) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(fixture_build.database), read_only=True)
    yield connection
    connection.close()


def table_rows(html: str, table_id: str) -> list[dict[str, str]]:
    """The body rows of a report table, as field -> shown text (header and data cells)."""
    match = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.DOTALL)
    assert match, f"no table {table_id}"
    rows = re.findall(r"<tr>(.*?)</tr>", match.group(1), re.DOTALL)
    cell = r'<t[hd][^>]*data-field="(\w+)"[^>]*>(.*?)</t[hd]>'
    return [dict(re.findall(cell, row, re.DOTALL)) for row in rows]


def chart_of(html: str, chart_id: str) -> str:
    """The markup of one chart: a figure holding the chart's inline SVG."""
    match = re.search(rf'<figure id="{chart_id}".*?</figure>', html, re.DOTALL)
    assert match, f"no chart {chart_id}"
    assert "<svg" in match.group(0), chart_id
    return match.group(0)


def mark_labels(svg: str) -> set[str]:
    """The accessible labels of a chart's marks (Vega writes one per point, bar or cell)."""
    return set(re.findall(r'aria-label="([^"]*)"', svg))


# --- the HTML -------------------------------------------------------------------------------


def test_report_is_self_contained(html: str) -> None:
    assert "<script" not in html
    assert not re.search(r"<link(?![^>]*href=\"data:)", html)  # only the empty data: icon
    assert not re.search(r"\s(?:src|href)=\"(?!data:|#)", html)  # no file, no address
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    # the SVG and XLink namespaces, never fetched
    assert urls == {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    for chart_id in CHARTS:
        chart_of(html, chart_id)


def test_report_credits_ssb_and_says_the_data_are_synthetic(html: str) -> None:
    assert "Statistics Norway (SSB)" in html
    assert "<strong>synthetic</strong>" in html
    assert "NLOD" in html


def test_report_comes_from_the_templates(html: str) -> None:
    # the package's base template: a skip link, the main landmark, the footer's credit
    assert '<a class="skip" href="#main">' in html
    assert '<main id="main">' in html
    assert html.count("<footer>") == 1


def test_national_population_account(html: str) -> None:
    rows = {row["year"]: row for row in table_rows(html, "table-account")}
    assert set(rows) == {"2019", "2020"}
    account_2019 = rows["2019"]
    assert account_2019["population_start"] == "260"
    assert account_2019["births"] == "2"
    assert account_2019["deaths"] == "1"
    assert account_2019["net_migration"] == "+1"
    assert account_2019["discrepancy"] == "-1"
    assert account_2019["complete"].startswith("5 of ")
    assert rows["2020"]["discrepancy"] == "\u2013"  # no complete account in 2020
    bars = mark_labels(chart_of(html, "chart-account"))
    for component, value in (
        ("Births", "2"),
        ("Deaths (negative)", "\u22121"),
        ("Net migration", "1"),
        ("Account discrepancy", "\u22121"),
    ):
        label = f"year: 2019; Persons: {value}; component: {component}"
        assert any(text.startswith(label) for text in bars), label


def test_largest_discrepancies(html: str) -> None:
    rows = table_rows(html, "table-discrepancies")
    top = {(row["year"], row["municipality"], row["discrepancy"]) for row in rows[:2]}
    assert top == {("2019", "0301 Oslo", "-2"), ("2019", "1103 Stavanger", "+2")}
    assert rows[0]["per_thousand"] == "-20.0"  # -2 of Oslo's 100
    magnitudes = [abs(int(row["discrepancy"])) for row in rows]
    assert magnitudes == sorted(magnitudes, reverse=True)


def test_flow_matrix_of_the_latest_year(html: str, warehouse_ro: duckdb.DuckDBPyConnection) -> None:
    assert "Moves between counties in the latest year, 2020" in html
    cells = [
        label
        for label in mark_labels(chart_of(html, "chart-flows"))
        if label.startswith("to: ") and "; From: " in label
    ]
    counties = warehouse_ro.execute(
        "select count(*) from marts.mart_county_migration where year = 2020"
    ).fetchone()
    assert counties is not None and len(cells) == counties[0] ** 2
    moving = {label for label in cells if not label.split("; ")[2].endswith(": 0")}
    # M11: Stavanger -> Bærum on 1 January 2020, in the counties of 2020
    assert moving == {
        "to: 30 Viken; from: 11 Rogaland; moves: 1; From: 11 Rogaland; To: 30 Viken; Moves: 1"
    }


def test_county_panels_in_one_division(html: str, warehouse_ro: duckdb.DuckDBPyConnection) -> None:
    chart = chart_of(html, "chart-net-migration")
    assert "in the counties of 2024" in html
    query = "select distinct county_code, county_name from marts.mart_county_migration_harmonized"
    panels = {f"{code} {name}" for code, name in warehouse_ro.execute(query).fetchall()}
    titles = {
        label.removeprefix("Title text '").rstrip("'")
        for label in mark_labels(chart)
        if label.startswith("Title text")
    }
    assert titles == panels  # one panel per county of the newest division only
    assert "30 Viken" not in titles and "02 Akershus" not in titles
    labels = mark_labels(chart)
    # Oslo +2 from abroad -1 internal in 2019; M11 leaves Rogaland for Bærum (32 Akershus in
    # the 2024 division) in 2020: the series run through the reforms in one division
    assert "year: 2019; Net migration: 1; County: 03 Oslo; Year: 2019" in labels
    assert "year: 2020; Net migration: \u22121; County: 11 Rogaland; Year: 2020" in labels
    assert "year: 2020; Net migration: 1; County: 32 Akershus; Year: 2020" in labels
    points = [label for label in labels if label.startswith("year: ") and "County: " in label]
    years = warehouse_ro.execute(
        "select count(*) from marts.mart_county_migration_harmonized"
    ).fetchone()
    assert years is not None and len(points) == years[0]


def test_adding_a_chart_is_a_query_and_a_spec() -> None:
    from norway_migration.publish.report import data

    for chart in data.CHARTS:
        assert chart.sql.strip().startswith(("select", "with"))
        assert callable(chart.spec)
    # the age profile is drawn from the by-age mart: tested in test_age_sex.py on a register
    # with birth dates; the fixture register here has none
    assert [chart.chart_id for chart in data.CHARTS] == [*CHARTS, "chart-age-profile"]


def test_age_profile_without_birth_dates_says_so(html: str) -> None:
    section = re.search(r'<section id="chart-age-profile-section".*?</section>', html, re.DOTALL)
    assert section, "no age-profile section"
    assert "No figures for this chart in the warehouse." in section.group(0)
    assert '<figure id="chart-age-profile"' not in section.group(0)


# --- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright, with a fresh profile."""
    with chromium(tmp_path_factory.mktemp("chromium_profile"), 1200, 900) as context:
        yield context


def test_report_renders_in_chromium(browser: Any, report: Path) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    page.get_by_role("heading", name="Norwegian migration and population account").wait_for()
    for chart_id in CHARTS:
        chart = page.locator(f"#{chart_id}")
        assert chart.is_visible(), chart_id
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, (chart_id, box)
    for chart_id in CHARTS:
        marks = page.locator(f'#{chart_id} [role="graphics-symbol"]')
        assert marks.count() > 0, chart_id
        box = marks.first.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, chart_id
    flow = page.locator('#chart-flows [aria-label^="to: 30 Viken; from: 11 Rogaland"]')
    box = flow.first.bounding_box()
    assert box is not None and box["width"] > 20
    assert page.locator("#table-account tbody tr").count() == 2
    assert requests == [report.as_uri()]  # nothing else is fetched
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.close()
