"""The dbt docs site of a fixture build: complete documentation, driven in headless Chromium.

Generates the docs (`dbt docs generate`) for the session's fixture warehouse into a temporary
target folder, holds the manifest and catalog to `norway-migration check-docs`, serves the site on
127.0.0.1 and opens `mart_county_migration` through the navigation tree and the search box:
its columns and its lineage must show. Screenshots go to `target/` of the project.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from norway_migration import cli
from norway_migration.warehouse import docs_check
from tests.python.helpers import (
    NORWAY_MIGRATION,
    PROJECT_ROOT,
    DbtRun,
    chromium,
    fixture_vars,
    run_dbt,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = PROJECT_ROOT / "target"
MART = "mart_county_migration"
MART_ID = f"model.norway_migration.{MART}"
# Definitions SSB's documentation gives, each a docs block reused in the YAML.
REQUIRED_DEFINITIONS = (
    "population",
    "population_start",
    "migration",
    "in_migration_total",
    "out_migration_total",
    "net_migration_total",
    "population_growth",
    "natural_increase",
    "population_account",
    "account_discrepancy",
    "county_rules",
    "national_rules",
)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs_target(
    fixture_build: DbtRun, fixture_register: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """`dbt docs generate` against (a copy of: the session's build is only read) the fixture
    warehouse, into a temporary target folder."""
    target = tmp_path_factory.mktemp("docs_target")
    database = tmp_path_factory.mktemp("docs_warehouse") / "fixture.duckdb"
    shutil.copyfile(fixture_build.database, database)
    run = run_dbt(
        ["docs", "generate"],
        database,
        fixture_vars(fixture_register),
        target_path=target,
    )
    assert run.returncode == 0, run.output
    for artifact in ("index.html", "manifest.json", "catalog.json"):
        assert (target / artifact).is_file(), artifact
    return target


@pytest.fixture(scope="module")
def docs_url(docs_target: Path) -> Iterator[str]:
    """The docs site served on 127.0.0.1 on a free port, stopped afterwards."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output clean."""

    handler = functools.partial(QuietHandler, directory=str(docs_target))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright, with a fresh profile."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium(tmp_path_factory.mktemp("chromium_profile"), 1400, 1000) as context:
        yield context


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    tab.close()


# --- documentation completeness -------------------------------------------------------------


def test_check_docs_passes_on_the_generated_site(docs_target: Path) -> None:
    completed = subprocess.run(
        [
            NORWAY_MIGRATION,
            "check-docs",
            "--manifest",
            str(docs_target / "manifest.json"),
            "--catalog",
            str(docs_target / "catalog.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Documentation complete (manifest and catalog)" in completed.stdout


def test_the_catalog_covers_the_marts(docs_target: Path) -> None:
    catalog = json.loads((docs_target / "catalog.json").read_text())
    columns = {name.lower() for name in catalog["nodes"][MART_ID]["columns"]}
    assert {"in_migration_from_abroad", "net_migration_internal", "county_code"} <= columns


def test_definitions_are_docs_blocks_reused_in_the_yaml(docs_target: Path) -> None:
    manifest = json.loads((docs_target / "manifest.json").read_text())
    blocks = {doc["name"] for doc in manifest["docs"].values()}
    assert set(REQUIRED_DEFINITIONS) <= blocks
    used: set[str] = set()
    for resource in [*manifest["nodes"].values(), *manifest["sources"].values()]:
        used.update(resource.get("doc_blocks", []))
        for column in resource.get("columns", {}).values():
            used.update(column.get("doc_blocks", []))
    unused = {name for name in REQUIRED_DEFINITIONS if f"doc.norway_migration.{name}" not in used}
    assert not unused, f"docs blocks never referenced with doc(): {sorted(unused)}"


def own(resource_type: str, name: str, **fields: Any) -> dict[str, Any]:
    """A manifest entry of the root project."""
    unique_id = f"{resource_type}.norway_migration.{name}"
    return {
        "package_name": "norway_migration",
        "resource_type": resource_type,
        "name": name,
        "unique_id": unique_id,
        **fields,
    }


def gappy_manifest() -> dict[str, Any]:
    """A manifest with one gap of every kind (and things that are not gaps)."""
    model_columns = {"a": {"description": "A."}, "b": {"description": " "}}
    sums_to = "{% test sums_to(model, column_name, value=0) %}{% endtest %}"
    source_columns = {"c": {"description": ""}}
    return {
        "metadata": {"project_name": "norway_migration"},
        "nodes": {
            "model.norway_migration.m": own(
                "model", "m", description="Rows.", columns=model_columns
            ),
            "seed.norway_migration.s": own("seed", "s", description="", columns={}),
            "test.norway_migration.assert_x": own("test", "assert_x", description=""),
            "test.norway_migration.not_null": own(
                "test", "not_null", description="", test_metadata={"name": "not_null"}
            ),
            "model.other.m": {**own("model", "m", description=""), "package_name": "other"},
        },
        "sources": {
            "source.norway_migration.raw.t": own(
                "source",
                "t",
                source_name="raw",
                source_description="",
                description="Rows.",
                columns=source_columns,
            ),
        },
        "macros": {
            "macro.norway_migration.test_sums_to": own(
                "macro",
                "test_sums_to",
                description="Sums.",
                macro_sql=sums_to,
                arguments=[{"name": "model", "description": "The model."}],
            ),
        },
        "unit_tests": {"unit_test.norway_migration.u": own("unit_test", "u")},
        "exposures": {"exposure.norway_migration.e": own("exposure", "e")},
        "semantic_models": {
            "semantic_model.norway_migration.sm": own(
                "semantic_model",
                "sm",
                description="Counties.",
                dimensions=[],
                measures=[{"name": "moves", "description": None}],
            ),
        },
    }


def test_check_docs_reports_every_kind_of_gap() -> None:
    catalog = {"nodes": {"model.norway_migration.m": {"columns": {"A": {}, "extra": {}}}}}
    gaps = [str(gap) for gap in docs_check.find_gaps(gappy_manifest(), catalog)]
    assert gaps == [
        "exposure e: no description",
        "macro test_sums_to: argument column_name has no description",
        "macro test_sums_to: argument value has no description",
        "model m: column b has no description",
        "model m: column extra (in the relation) is not documented",
        "seed s: no description",
        "semantic model sm: measure moves has no description",
        "singular test assert_x: no description",
        "source raw: no description",
        "source table raw.t: column c has no description",
        "unit test u: no description",
    ]


def test_check_docs_exits_1_listing_gaps(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(gappy_manifest()))
    assert cli.main(["check-docs", "--manifest", str(manifest)]) == 1
    empty = {"metadata": {"project_name": "norway_migration"}}
    manifest.write_text(json.dumps(empty))
    assert cli.main(["check-docs", "--manifest", str(manifest)]) == 0


# --- the site in a browser ------------------------------------------------------------------


def click_tree_item(page: Any, name: str) -> None:
    """Click the last visible entry of the navigation tree named `name` (the Projects tree).

    The site splits long names over two spans, so names are compared without whitespace.
    """
    items = page.locator("div.menu a:visible")
    names = [re.sub(r"\s+", "", label) for label in items.all_text_contents()]
    matches = [index for index, label in enumerate(names) if label == name]
    assert matches, f"{name} not in the navigation tree: {names}"
    items.nth(matches[-1]).click()


def lineage_nodes(page: Any) -> list[str]:
    """Labels of the nodes the lineage graph (cytoscape) draws."""
    return page.evaluate(
        """() => {
            const container = document.getElementById('cy');
            const graph = container && container._cyreg && container._cyreg.cy;
            return graph ? graph.nodes(':visible').map(node => node.data('label')) : [];
        }"""
    )


def test_mart_page_shows_columns_and_lineage(page: Any, docs_url: str) -> None:
    page.goto(docs_url)
    page.get_by_text("Projects", exact=True).wait_for()
    for folder in ("norway_migration", "models", "marts", "migration", MART):
        click_tree_item(page, folder)
    page.wait_for_url(re.compile(re.escape(f"#!/model/{MART_ID}")))
    page.locator("h1", has_text=MART).wait_for()
    columns = page.locator("section:has(#columns)")
    for column in ("in_migration_from_abroad", "net_migration_internal", "county_code"):
        assert columns.get_by_text(column, exact=True).first.is_visible(), column
    description = page.locator("section:has(#description)").inner_text()
    assert "SSB table 05541" in description
    assert "a move between two municipalities of the same county" in description
    depends_on = page.locator("section:has(#depends_on)")
    assert depends_on.get_by_text("int_migration__area_counts", exact=True).is_visible()
    assert depends_on.get_by_text("dim_counties", exact=True).is_visible()
    page.screenshot(path=str(SCREENSHOTS / "docs_mart_county_migration.png"))

    page.locator("a[title='View Lineage Graph']").click()
    page.get_by_text("Lineage Graph", exact=True).wait_for()
    page.wait_for_function("() => document.getElementById('cy')._cyreg.cy.nodes().length > 0")
    box = page.locator("#cy").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    nodes = lineage_nodes(page)
    assert {MART, "int_migration__area_counts", "dim_counties", "mart_national_migration"} <= set(
        nodes
    ), nodes
    page.screenshot(path=str(SCREENSHOTS / "docs_mart_county_migration_lineage.png"))


def test_search_finds_the_mart(page: Any, docs_url: str) -> None:
    page.goto(docs_url)
    page.get_by_placeholder("Search for models...").fill(MART)
    result = page.locator(f".search-result[href='#!/model/{MART_ID}']")
    result.wait_for()
    result.click()
    page.wait_for_url(re.compile(re.escape(f"#!/model/{MART_ID}")))
    page.locator("h1", has_text=MART).wait_for()


def test_overview_links_the_key_marts(page: Any, docs_url: str) -> None:
    page.goto(docs_url)
    overview = page.locator("[marked='overview_md']")
    overview.wait_for()
    text = overview.inner_text()
    phrases = (
        "What it answers",
        "Where the data come from",
        "How to read a mart",
        "Counting rules",
    )
    for phrase in (*phrases, "synthetic", "Statistics Norway (SSB)"):
        assert phrase in text, phrase
    overview.get_by_role("link", name="mart_municipality_population_account", exact=True).click()
    page.wait_for_url(re.compile("mart_municipality_population_account"))
    page.locator("h1", has_text="mart_municipality_population_account").wait_for()
