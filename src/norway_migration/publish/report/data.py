"""The report's figures, read from the marts (one query per chart or table)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

TOP_DISCREPANCIES = 20


@dataclass(frozen=True)
class CountyYear:
    """Net migration of one county in one year (mart_county_migration)."""

    year: int
    county_code: str
    county_name: str
    net_total: int
    net_abroad: int
    net_internal: int


@dataclass(frozen=True)
class Flow:
    """Moves from one county to another in one year (mart_county_migration_flows)."""

    from_code: str
    to_code: str
    moves: int


@dataclass(frozen=True)
class AccountYear:
    """The national population account of one year, summed over municipalities."""

    year: int
    municipalities: int
    complete: int
    population_start: int | None
    births: int
    deaths: int
    net_migration: int
    population_end: int | None
    discrepancy: int | None

    def series_value(self, key: str) -> int:
        """The value a bar of the account chart shows (0 where unknown)."""
        values = {
            "births": self.births,
            "minus_deaths": -self.deaths,
            "net_migration": self.net_migration,
            "discrepancy": self.discrepancy or 0,
        }
        return values[key]


@dataclass(frozen=True)
class Discrepancy:
    """One municipality's account discrepancy in one year."""

    year: int
    municipality_code: str
    municipality_name: str
    county_code: str | None
    population_start: int
    discrepancy: int


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, read from the marts."""

    counties: list[CountyYear]
    flow_year: int | None
    flow_counties: list[tuple[str, str]]
    flows: list[Flow]
    account: list[AccountYear]
    discrepancies: list[Discrepancy]


COUNTIES_SQL = """
select year, county_code, county_name, net_migration_total, net_migration_abroad,
    net_migration_internal
from marts.mart_county_migration
order by county_code, year
"""

FLOW_COUNTIES_SQL = """
select county_code, county_name
from marts.mart_county_migration
where year = ?
order by county_code
"""

FLOWS_SQL = """
select from_county_code, to_county_code, moves
from marts.mart_county_migration_flows
where year = ?
order by from_county_code, to_county_code
"""

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

DISCREPANCIES_SQL = """
select year, municipality_code, municipality_name, county_code, population_start,
    account_discrepancy
from marts.mart_municipality_population_account
where is_account_complete and account_discrepancy <> 0
order by abs(account_discrepancy) desc, year, municipality_code
limit ?
"""


def read_data(connection: duckdb.DuckDBPyConnection, top: int = TOP_DISCREPANCIES) -> ReportData:
    """Read the report's figures from the marts."""
    counties = [CountyYear(*row) for row in connection.execute(COUNTIES_SQL).fetchall()]
    flow_year = max((county.year for county in counties), default=None)
    flow_counties: list[tuple[str, str]] = []
    flows: list[Flow] = []
    if flow_year is not None:
        flow_counties = [
            (code, name)
            for code, name in connection.execute(FLOW_COUNTIES_SQL, [flow_year]).fetchall()
        ]
        flows = [Flow(*row) for row in connection.execute(FLOWS_SQL, [flow_year]).fetchall()]
    account = [AccountYear(*row) for row in connection.execute(ACCOUNT_SQL).fetchall()]
    discrepancies = [
        Discrepancy(*row) for row in connection.execute(DISCREPANCIES_SQL, [top]).fetchall()
    ]
    return ReportData(counties, flow_year, flow_counties, flows, account, discrepancies)
