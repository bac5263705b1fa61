"""The flow marts on a hand-checkable register (tests/python/flows_fixtures.py): flows
between municipalities as published and in the newest and an older division, moves from and
to abroad by country, municipal quarters; and every identity test failing on marts broken on
purpose (a flow counted twice, a flow inside a merged unit left in, ...)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.python.flows_fixtures import write_flows_register
from tests.python.helpers import PROJECT_ROOT, DbtRun, fixture_vars, run_cli, run_dbt
from tests.python.test_semantic_layer import MetricFlow, year_of

FLOW_MARTS = [
    "mart_municipality_migration_flows",
    "mart_municipality_migration_flows_harmonized",
    "mart_municipality_international_migration",
    "mart_county_international_migration",
    "mart_municipality_migration_quarterly",
]


@pytest.fixture(scope="module")
def flows_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_flows_register(tmp_path_factory.mktemp("flows_raw"))


@pytest.fixture(scope="module")
def flows_build(tmp_path_factory: pytest.TempPathFactory, flows_register: Path) -> DbtRun:
    """One `dbt build` of the whole project on the flows register (2024 division)."""
    database = tmp_path_factory.mktemp("flows_warehouse") / "flows.duckdb"
    run = run_dbt(["build"], database, fixture_vars(flows_register))
    assert run.returncode == 0, run.output
    return run


def query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_every_identity_test_of_the_flow_marts_passes(flows_build: DbtRun) -> None:
    results = flows_build.results()
    for name in (
        "municipal_flows_out_equal_internal_out_migration",
        "municipal_flows_in_equal_internal_in_migration",
        "municipal_flows_between_counties_equal_county_flows",
        "harmonized_flows_out_equal_harmonized_internal_out_migration",
        "harmonized_flows_in_equal_harmonized_internal_in_migration",
        "harmonized_flows_never_inside_one_unit",
        "assert_harmonized_flows_leave_out_moves_inside_units",
        "assert_stavanger_merger_flows_harmonized",
        "international_migration_sums_to_municipal_abroad_columns",
        "county_international_migration_sums_to_county_abroad_columns",
        "municipality_migration_equals_sum_of_quarters",
    ):
        assert results[name] == "pass", name


def test_flows_count_every_move_between_municipalities_once(flows_build: DbtRun) -> None:
    rows = query(
        flows_build.database,
        "select year, from_municipality_code, to_municipality_code, is_inter_county, moves "
        "from marts.mart_municipality_migration_flows order by all",
    )
    assert rows == [
        (2019, "0301", "1141", True, 1),
        (2019, "1103", "0301", True, 2),
        (2019, "1103", "1142", False, 1),
        (2019, "1141", "1103", False, 1),
        (2019, "1142", "0301", True, 1),
        (2019, "1504", "1103", True, 1),
        (2023, "0301", "1507", True, 1),
        (2023, "1103", "1507", True, 1),
        (2023, "1507", "0301", True, 3),
        (2023, "1507", "1505", False, 1),
    ]


def test_harmonised_flows_drop_moves_inside_merged_units_and_share_split_ends(
    flows_build: DbtRun,
) -> None:
    rows = query(
        flows_build.database,
        "select year, from_municipality_code, to_municipality_code, moves, is_estimated, "
        "boundary_vintage from marts.mart_municipality_migration_flows_harmonized "
        "order by all",
    )
    vintage = date(2024, 1, 1)
    assert rows == [
        # 2019: F01 (Finnøy -> Stavanger) and F02 (Stavanger -> Rennesøy) lie inside 1103
        (2019, "0301", "1103", 1.0, False, vintage),
        (2019, "1103", "0301", 3.0, False, vintage),
        # old Ålesund 1504 -> 1507 -> split 0.75 / 0.25 into 1508 and 1580
        (2019, "1508", "1103", 0.75, True, vintage),
        (2019, "1580", "1103", 0.25, True, vintage),
        (2023, "0301", "1508", 0.75, True, vintage),
        (2023, "0301", "1580", 0.25, True, vintage),
        (2023, "1103", "1508", 0.75, True, vintage),
        (2023, "1103", "1580", 0.25, True, vintage),
        (2023, "1508", "0301", 2.25, True, vintage),
        (2023, "1508", "1505", 0.75, True, vintage),
        (2023, "1580", "0301", 0.75, True, vintage),
        (2023, "1580", "1505", 0.25, True, vintage),
    ]
    # national harmonised total = inter-municipal moves - moves inside units of 2024
    totals = query(
        flows_build.database,
        "select year, sum(moves) from marts.mart_municipality_migration_flows_harmonized "
        "group by year order by year",
    )
    assert totals == [(2019, 7.0 - 2.0), (2023, 6.0)]


def test_harmonised_flows_in_an_older_division(tmp_path: Path, flows_build: DbtRun) -> None:
    database = tmp_path / "older.duckdb"
    shutil.copy(flows_build.database, database)
    run = run_dbt(
        [
            "build",
            "--select",
            "mart_municipality_migration_harmonized",
            "mart_municipality_migration_harmonized_by_age_sex",
            "mart_municipality_migration_flows_harmonized",
        ],
        database,
        fixture_vars(flows_build.database.parent, boundary_vintage="2019-06-01"),
    )
    assert run.returncode == 0, run.output
    assert run.results()["assert_harmonized_flows_leave_out_moves_inside_units"] == "pass"
    rows = query(
        database,
        "select year, from_municipality_code, to_municipality_code, moves, is_estimated "
        "from marts.mart_municipality_migration_flows_harmonized where year = 2019 "
        "order by all",
    )
    # In the 2019 division every 2019 move is a flow between the units it named.
    assert rows == [
        (2019, "0301", "1141", 1.0, False),
        (2019, "1103", "0301", 2.0, False),
        (2019, "1103", "1142", 1.0, False),
        (2019, "1141", "1103", 1.0, False),
        (2019, "1142", "0301", 1.0, False),
        (2019, "1504", "1103", 1.0, False),
    ]
    later = query(
        database,
        "select min(boundary_vintage), sum(moves), bool_and(is_estimated), "
        "count(distinct from_municipality_code) "
        "from marts.mart_municipality_migration_flows_harmonized where year = 2023",
    )
    # 2023's merged Stavanger and Ålesund are shared back over their old units (estimates);
    # no move is lost: none of the six lies inside one unit of 2019.
    vintage, moves, all_estimated, origins = later[0]
    assert (vintage, all_estimated) == (date(2019, 1, 1), True)
    assert moves == pytest.approx(6.0, abs=1e-9)
    assert origins > 3


def test_international_migration_keeps_and_labels_every_code(flows_build: DbtRun) -> None:
    rows = query(
        flows_build.database,
        "select year, municipality_code, country_code, country_name, country_code_status, "
        "in_migration_from_abroad, out_migration_to_abroad, net_migration_abroad "
        "from marts.mart_municipality_international_migration order by all",
    )
    assert rows == [
        (2019, "0301", "SE", "Sweden", "current", 1, 0, 1),
        (2019, "0301", "XK", "Kosovo", "user_assigned", 0, 1, -1),
        (2019, "1103", "SE", "Sweden", "current", 0, 1, -1),
        (2019, "1103", "XX", "Unknown country code XX", "unknown", 1, 0, 1),
        (2019, "1141", "YU", "Yugoslavia, (Socialist) Federal Republic of", "retired", 1, 0, 1),
        (2023, "1507", "XK", "Kosovo", "user_assigned", 1, 0, 1),
    ]
    counties = query(
        flows_build.database,
        "select year, county_code, country_code, in_migration_from_abroad, "
        "out_migration_to_abroad from marts.mart_county_international_migration "
        "order by all",
    )
    assert counties == [
        (2019, "03", "SE", 1, 0),
        (2019, "03", "XK", 0, 1),
        (2019, "11", "SE", 0, 1),
        (2019, "11", "XX", 1, 0),
        (2019, "11", "YU", 1, 0),
        (2023, "15", "XK", 1, 0),
    ]


def test_quarters_of_a_municipality_sum_to_its_year(flows_build: DbtRun) -> None:
    quarters = query(
        flows_build.database,
        "select quarter, in_migration_total, out_migration_total "
        "from marts.mart_municipality_migration_quarterly "
        "where year = 2019 and municipality_code = '1103' order by quarter",
    )
    # in: F01 (Feb), F09 (Feb), F07 (Aug); out: F02 (Mar), F05 (Jun), F06 (Jul), F12 (Oct)
    assert quarters == [(1, 2, 1), (2, 0, 1), (3, 1, 1), (4, 0, 1)]


# How each mart is broken, and the identity tests that must then fail (each break in a year
# or mart of its own, so that no two breaks cancel in a test that reads both).
BREAKS: dict[str, tuple[list[str], list[str]]] = {
    "a flow counted twice": (
        [
            "insert into marts.mart_municipality_migration_flows "
            "select * from marts.mart_municipality_migration_flows "
            "where year = 2023 and from_municipality_code = '1103'"
        ],
        [
            "municipal_flows_out_equal_internal_out_migration",
            "municipal_flows_in_equal_internal_in_migration",
            "municipal_flows_between_counties_equal_county_flows",
        ],
    ),
    "a flow inside a merged unit left in": (
        [
            "insert into marts.mart_municipality_migration_flows_harmonized "
            "select 2019, '1103', 'Stavanger', '11', '1103', 'Stavanger', '11', "
            "boundary_vintage, 1.0, false "
            "from marts.mart_municipality_migration_flows_harmonized limit 1"
        ],
        [
            "harmonized_flows_never_inside_one_unit",
            "harmonized_flows_out_equal_harmonized_internal_out_migration",
            "harmonized_flows_in_equal_harmonized_internal_in_migration",
            "assert_harmonized_flows_leave_out_moves_inside_units",
            "assert_stavanger_merger_flows_harmonized",
        ],
    ),
    "an immigration counted under a second country": (
        [
            "insert into marts.mart_municipality_international_migration "
            "select * replace ('DK' as country_code) "
            "from marts.mart_municipality_international_migration where country_code = 'YU'",
            "insert into marts.mart_county_international_migration "
            "select * replace ('DK' as country_code) "
            "from marts.mart_county_international_migration where country_code = 'YU'",
        ],
        [
            "international_migration_sums_to_municipal_abroad_columns",
            "county_international_migration_sums_to_county_abroad_columns",
        ],
    ),
    "a quarter off by one": (
        [
            "update marts.mart_municipality_migration_quarterly "
            "set in_migration_total = in_migration_total + 1 "
            "where year = 2019 and quarter = 2 and municipality_code = '0301'"
        ],
        ["municipality_migration_equals_sum_of_quarters"],
    ),
}


def test_identity_tests_fail_on_marts_broken_on_purpose(
    tmp_path: Path, flows_build: DbtRun
) -> None:
    database = tmp_path / "broken.duckdb"
    shutil.copy(flows_build.database, database)
    with duckdb.connect(str(database)) as connection:
        for statements, _ in BREAKS.values():
            for statement in statements:
                connection.execute(statement)
    run = run_dbt(
        ["test", "--select", *FLOW_MARTS, "mart_municipality_migration"],
        database,
        fixture_vars(flows_build.database.parent),
    )
    assert run.returncode != 0
    results = run.results()
    for what, (_, failing) in BREAKS.items():
        for name in failing:
            assert results[name] == "fail", (what, name, run.output)
    # the marts left alone still pass their own identities
    assert results["municipal_flows_know_their_counties"] == "pass"


@pytest.fixture(scope="module")
def metricflow(tmp_path_factory: pytest.TempPathFactory, flows_build: DbtRun) -> MetricFlow:
    project = tmp_path_factory.mktemp("mf_flows_project")
    shutil.copy(PROJECT_ROOT / "dbt_project.yml", project / "dbt_project.yml")
    (project / "target").mkdir()
    shutil.copy(flows_build.target_path / "semantic_manifest.json", project / "target")
    return MetricFlow(project, flows_build.database)


def test_flow_metrics_by_municipality_and_county(metricflow: MetricFlow) -> None:
    rows = metricflow.query(
        ["inter_municipal_moves"],
        [
            "metric_time__year",
            "municipality_flow__from_municipality_code",
            "municipality_flow__to_municipality_code",
        ],
        where="{{ Dimension('municipality_flow__from_county_code') }} = '11'",
    )
    flows = {
        (
            year_of(row),
            row["municipality_flow__from_municipality_code"],
            row["municipality_flow__to_municipality_code"],
        ): int(float(row["inter_municipal_moves"]))
        for row in rows
    }
    assert flows == {
        (2019, "1103", "0301"): 2,
        (2019, "1103", "1142"): 1,
        (2019, "1141", "1103"): 1,
        (2019, "1142", "0301"): 1,
        (2023, "1103", "1507"): 1,
    }
    counties = metricflow.query(
        ["inter_municipal_moves"],
        ["municipality_flow__from_county_code", "municipality_flow__to_county_code"],
    )
    assert {
        (r["municipality_flow__from_county_code"], r["municipality_flow__to_county_code"]): int(
            float(r["inter_municipal_moves"])
        )
        for r in counties
    } == {
        ("03", "11"): 1,
        ("03", "15"): 1,
        ("11", "03"): 3,
        ("11", "11"): 2,
        ("11", "15"): 1,
        ("15", "03"): 3,
        ("15", "11"): 1,
        ("15", "15"): 1,
    }


def test_immigration_and_emigration_by_country(metricflow: MetricFlow) -> None:
    rows = metricflow.query(
        ["immigrations", "emigrations", "net_immigration"],
        ["international_migration__country_code", "international_migration__country_name"],
    )
    by_country = {
        row["international_migration__country_code"]: (
            row["international_migration__country_name"],
            int(float(row["immigrations"])),
            int(float(row["emigrations"])),
            int(float(row["net_immigration"])),
        )
        for row in rows
    }
    assert by_country == {
        "SE": ("Sweden", 1, 1, 0),
        "XK": ("Kosovo", 1, 1, 0),
        "XX": ("Unknown country code XX", 1, 0, 1),
        "YU": ("Yugoslavia, (Socialist) Federal Republic of", 1, 0, 1),
    }


def test_export_partitions_the_flow_matrices_by_year(tmp_path: Path, flows_build: DbtRun) -> None:
    out = tmp_path / "exports"
    for _ in range(2):  # a second run replaces the first one's partitions
        completed = run_cli(
            "export", "--database", str(flows_build.database), "--out", str(out), "--quiet"
        )
        assert completed.returncode == 0, completed.stderr
    folder = out / "mart_municipality_migration_flows"
    assert sorted(p.name for p in folder.iterdir()) == ["year=2019", "year=2023"]
    assert (out / "mart_municipality_migration_flows.csv").is_file()
    with duckdb.connect() as connection:
        # the README's example: one municipality's flows of one year, reading one partition
        oslo = connection.execute(
            "select to_municipality_code, moves from read_parquet(?, hive_partitioning = true) "
            "where year = 2019 and from_municipality_code = '1103' order by 1",
            [str(folder / "*" / "*.parquet")],
        ).fetchall()
        harmonized = connection.execute(
            "select count(*), sum(moves) from read_parquet(?, hive_partitioning = true)",
            [str(out / "mart_municipality_migration_flows_harmonized" / "*" / "*.parquet")],
        ).fetchone()
    assert oslo == [("0301", 2), ("1142", 1)]
    assert harmonized == (12, 11.0)
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(folder, filters=[("year", "=", 2023)])
    assert int(frame["moves"].sum()) == 6
