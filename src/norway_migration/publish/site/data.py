"""The site's figures, read from the warehouse (opened read-only): one query per mart."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import duckdb

from norway_migration.publish.report.data import Row, query

TABLES_SQL = "select * from marts.mart_municipal_tables order by table_order"
UNITS_SQL = "select * from marts.mart_municipal_table_versions order by table_id, heading_position"
ROWS_SQL = "select * from marts.mart_municipal_table_rows order by table_id, year"
NOTES_SQL = "select * from marts.mart_municipal_table_notes order by table_id, note_number"
HARMONISED_SQL = """
select year, municipality_code, municipality_name, boundary_vintage, in_migration_total,
    out_migration_total, net_migration_total, is_estimated
from marts.mart_municipality_migration_harmonized
order by municipality_code, year
"""
COUNTIES_SQL = """
select county_code, county_name, valid_from, valid_to
from marts.dim_counties
qualify row_number() over (partition by county_code order by valid_from desc) = 1
order by county_code
"""
COUNTY_SERIES_SQL = """
select year, county_code, county_name, boundary_vintage, in_migration_total,
    out_migration_total, net_migration_total, is_estimated
from marts.mart_county_migration_harmonized
order by county_code, year
"""


def grouped(rows: list[Row], key: str) -> dict[str, list[Row]]:
    """Rows grouped by the value of one column, in their order."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return dict(groups)


@dataclass(frozen=True)
class SiteData:
    """Everything the site shows."""

    tables: list[Row]
    units: dict[str, list[Row]]
    rows: dict[str, list[Row]]
    row_columns: list[str]
    notes: dict[str, list[Row]]
    harmonised: dict[str, list[Row]]
    harmonised_columns: list[str]
    counties: list[Row]
    county_series: dict[str, list[Row]]

    @property
    def years(self) -> list[int]:
        return sorted({row["year"] for rows in self.rows.values() for row in rows})

    @property
    def boundary_vintage(self) -> Any:
        for rows in self.harmonised.values():
            return rows[0]["boundary_vintage"]
        return None


def columns(connection: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The column names a query returns, in order."""
    return [column[0] for column in connection.execute(f"{sql} limit 0").description]


def read_site_data(connection: duckdb.DuckDBPyConnection) -> SiteData:
    """Read the site's figures from the marts."""
    return SiteData(
        tables=query(connection, TABLES_SQL),
        units=grouped(query(connection, UNITS_SQL), "table_id"),
        rows=grouped(query(connection, ROWS_SQL), "table_id"),
        row_columns=columns(connection, ROWS_SQL),
        notes=grouped(query(connection, NOTES_SQL), "table_id"),
        harmonised=grouped(query(connection, HARMONISED_SQL), "municipality_code"),
        harmonised_columns=columns(connection, HARMONISED_SQL),
        counties=query(connection, COUNTIES_SQL),
        county_series=grouped(query(connection, COUNTY_SERIES_SQL), "county_code"),
    )
