"""SSB's published 2015 county table (StatBank 05541/05426), keyed by county code: the rows of
``published_county_migration_2015.csv`` and ``published_national_migration_2015.csv``."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

MEASURES = (
    "in_migration_total",
    "in_migration_from_abroad",
    "in_migration_internal",
    "out_migration_total",
    "out_migration_to_abroad",
    "out_migration_internal",
    "net_migration_total",
    "net_migration_abroad",
    "net_migration_internal",
)


def build_published(
    path: Path, counties: list[dict[str, str]]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    if not path.is_file():
        sys.exit(f"seeds: missing input file {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        published = list(csv.DictReader(handle))
    county_rows, national_rows = [], []
    for row in published:
        values = {measure: str(int(row[measure])) for measure in MEASURES}
        if row["region_name"] == "The whole country":
            national_rows.append({"year": row["year"], **values})
            continue
        date = f"{row['year']}-01-01"
        matches = [
            county["county_code"]
            for county in counties
            if county["county_name"] == row["region_name"]
            and county["valid_from"] <= date
            and (county["valid_to"] == "" or date < county["valid_to"])
        ]
        if len(matches) != 1:
            sys.exit(f"seeds: cannot key {row['region_name']!r} to one county")
        county_rows.append(
            {
                "year": row["year"],
                "county_code": matches[0],
                "county_name": row["region_name"],
                **values,
            }
        )
    county_rows.sort(key=lambda r: (r["year"], r["county_code"]))
    return county_rows, national_rows
