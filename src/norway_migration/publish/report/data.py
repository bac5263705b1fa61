"""The report's figures, read from the marts: one query per chart or table.

Every chart of the report is a ``ReportChart``: a query on the warehouse and a function that
turns its rows into a Vega-Lite spec (``publish.charts``). Adding a chart to the report is
adding one to ``CHARTS``: a query and a chart spec, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from norway_migration.publish import charts

TOP_DISCREPANCIES = 20
DEFAULT_MUNICIPALITY = "0301"
Row = dict[str, Any]


def query(connection: duckdb.DuckDBPyConnection, sql: str, *parameters: object) -> list[Row]:
    """Rows of a query as dictionaries (column name -> value)."""
    result = connection.execute(sql, list(parameters))
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


@dataclass(frozen=True)
class ReportChart:
    """One chart of the report: what it shows, its query, and its spec from the rows."""

    chart_id: str
    title: str
    note: str
    sql: str
    spec: Callable[[list[Row]], dict[str, Any]]
    parameters: tuple[str, ...] = ()  # options of read_data the query takes, in order


# --- net migration by county, in one division --------------------------------------------

COUNTIES_SQL = """
select year, county_code, county_name, boundary_vintage, net_migration_total,
    net_migration_abroad, net_migration_internal, is_estimated
from marts.mart_county_migration_harmonized
order by county_code, year
"""


def county_panels(rows: list[Row]) -> dict[str, Any]:
    values = [
        {
            "year": row["year"],
            "county": f"{row['county_code']} {row['county_name']}",
            "net_migration": round(row["net_migration_total"], 1),
            "estimated": row["is_estimated"],
        }
        for row in rows
    ]
    return charts.with_data(charts.county_panels_spec(), counties=values)


# --- moves between counties in the latest year ------------------------------------------

FLOWS_SQL = """
with latest as (select max(year) as year from marts.mart_county_migration),
counties as (
    select county_code, county_name
    from marts.mart_county_migration
    where year = (select year from latest)
)
select
    (select year from latest) as year,
    origin.county_code as from_code, origin.county_name as from_name,
    destination.county_code as to_code, destination.county_name as to_name,
    coalesce(flows.moves, 0) as moves
from counties as origin
cross join counties as destination
left join marts.mart_county_migration_flows as flows
    on flows.year = (select year from latest)
    and flows.from_county_code = origin.county_code
    and flows.to_county_code = destination.county_code
order by origin.county_code, destination.county_code
"""


def flow_matrix(rows: list[Row]) -> dict[str, Any]:
    labels = list(dict.fromkeys(f"{row['from_code']} {row['from_name']}" for row in rows))
    largest = max((row["moves"] for row in rows if row["from_code"] != row["to_code"]), default=0)
    values = [
        {
            "origin": f"{row['from_code']} {row['from_name']}",
            "destination": f"{row['to_code']} {row['to_name']}",
            "moves": row["moves"],
            "share": (row["moves"] / largest) if largest else 0,
        }
        for row in rows
    ]
    return charts.with_data(charts.flow_matrix_spec(labels), flows=values)


# --- the national population account ---------------------------------------------------

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

COMPONENTS = (
    ("births", "Births", 1),
    ("deaths", "Deaths (negative)", -1),
    ("net_migration", "Net migration", 1),
    ("discrepancy", "Account discrepancy", 1),
)


def account_bars(rows: list[Row]) -> dict[str, Any]:
    values = [
        {"year": row["year"], "component": label, "persons": sign * (row[key] or 0)}
        for row in rows
        for key, label, sign in COMPONENTS
    ]
    return charts.with_data(charts.account_spec(), account=values)


# --- net migration by age: a municipality and the country ------------------------------

AGE_PROFILE_SQL = """
with by_age as (
    select year, municipality_code, municipality_name, age, net_migration_total,
        net_migration_abroad
    from marts.mart_municipality_migration_by_age_sex
    where age is not null
),
chosen_year as (
    -- the latest complete year with ages, else the latest year with ages
    select coalesce(
        max(by_age.year) filter (where years.is_complete), max(by_age.year)
    ) as year
    from by_age
    left join marts.dim_statistical_years as years on by_age.year = years.year
),
chosen as (
    select by_age.*
    from by_age
    inner join chosen_year on by_age.year = chosen_year.year
),
municipality as (
    select
        year,
        max(municipality_code || ' ' || municipality_name) as series,
        age,
        sum(net_migration_total) as net_migration
    from chosen
    where municipality_code = ?
    group by year, age
),
country as (
    select year, 'Norway (moves to and from abroad)' as series, age,
        sum(net_migration_abroad) as net_migration
    from chosen
    group by year, age
)
select year, series, age, net_migration, 0 as series_order from municipality
union all
select year, series, age, net_migration, 1 as series_order from country
order by series_order, age
"""


def age_profile(rows: list[Row]) -> dict[str, Any]:
    values = [
        {"series": row["series"], "age": row["age"], "net_migration": row["net_migration"]}
        for row in rows
    ]
    return charts.with_data(charts.age_profile_spec(), ages=values)


CHARTS = (
    ReportChart(
        "chart-net-migration",
        "Net migration by county",
        "In-migration minus out-migration, moves to and from abroad included; moves between "
        "two municipalities of one county do not count for the county. Every year is drawn "
        "in the counties of one division (the harmonised county mart), so the series do not "
        "break at the reforms of 2018, 2020 and 2024; a county's figures for years before a "
        "reform are estimates where a municipality was split between counties.",
        COUNTIES_SQL,
        county_panels,
    ),
    ReportChart(
        "chart-flows",
        "Moves between counties in the latest year",
        "Each cell counts the moves from the county of its row to the county of its column, "
        "in the counties as they were that year; darker is more.",
        FLOWS_SQL,
        flow_matrix,
    ),
    ReportChart(
        "chart-account",
        "Population account, whole country",
        "Births, deaths (negative), net migration and the account's discrepancy per year.",
        ACCOUNT_SQL,
        account_bars,
    ),
    ReportChart(
        "chart-age-profile",
        "Net migration by age",
        "In-migration minus out-migration by age at the end of the year (the statistical "
        "year minus the year of birth; 105 and over in one class), in the latest complete "
        "year with ages: for the chosen municipality every move across its border, for the "
        "whole country the moves to and from abroad (moves inside Norway cancel out). Each "
        "panel has its own scale. Moves whose mover's age is unknown are left out here and "
        "counted in the marts.",
        AGE_PROFILE_SQL,
        age_profile,
        parameters=("municipality",),
    ),
)

DISCREPANCIES_SQL = """
select year, municipality_code, municipality_name, county_code, population_start,
    account_discrepancy
from marts.mart_municipality_population_account
where is_account_complete and account_discrepancy <> 0
order by abs(account_discrepancy) desc, year, municipality_code
limit ?
"""


@dataclass(frozen=True)
class ChartData:
    """A chart of the report with the rows of its query and its filled spec."""

    chart: ReportChart
    rows: list[Row]
    spec: dict[str, Any]


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, read from the marts."""

    charts: list[ChartData]
    account: list[Row]
    discrepancies: list[Row]
    years: list[int]
    boundary_vintage: Any
    flow_year: int | None
    age_year: int | None = None


def read_data(
    connection: duckdb.DuckDBPyConnection,
    top: int = TOP_DISCREPANCIES,
    municipality: str = DEFAULT_MUNICIPALITY,
) -> ReportData:
    """Read the report's figures from the marts (the age profile of municipality)."""
    known = connection.execute(
        "select count(*) from marts.dim_municipalities where municipality_code = ?",
        [municipality],
    ).fetchone()
    if not known or not known[0]:
        raise ValueError(f"no municipality {municipality!r} in marts.dim_municipalities")
    options = {"municipality": municipality}
    filled = []
    for chart in CHARTS:
        rows = query(connection, chart.sql, *(options[name] for name in chart.parameters))
        filled.append(ChartData(chart, rows, chart.spec(rows)))
    by_id = {chart.chart.chart_id: chart.rows for chart in filled}
    counties = by_id["chart-net-migration"]
    flows = by_id["chart-flows"]
    ages = by_id["chart-age-profile"]
    return ReportData(
        charts=filled,
        account=by_id["chart-account"],
        discrepancies=query(connection, DISCREPANCIES_SQL, top),
        years=sorted({row["year"] for row in counties}),
        boundary_vintage=counties[0]["boundary_vintage"] if counties else None,
        flow_year=flows[0]["year"] if flows else None,
        age_year=ages[0]["year"] if ages else None,
    )
