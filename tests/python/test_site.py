"""The static site of the municipal tables (`make site`), built from the publication
register's warehouse (register_publication.py) with `norway-migration site`, checked as
files and driven in headless Chromium over `norway-migration site-serve`'s server on
127.0.0.1: the search finds a table by a former name (Tolga-Os), the table shows the break
line of the 1976 division with its note, a renamed municipality's table has no break, a
ceased one is red and ends with a note naming its successor, the downloaded CSV equals the
mart's rows, the page reads on a phone and nothing is fetched from elsewhere. Screenshots:
`target/site_index.png`, `target/site_table.png`, `target/site_table_phone.png`.
"""

from __future__ import annotations

import csv
import re
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from norway_migration.publish.site.build import csv_value
from norway_migration.publish.site.serve import server
from tests.python.helpers import NORWAY_MIGRATION, PROJECT_ROOT, DbtRun, chromium, run_cli

TARGET = PROJECT_ROOT / "target"


@pytest.fixture(scope="module")
def site(publication_build: DbtRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the publication warehouse, built by the command line."""
    out = tmp_path_factory.mktemp("site")
    completed = run_cli("site", "--database", str(publication_build.database), "--out", str(out))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "tables" in completed.stdout and "MB" in completed.stdout
    return out


@pytest.fixture(scope="module")
def marts(publication_build: DbtRun) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(publication_build.database), read_only=True)
    yield connection
    connection.close()


def mart_rows(marts: duckdb.DuckDBPyConnection, sql: str, *parameters: object) -> list[list[str]]:
    """A query's header and rows as the CSV files write them."""
    result = marts.execute(sql, list(parameters))
    header = [column[0] for column in result.description]
    return [header] + [[csv_value(value) for value in row] for row in result.fetchall()]


# --- the files ------------------------------------------------------------------------------


def test_a_page_and_a_csv_file_for_every_table(
    site: Path, marts: duckdb.DuckDBPyConnection
) -> None:
    tables = [
        table_id
        for (table_id,) in marts.execute(
            "select table_id from marts.mart_municipal_tables order by table_order"
        ).fetchall()
    ]
    assert sorted(p.stem for p in (site / "tables").glob("*.html")) == sorted(tables)
    assert {p.name for p in (site / "csv").glob("*.csv")} >= {f"{t}.csv" for t in tables}
    index = (site / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li data-search="[^"]*" data-table="([^"]+)"', index)
    assert listed == tables  # every table, in the publication's order
    counties = {p.stem for p in (site / "counties").glob("*.html")}
    assert {"03", "11", "34", "46"} <= counties


def test_the_site_is_self_contained(site: Path) -> None:
    for page in [site / "index.html", site / "tables" / "3430.html", site / "counties" / "11.html"]:
        html = page.read_text(encoding="utf-8")
        for attribute in re.findall(r'\s(?:src|href)="([^"]*)"', html):
            assert not re.match(r"[a-z]+://|//", attribute), (page.name, attribute)
        assert "Statistics Norway (SSB)" in html
        assert "<strong>synthetic</strong>" in html
    assert (site / "assets" / "vega-embed.js").stat().st_size > 100_000
    bundle = (site / "assets" / "vega-embed.js").read_text(encoding="utf-8")
    assert bundle.startswith("// Vega ") and "window.vegaEmbed" in bundle


def test_a_real_register_has_no_synthetic_banner(publication_build: DbtRun, tmp_path: Path) -> None:
    out = tmp_path / "real"
    completed = run_cli(
        "site",
        "--database",
        str(publication_build.database),
        "--out",
        str(out),
        "--register",
        "real",
    )
    assert completed.returncode == 0, completed.stderr
    assert "synthetic" not in (out / "tables" / "1103.html").read_text(encoding="utf-8")


def test_site_serve_serves_the_site_on_localhost(site: Path) -> None:
    process = subprocess.Popen(
        [NORWAY_MIGRATION, "site-serve", "--dir", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        with urllib.request.urlopen(f"{match.group(0)}tables/3430.html", timeout=10) as reply:
            assert reply.status == 200
            assert "0435 Tolga-Os" in reply.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_site_needs_a_warehouse(tmp_path: Path) -> None:
    completed = run_cli("site", "--database", str(tmp_path / "none.duckdb"))
    assert completed.returncode == 2 and "make build" in completed.stderr


# --- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The site served as `norway-migration site-serve` serves it, on a free port."""
    httpd = server(site, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host}:{port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium_profile"), 1200, 900) as context:
        yield context


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh tab that records every request it makes."""
    tab = browser.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    assert all(url.startswith(base_url + "/") for url in tab.requests), tab.requests
    tab.close()


@pytest.mark.browser
def test_search_a_former_name_and_see_the_break_line(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    search = page.get_by_label("Search by any number or name a municipality ever had")
    search.fill("Tolga-Os")
    found = page.locator("#tables li:visible")
    assert found.count() == 1
    assert found.first.get_attribute("data-table") == "3430"
    assert "1 of " in page.locator("#search-status").inner_text()
    TARGET.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(TARGET / "site_index.png"))
    search.fill("TOLGA")  # any case: also the table of 3426 Tolga
    tolga = page.locator("#tables li:visible")
    assert sorted(tolga.evaluate_all("items => items.map(i => i.dataset.table)")) == [
        "3426",
        "3430",
    ]
    search.fill("Tolga-Os")
    page.get_by_role("link", name="3430 Os, 0441 Os (Hedmark), 0435 Tolga-Os, 0435 Os").click()
    page.get_by_role(
        "heading", name="3430 Os, 0441 Os (Hedmark), 0435 Tolga-Os, 0435 Os"
    ).wait_for()
    table = page.locator("#municipal-table")
    headers = table.locator("thead th[scope=col]").all_inner_texts()
    assert headers[:3] == ["Year", "Unit", "Population 1 January"]
    assert "Population 31 December" in headers and "Discrepancy" in headers
    row_1976 = table.locator('tbody tr[data-year="1976"]')
    assert row_1976.get_attribute("class") == "break-before"
    assert "0441 Os (Hedmark)" in row_1976.inner_text()
    border = row_1976.locator("th").evaluate("cell => getComputedStyle(cell).borderTopWidth")
    assert border == "3px"
    note = table.locator('tbody tr.note-row[data-before-year="1976"]')
    assert "Break in the series before 1976" in note.inner_text()
    assert "0435 Tolga-Os continues as 0441 Os (Hedmark): 132 persons" in note.inner_text()
    assert "part of 0435 Tolga-Os went to 0436 Tolga: 170 persons" in note.inner_text()
    assert table.locator('tbody tr[data-year="1975"]').get_attribute("class") is None
    assert table.locator("tr.break-before").count() == 1  # 2020 is a renumbering: no break
    chart = page.locator("#chart")
    chart.locator("svg").first.wait_for()
    assert chart.get_attribute("data-rendered") == "true"
    assert chart.locator('[aria-label^="position: 1975.5"]').count() >= 1  # the break rule
    page.screenshot(path=str(TARGET / "site_table.png"), full_page=True)


@pytest.mark.browser
def test_a_renamed_municipality_has_no_break(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/tables/1514.html")
    table = page.locator("#municipal-table")
    assert table.locator("tr.break-before").count() == 0
    note = table.locator('tr.note-row[data-before-year="2020"]')
    assert "Note, no break" in note.inner_text()
    assert "name changed from Sande (Møre og Romsdal) to Sande" in note.inner_text()


@pytest.mark.browser
def test_a_ceased_municipality_is_red_and_names_its_successor(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    finnoy = page.locator('#tables li[data-table="1141"]')
    status = finnoy.locator(".status")
    assert status.inner_text() == "ceased"
    assert status.evaluate("e => getComputedStyle(e).color") == "rgb(155, 44, 44)"  # red
    existing = page.locator('#tables li[data-table="1103"] .status')
    assert existing.inner_text() == "exists"
    assert existing.evaluate("e => getComputedStyle(e).color") == "rgb(39, 103, 73)"  # green
    finnoy.get_by_role("link").click()
    page.get_by_role("heading", name="1141 Finnøy").wait_for()
    assert "The municipality no longer exists" in page.locator("p.lead").inner_text()
    last = page.locator("#notes-after li").last
    assert "1141 Finnøy merged into 1103 Stavanger: 99 persons" in last.inner_text()
    last.get_by_role("link", name="Table 1103").click()
    page.get_by_role("heading", name="1103 Stavanger").wait_for()
    assert page.locator('#municipal-table tr[data-year="2020"]').get_attribute("class") == (
        "break-before"
    )


@pytest.mark.browser
def test_the_downloaded_csv_equals_the_marts_rows(
    page: Any, base_url: str, marts: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    page.goto(f"{base_url}/tables/1103.html")
    with page.expect_download() as download:
        page.locator("#download-csv").click()
    saved = tmp_path / "1103.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8", newline="") as file:
        downloaded = list(csv.reader(file))
    expected = mart_rows(
        marts,
        "select * from marts.mart_municipal_table_rows where table_id = ? order by year",
        "1103",
    )
    assert downloaded == expected and len(downloaded) == 5  # header + 1975, 1976, 2019, 2020
    with page.expect_download() as download:
        page.locator("#download-csv-today").click()
    saved = tmp_path / "1103-today.csv"
    download.value.save_as(saved)
    with saved.open(encoding="utf-8", newline="") as file:
        downloaded = list(csv.reader(file))
    expected = mart_rows(
        marts,
        "select year, municipality_code, municipality_name, boundary_vintage, "
        "in_migration_total, out_migration_total, net_migration_total, is_estimated "
        "from marts.mart_municipality_migration_harmonized where municipality_code = ? "
        "order by year",
        "1103",
    )
    assert downloaded == expected


@pytest.mark.browser
def test_a_table_reads_on_a_phone(browser: Any, base_url: str) -> None:
    phone = browser.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{base_url}/tables/3430.html")
    phone.locator("#chart svg").first.wait_for()
    overflow = phone.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1  # the page does not scroll sideways; the wide table scrolls itself
    region = phone.get_by_role("region", name=re.compile("population account by year"))
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    phone.screenshot(path=str(TARGET / "site_table_phone.png"), full_page=True)
    phone.close()


@pytest.mark.browser
def test_a_county_page_lists_its_tables(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/counties/11.html")
    page.get_by_role("heading", name="11 Rogaland").wait_for()
    links = page.locator("ul.tables a").all_inner_texts()
    assert "1103 Stavanger" in links and "1141 Finnøy" in links
    page.locator("#chart svg").first.wait_for()
    years = page.locator("#county-table tbody tr th").all_inner_texts()
    assert years == ["1975", "1976", "2019", "2020"]  # every year of the register
    row_2020 = page.locator("#county-table tbody tr").nth(3).locator("td").all_inner_texts()
    assert row_2020 == ["0", "1", "-1"]  # PM4: Stavanger to Øygarden (Vestland)
