"""The static HTML report (`make report`) of the fixture warehouse, and how Chromium shows it.

Builds the report with `norway-migration report` from the session's fixture warehouse and
checks the figures the fixture register implies (see register_fixtures.py): the 2019
population account of the whole country is 260 + 2 births - 1 death + 1 net migration
against 261 counted on 31 December (discrepancy -1); Oslo's and Stavanger's 2019 accounts
are off by -2 and +2; the one inter-county move of 2020 went from Rogaland (11) to Viken
(30). Then it opens the file in headless Chromium and screenshots it to `target/report.png`.
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
    """The body rows of a report table, as field -> shown text."""
    match = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.DOTALL)
    assert match, f"no table {table_id}"
    rows = re.findall(r"<tr>(.*?)</tr>", match.group(1), re.DOTALL)
    return [dict(re.findall(r'<td data-field="(\w+)"[^>]*>(.*?)</td>', row)) for row in rows]


def svg_of(html: str, chart_id: str) -> str:
    """The markup of one inline SVG chart."""
    match = re.search(rf'<svg id="{chart_id}".*?</svg>', html, re.DOTALL)
    assert match, f"no chart {chart_id}"
    return match.group(0)


# --- the HTML -------------------------------------------------------------------------------


def test_report_is_self_contained(html: str) -> None:
    assert "<script" not in html
    assert "<link" not in html
    assert not re.search(r"\s(?:src|href)=", html)
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls == {"http://www.w3.org/2000/svg"}  # the SVG namespace, never fetched
    for chart_id in CHARTS:
        assert f'<svg id="{chart_id}"' in html


def test_report_credits_ssb_and_says_the_data_are_synthetic(html: str) -> None:
    assert "Statistics Norway (SSB)" in html
    assert "<strong>synthetic</strong>" in html
    assert "NLOD" in html


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
    bars = svg_of(html, "chart-account")
    for series, value in (("births", 2), ("minus_deaths", -1), ("net_migration", 1)):
        assert f'data-year="2019" data-series="{series}" data-value="{value}"' in bars
    assert 'data-year="2019" data-series="discrepancy" data-value="-1"' in bars


def test_largest_discrepancies(html: str) -> None:
    rows = table_rows(html, "table-discrepancies")
    top = {(row["year"], row["municipality"], row["discrepancy"]) for row in rows[:2]}
    assert top == {("2019", "0301 Oslo", "-2"), ("2019", "1103 Stavanger", "+2")}
    assert rows[0]["per_thousand"] == "-20.0"  # -2 of Oslo's 100
    magnitudes = [abs(int(row["discrepancy"])) for row in rows]
    assert magnitudes == sorted(magnitudes, reverse=True)


def test_flow_matrix_of_the_latest_year(html: str, warehouse_ro: duckdb.DuckDBPyConnection) -> None:
    assert "Moves between counties, 2020" in html
    matrix = svg_of(html, "chart-flows")
    counties = warehouse_ro.execute(
        "select count(*) from marts.mart_county_migration where year = 2020"
    ).fetchone()
    cells = re.findall(r'data-from="(\d+)" data-to="(\d+)" data-moves="(\d+)"', matrix)
    assert counties is not None and len(cells) == counties[0] ** 2
    moving = {
        (origin, destination): int(moves) for origin, destination, moves in cells if moves != "0"
    }
    assert moving == {("11", "30"): 1}  # M11: Stavanger -> Bærum on 1 January 2020
    assert "Rogaland → Viken: 1 move<" in matrix


def test_net_migration_small_multiples(html: str, warehouse_ro: duckdb.DuckDBPyConnection) -> None:
    chart = svg_of(html, "chart-net-migration")
    panels = dict(re.findall(r'<g class="panel" data-county="(\d+)">(.*?)</g>', chart, re.DOTALL))
    query = "select distinct county_code from marts.mart_county_migration"
    codes = {code for (code,) in warehouse_ro.execute(query).fetchall()}
    assert set(panels) == codes
    assert 'data-year="2019" data-value="1"' in panels["03"]  # Oslo: +2 from abroad, -1 internal
    assert 'data-year="2020" data-value="-1"' in panels["11"]  # Rogaland loses M11
    assert 'data-year="2020" data-value="1"' in panels["30"]  # Viken gains it
    assert "Oslo 2019: net migration +1 (abroad +1, internal 0)" in panels["03"]


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
    marks_of_charts = ("circle.point", "rect.flow-cell", "rect.bar")
    for chart_id, mark in zip(CHARTS, marks_of_charts, strict=True):
        selector = f"#{chart_id} {mark}"
        marks = page.locator(selector)
        assert marks.count() > 0, selector
        box = marks.first.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, selector
    flow = page.locator('#chart-flows rect[data-from="11"][data-to="30"]').bounding_box()
    assert flow is not None and flow["width"] > 20
    assert page.locator("#table-account tbody tr").count() == 2
    assert requests == [report.as_uri()]  # nothing else is fetched
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.close()
