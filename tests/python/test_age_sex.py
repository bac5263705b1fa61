"""Who moves (issue 14): sex and age of movers and the dead, the marts by age and sex, the
cohort account and the age-specific rates, on the hand-checkable register of
tests/python/register_age_sex.py (contract v2 files beside v1 files without the optional
columns, text birth dates, and every trap of an unusable birth date or sex)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.python.helpers import NORWAY_MIGRATION, PROJECT_ROOT, DbtRun, fixture_vars, run_dbt
from tests.python.register_age_sex import (
    BALANCED,
    EXPECTED_ISSUES,
    EXPECTED_MOVERS,
    MOVES_V2,
    OFF_BY_ONE,
    shift_birth_year,
    write_age_sex_register,
)
from tests.python.test_semantic_layer import MetricFlow

COHORT_TEST = "cohorts_balance_where_the_account_balances"
COHORT_MART = "marts.mart_municipality_population_account_by_age_sex"


@pytest.fixture(scope="module")
def age_sex_build(tmp_path_factory: pytest.TempPathFactory) -> DbtRun:
    """One `dbt build` of the whole project on the register with birth dates and sexes."""
    raw = write_age_sex_register(tmp_path_factory.mktemp("age_sex_raw"))
    database = tmp_path_factory.mktemp("age_sex") / "age_sex.duckdb"
    run = run_dbt(["build"], database, fixture_vars(raw))
    assert run.returncode == 0, run.output
    return run


@pytest.fixture()
def warehouse(age_sex_build: DbtRun) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(age_sex_build.database), read_only=True)
    yield connection
    connection.close()


def cohort(
    connection: duckdb.DuckDBPyConnection, code: str, sex: str | None, age: int | None
) -> tuple:
    """(population_start, births, deaths, in, out, population_end, discrepancy) of a cell."""
    return connection.execute(
        f"""select population_start, births, deaths, in_migration_total, out_migration_total,
            population_end, account_discrepancy
        from {COHORT_MART}
        where year = 2021 and municipality_code = ? and sex is not distinct from ?
            and age is not distinct from ?""",
        [code, sex, age],
    ).fetchone()


def test_movers_get_their_sex_and_age_at_the_end_of_the_year(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    movers = {
        event_id: (sex, age)
        for event_id, sex, age in warehouse.execute(
            "select event_id, sex, age from marts.fct_moves"
        ).fetchall()
    }
    # Born on 1 January 2000: 21 at the end of 2021; born in 1910: the open class 105; no
    # birth date, a birth date after the move, an unparseable one, a sex X and a v1 file:
    # the move counts, with its age or sex unknown.
    assert movers == EXPECTED_MOVERS


def test_unusable_birth_dates_and_sexes_are_listed_and_still_count(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    issues = {
        (table, event_id): (issue, raw_value)
        for table, event_id, issue, raw_value in warehouse.execute(
            "select source_table, event_id, issue, raw_value from audit.register_age_sex_issues"
        ).fetchall()
    }
    assert issues == EXPECTED_ISSUES
    accounting = warehouse.execute(
        "select source_table, raw_rows, counted_rows, quarantined_rows "
        "from audit.register_row_accounting order by source_table"
    ).fetchall()
    assert accounting == [
        ("births", 3, 3, 0),
        ("deaths", 4, 4, 0),
        ("migrations", 17, 17, 0),
        ("population", 70, 70, 0),
    ]
    deaths = warehouse.execute(
        "select age, sum(deaths) from marts.mart_municipality_population_account_by_age_sex "
        "where deaths > 0 group by age order by age nulls last"
    ).fetchall()
    assert deaths == [(86, 1), (91, 1), (None, 2)]  # AD2 after its death, AD3 in a v1 file


def test_marts_by_age_and_sex_sum_to_the_marts_they_detail(age_sex_build: DbtRun) -> None:
    results = age_sex_build.results()
    for test in (
        "municipality_migration_by_age_sex_sums_to_municipality_migration",
        "county_migration_by_age_sex_sums_to_county_migration",
        "national_internal_net_migration_is_zero_by_sex_and_age",
        "municipal_internal_net_migration_is_zero_by_sex_and_age",
        "cohort_account_sums_to_population_account",
        "harmonized_by_age_sex_sums_to_harmonized",
        "vital_events_by_age_sex_sum_to_vital_events",
        COHORT_TEST,
    ):
        assert results[test] == "pass", test


def test_oslo_by_age_and_sex(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select sex, age, in_migration_total, out_migration_total, in_migration_from_abroad "
        "from marts.mart_municipality_migration_by_age_sex "
        "where municipality_code = '0301' order by sex nulls last, age nulls last"
    ).fetchall()
    assert rows == [
        ("F", 21, 0, 1, 0),  # A1 leaves for Bergen
        ("F", 36, 1, 0, 0),  # A7, text birth date
        ("F", None, 1, 0, 1),  # A3 from Sweden without a birth date
        ("M", 105, 1, 0, 0),  # A2, 111 years old
        ("M", None, 0, 1, 0),  # A6, unparseable birth date
        (None, 31, 0, 1, 0),  # A5, sex X
        (None, None, 1, 0, 0),  # A8, v1 file
    ]
    counties = warehouse.execute(
        "select county_code, sex, age, net_migration_internal "
        "from marts.mart_county_migration_by_age_sex where county_code = '11' "
        "order by sex, age"
    ).fetchall()
    # Inside Rogaland only the immigrant (C4) and the emigrant (C5) are county migration.
    assert counties == [("11", "F", 22, 0), ("11", "M", 26, 0)]


def test_cohort_account_of_hand_checked_cells(warehouse: duckdb.DuckDBPyConnection) -> None:
    # (start, births, deaths, in, out, end, discrepancy)
    # A1's cohort: 10 aged 20 on 1 January, one leaves, 9 aged 21 on 1 January 2022.
    assert cohort(warehouse, "0301", "F", 21) == (10, 0, 0, 0, 1, 9, 0)
    # The open class: aged 104 and 105+ on 1 January (1 + 1), one 111-year-old moves in.
    assert cohort(warehouse, "0301", "M", 105) == (2, 0, 0, 1, 0, 3, 0)
    # Born in 2021: no one at the start, one birth.
    assert cohort(warehouse, "0301", "F", 0) == (0, 1, 0, 0, 0, 1, 0)
    assert cohort(warehouse, "0301", "F", 91) == (2, 0, 1, 0, 0, 1, 0)
    # A3 (truly 26) could not be placed: her cohort is one up, the unknown cell one down.
    assert cohort(warehouse, "0301", "F", 26) == (5, 0, 0, 0, 0, 6, 1)
    assert cohort(warehouse, "0301", "F", None) == (0, 0, 0, 1, 0, 0, -1)
    assert cohort(warehouse, "0301", None, None) == (0, 0, 0, 1, 0, 0, -1)
    # Bergen: AD2 died with a birth date after his death (truly 81).
    assert cohort(warehouse, "4601", "M", 81) == (2, 0, 0, 0, 0, 1, -1)
    assert cohort(warehouse, "4601", "M", None) == (0, 0, 1, 1, 1, 0, 1)
    units = warehouse.execute(
        "select municipality_code, account_discrepancy "
        "from marts.mart_municipality_population_account where year = 2021 "
        "and municipality_code in ('0301', '4601') order by 1"
    ).fetchall()
    assert units == [("0301", 0), ("4601", 0)]


def test_every_cohort_balances_where_birth_dates_are_everywhere(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        f"""select municipality_code, count(*), count(*) filter (where sex is null or age is null),
            sum(abs(account_discrepancy)), sum(population_start), sum(population_end)
        from {COHORT_MART} where municipality_code in ('1103', '1108', '1124')
        group by 1 order by 1"""
    ).fetchall()
    # Every sex and age 0-105, no cell of unknown sex or age, not one person unexplained.
    assert rows == [
        ("1103", 212, 0, 0, 16, 17),
        ("1108", 212, 0, 0, 9, 9),
        ("1124", 212, 0, 0, 8, 8),
    ]
    assert {r[0] for r in rows} == set(BALANCED)
    # The student (C3, born 2003) arrives in Stavanger's cohort 18; the mother and her son
    # (C1, C2) leave it for Sandnes on the same day; the baby born in Sola moves on.
    assert cohort(warehouse, "1103", "M", 18) == (1, 0, 0, 1, 0, 2, 0)
    assert cohort(warehouse, "1108", "M", 3) == (0, 0, 0, 1, 0, 1, 0)
    assert cohort(warehouse, "1124", "F", 0) == (0, 1, 0, 0, 1, 0, 0)
    assert cohort(warehouse, "1108", "F", 100) == (1, 0, 0, 1, 0, 2, 0)


def test_a_birth_year_off_by_one_fails_the_cohort_test(tmp_path: Path) -> None:
    # The student's birth year one too early: Stavanger's account still balances, but his
    # cohort 18 is one person short of its count and cohort 19 one over.
    moves = shift_birth_year(MOVES_V2, OFF_BY_ONE, -1)
    raw = write_age_sex_register(tmp_path / "raw", moves_v2=moves)
    run = run_dbt(
        ["build", "--select", "+mart_municipality_population_account_by_age_sex"],
        tmp_path / "off_by_one.duckdb",
        fixture_vars(raw),
    )
    assert run.returncode != 0
    results = run.results()
    assert results[COHORT_TEST] == "fail"
    assert results["cohort_account_sums_to_population_account"] == "pass"
    assert results["population_account_balances_up_to_its_discrepancy"] == "pass"
    with duckdb.connect(str(run.database), read_only=True) as connection:
        failing = connection.execute(
            "select municipality_code, sex, age, account_discrepancy "
            f"from {COHORT_MART} where account_discrepancy != 0 order by all"
        ).fetchall()
        unit = connection.execute(
            "select account_discrepancy from marts.mart_municipality_population_account "
            "where municipality_code = '1103'"
        ).fetchone()
    stavanger_and_sandnes = [row for row in failing if row[0] in BALANCED]
    assert stavanger_and_sandnes == [
        ("1103", "M", 18, 1),
        ("1103", "M", 19, -1),
        ("1108", "M", 18, -1),
        ("1108", "M", 19, 1),
    ]
    assert unit == (0,)


@pytest.fixture(scope="module")
def metricflow(tmp_path_factory: pytest.TempPathFactory, age_sex_build: DbtRun) -> MetricFlow:
    project = tmp_path_factory.mktemp("mf_age_sex")
    shutil.copy(PROJECT_ROOT / "dbt_project.yml", project / "dbt_project.yml")
    (project / "target").mkdir()
    shutil.copy(age_sex_build.target_path / "semantic_manifest.json", project / "target")
    return MetricFlow(project, age_sex_build.database)


def test_age_specific_rates_per_1000_residents_of_the_cohort(metricflow: MetricFlow) -> None:
    rows = metricflow.query(
        [
            "municipal_age_specific_out_migration_rate",
            "municipal_age_specific_in_migration_rate",
            "cohort_population_start",
        ],
        [
            "metric_time__year",
            "municipality__municipality_code",
            "municipality_cohort__sex",
            "municipality_cohort__age",
        ],
        where="{{ Dimension('municipality__municipality_code') }} = '0301'",
    )
    by_cell = {
        (row["municipality_cohort__sex"], row["municipality_cohort__age"]): row for row in rows
    }
    # One of Oslo's ten women aged 21 at the end of 2021 left: 100 per 1,000.
    assert float(by_cell[("F", "21")]["municipal_age_specific_out_migration_rate"]) == 100.0
    assert float(by_cell[("M", "105")]["municipal_age_specific_in_migration_rate"]) == 500.0
    county = metricflow.query(
        ["age_specific_net_migration_rate", "county_cohort_population_start"],
        ["metric_time__year", "county_cohort__sex", "county_cohort__age_group"],
        where="{{ Dimension('county__county_code') }} = '11'",
    )
    by_group = {(row["county_cohort__sex"], row["county_cohort__age_group"]): row for row in county}
    # Rogaland's men aged 25-29 (two aged 26 in Sola) gained one immigrant: 500 per 1,000;
    # its women aged 20-24 (four aged 22 in Stavanger) lost one emigrant: -250.
    assert float(by_group[("M", "25-29")]["age_specific_net_migration_rate"]) == 500.0
    assert float(by_group[("F", "20-24")]["age_specific_net_migration_rate"]) == -250.0


def age_profile_points(html: str) -> set[tuple[str, int, int]]:
    """(area, age, net migration) of every point of the report's age-profile chart, read
    from the marks' accessible labels."""
    chart = re.search(r'<figure id="chart-age-profile".*?</figure>', html, re.DOTALL)
    assert chart, "no age-profile chart"
    label = (
        r'aria-label="Age at the end of the year: (\d+); Net migration: ([\u2212-]?\d+); '
        r'Area: ([^;"]+); Age: \d+"'
    )
    return {
        (area, int(age), int(net.replace("\u2212", "-")))
        for age, net, area in re.findall(label, chart.group(0))
    }


def test_report_draws_net_migration_by_age(age_sex_build: DbtRun, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    completed = subprocess.run(
        [NORWAY_MIGRATION, "report", "--database", str(age_sex_build.database), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    html = out.read_text(encoding="utf-8")
    assert "Net migration by age, 2021" in html
    # Oslo: A1 (21) and A5 (31, sex unknown) leave, A7 (36) and A2 (105+) arrive; the movers
    # of unknown age (A3, A6, A8) are not drawn. The country: only moves to and from abroad
    # with an age, the immigrant C4 (26) and the emigrant C5 (22); at the other ages with a
    # move the country's points are 0 (moves inside Norway cancel out).
    country = "Norway (moves to and from abroad)"
    points = age_profile_points(html)
    assert (country, 21, 0) in points
    assert {point for point in points if point[2] != 0} == {
        ("0301 Oslo", 21, -1),
        ("0301 Oslo", 31, -1),
        ("0301 Oslo", 36, 1),
        ("0301 Oslo", 105, 1),
        (country, 22, -1),
        (country, 26, 1),
    }
    unknown = subprocess.run(
        [
            NORWAY_MIGRATION,
            "report",
            "--database",
            str(age_sex_build.database),
            "--out",
            str(tmp_path / "other.html"),
            "--municipality",
            "0000",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert unknown.returncode == 2
    assert "no municipality '0000'" in unknown.stderr
