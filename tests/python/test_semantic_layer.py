"""The semantic layer: `mf query` on the fixture warehouse gives the marts' figures.

mf (dbt-metricflow) reads `<project>/target/semantic_manifest.json`, with the project folder
taken from DBT_PROJECT_DIR (else the working directory) and profiles.yml from
DBT_PROFILES_DIR; it ignores dbt's --target-path. The fixture build writes its artifacts to
a target folder of its own, so mf gets a project folder holding the project's dbt_project.yml
and that build's semantic manifest, and NORWAY_MIGRATION_DB names the fixture's warehouse.
mf runs with the profile's read-only `reader` target (DBT_TARGET=reader), so it never takes
the warehouse's write lock and runs beside BI readers; a test holds a reader open meanwhile.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.python.helpers import PROJECT_ROOT, DbtRun

MF = str(Path(sys.executable).parent / "mf")

Row = dict[str, str]


@dataclass(frozen=True)
class MetricFlow:
    """The mf command line pointed at one warehouse and one semantic manifest."""

    project: Path
    database: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "DBT_PROJECT_DIR": str(self.project),
            "DBT_PROFILES_DIR": str(PROJECT_ROOT),
            "DBT_LOG_PATH": str(self.project / "logs"),
            "NORWAY_MIGRATION_DB": str(self.database),
            "DBT_TARGET": "reader",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        return subprocess.run(
            [MF, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
        )

    def query(
        self, metrics: Sequence[str], group_by: Sequence[str], where: str | None = None
    ) -> list[Row]:
        """Rows of `mf query` (read from its --csv output), values as printed."""
        result_csv = self.project / "result.csv"
        result_csv.unlink(missing_ok=True)
        args = ["query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by)]
        args += ["--where", where] if where else []
        completed = self.run(*args, "--csv", str(result_csv), "--quiet")
        assert completed.returncode == 0, completed.stdout + completed.stderr
        with result_csv.open(newline="") as handle:
            return list(csv.DictReader(handle))


def number(text: str) -> float | None:
    return None if text == "" else float(text)


def year_of(row: Row) -> int:
    return int(row["metric_time__year"][:4])


def mart_rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of a query on the warehouse, through a connection closed before mf runs."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def metricflow(tmp_path_factory: pytest.TempPathFactory, fixture_build: DbtRun) -> MetricFlow:
    project = tmp_path_factory.mktemp("mf_project")
    shutil.copy(PROJECT_ROOT / "dbt_project.yml", project / "dbt_project.yml")
    (project / "target").mkdir()
    shutil.copy(fixture_build.target_path / "semantic_manifest.json", project / "target")
    return MetricFlow(project, fixture_build.database)


@pytest.fixture(scope="module")
def by_year(metricflow: MetricFlow) -> dict[int, Row]:
    metrics = [
        "net_migration_total",
        "in_migration_total",
        "out_migration_total",
        "net_migration_internal",
        "population_start",
        "births",
        "deaths",
        "natural_increase",
        "net_migration_rate",
        "crude_birth_rate",
    ]
    rows = metricflow.query(metrics, ["metric_time__year"])
    return {year_of(row): row for row in rows}


@pytest.fixture(scope="module")
def by_county(metricflow: MetricFlow) -> dict[tuple[int, str], Row]:
    metrics = ["net_migration_total", "in_migration_internal", "population_start"]
    rows = metricflow.query(
        [*metrics, "net_migration_rate"], ["metric_time__year", "county__county_code"]
    )
    return {(year_of(row), row["county__county_code"]): row for row in rows}


def test_net_migration_by_year_equals_national_mart(
    by_year: dict[int, Row], fixture_build: DbtRun
) -> None:
    national = mart_rows(
        fixture_build.database,
        "select year, net_migration_total, in_migration_total, out_migration_total, "
        "net_migration_internal from marts.mart_national_migration",
    )
    columns = ("net_migration_total", "in_migration_total", "out_migration_total")
    metrics = {
        year: tuple(int(row[column]) for column in (*columns, "net_migration_internal"))
        for year, row in by_year.items()
    }
    assert metrics == {row[0]: row[1:] for row in national}
    # Hand-checked: 2019 has five moves in (M02, M03, M04 between counties; M05, M07 from
    # abroad) and four out (M02, M03, M04; M06 abroad); 2020 only M11 (Rogaland -> Viken).
    assert metrics == {2019: (1, 5, 4, 0), 2020: (0, 1, 1, 0)}


def test_net_migration_by_county_equals_county_mart(
    by_county: dict[tuple[int, str], Row], fixture_build: DbtRun
) -> None:
    county = mart_rows(
        fixture_build.database,
        "select year, county_code, net_migration_total, in_migration_internal "
        "from marts.mart_county_migration",
    )
    metrics = {
        key: (int(row["net_migration_total"]), int(row["in_migration_internal"]))
        for key, row in by_county.items()
    }
    assert metrics == {(row[0], row[1]): (row[2], row[3]) for row in county}
    assert metrics[(2019, "02")] == (0, 1)  # in from Oslo (M02), out to Rogaland (M03)
    assert metrics[(2020, "11")] == (-1, 0)  # M11 to Viken on the day of the reform
    assert metrics[(2020, "30")] == (1, 1)


def test_population_and_vital_events_by_year_equal_the_account(
    by_year: dict[int, Row], fixture_build: DbtRun
) -> None:
    account = mart_rows(
        fixture_build.database,
        "select year, sum(population_start), sum(births), sum(deaths), sum(natural_increase) "
        "from marts.mart_municipality_population_account group by year",
    )
    columns = ("population_start", "births", "deaths", "natural_increase")
    metrics = {year: tuple(int(row[column]) for column in columns) for year, row in by_year.items()}
    assert metrics == {row[0]: row[1:] for row in account}
    assert metrics == {2019: (260, 2, 1, 1), 2020: (261, 0, 0, 0)}


def test_rates_are_per_1000_residents_on_1_january(by_year: dict[int, Row]) -> None:
    assert number(by_year[2019]["net_migration_rate"]) == pytest.approx(1000 * 1 / 260)
    assert number(by_year[2019]["crude_birth_rate"]) == pytest.approx(1000 * 2 / 260)
    assert number(by_year[2020]["net_migration_rate"]) == 0


def test_net_migration_rate_by_county_uses_the_county_population(
    by_county: dict[tuple[int, str], Row], fixture_build: DbtRun
) -> None:
    population = {
        (row[0], row[1]): row[2]
        for row in mart_rows(
            fixture_build.database,
            "select year, county_code, sum(population_start) "
            "from marts.mart_municipality_population_account group by year, county_code",
        )
    }
    for key, row in by_county.items():
        residents = population.get(key)
        expected = 1000 * int(row["net_migration_total"]) / residents if residents else None
        assert number(row["net_migration_rate"]) == pytest.approx(expected), key
    # Rogaland 2020: 71 residents in Stavanger on 1 January, one move out (M11).
    assert number(by_county[(2020, "11")]["population_start"]) == 71
    assert number(by_county[(2020, "11")]["net_migration_rate"]) == pytest.approx(-1000 / 71)


def test_municipal_metrics_count_moves_inside_a_county(metricflow: MetricFlow) -> None:
    metrics = [
        "municipal_in_migration_total",
        "municipal_in_migration_from_abroad",
        "municipal_in_migration_internal",
        "municipal_out_migration_total",
        "municipal_out_migration_to_abroad",
        "municipal_out_migration_internal",
    ]
    rows = metricflow.query(
        metrics,
        ["metric_time__year", "municipality__municipality_code", "county__county_code"],
        where="{{ TimeDimension('metric_time', 'year') }} = '2019-01-01'",
    )
    found = {
        row["municipality__municipality_code"]: tuple(int(row[metric]) for metric in metrics)
        for row in rows
    }
    assert found["0301"] == (3, 2, 1, 2, 1, 1)  # Oslo, as in mart_municipality_migration
    # M01 Baerum -> Asker stays inside county 02: municipal migration, no county migration.
    assert found["0220"][2] == 1
    county_02 = [row for row in rows if row["county__county_code"] == "02"]
    assert sum(int(row["municipal_in_migration_internal"]) for row in county_02) == 2


def test_county_flows_equal_the_flows_mart(metricflow: MetricFlow, fixture_build: DbtRun) -> None:
    rows = metricflow.query(
        ["inter_county_moves"],
        ["metric_time__year", "county_flow__from_county_code", "county_flow__to_county_code"],
    )
    flows = {
        (
            year_of(row),
            row["county_flow__from_county_code"],
            row["county_flow__to_county_code"],
        ): int(row["inter_county_moves"])
        for row in rows
    }
    mart = mart_rows(
        fixture_build.database,
        "select year, from_county_code, to_county_code, moves "
        "from marts.mart_county_migration_flows",
    )
    assert flows == {row[:3]: row[3] for row in mart}
    assert flows[(2020, "11", "30")] == 1


def test_validate_configs_passes_against_the_warehouse(metricflow: MetricFlow) -> None:
    completed = metricflow.run("validate-configs")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Successfully validated the semantics of built manifest" in output
    assert "Successfully validated metrics against data warehouse" in output


def test_every_semantic_object_has_a_description(fixture_build: DbtRun) -> None:
    manifest = json.loads((fixture_build.target_path / "semantic_manifest.json").read_text())
    missing = [metric["name"] for metric in manifest["metrics"] if not metric["description"]]
    for model in manifest["semantic_models"]:
        missing += [] if model["description"] else [model["name"]]
        for kind in ("entities", "dimensions", "measures"):
            missing += [
                f"{model['name']}.{item['name']}" for item in model[kind] if not item["description"]
            ]
    assert missing == []
    assert len(manifest["metrics"]) >= 30
    assert manifest["project_configuration"]["time_spines"][0]["primary_column"] == {
        "name": "date_day",
        "time_granularity": "day",
    }


def test_semantic_views_document_every_column(fixture_build: DbtRun) -> None:
    manifest = json.loads((fixture_build.target_path / "manifest.json").read_text())
    documented = {
        node["name"]: {name for name, column in node["columns"].items() if column["description"]}
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "semantic"
    }
    columns = mart_rows(
        fixture_build.database,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'semantic'",
    )
    undocumented = [
        f"{table}.{column}" for table, column in columns if column not in documented[table]
    ]
    assert undocumented == []
    assert {str(row[0]) for row in columns} == set(documented)


def test_mf_runs_while_a_bi_tool_holds_the_warehouse_open(
    metricflow: MetricFlow, fixture_build: DbtRun
) -> None:
    with duckdb.connect(str(fixture_build.database), read_only=True) as reader:
        expected = reader.execute(
            "select sum(net_migration_total) from marts.mart_national_migration"
        ).fetchone()
        rows = metricflow.query(["net_migration_total"], ["metric_time__year"])
    assert expected is not None
    assert sum(number(row["net_migration_total"]) or 0 for row in rows) == expected[0]
