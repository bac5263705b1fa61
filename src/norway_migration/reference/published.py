"""SSB's published migration tables by county (StatBank 05541, the whole country 05426), keyed
by year and region: the rows of ``published_county_migration.csv``.

Every ``county_migration_<year>.csv`` under the reference folder's ``published/`` is read (today
the 2015 table of the seed document), so adding another year's published table is adding its
file. The whole country gets StatBank's region code ``0``; a county is keyed to the code of the
county of that name valid on 1 January of the year.
"""

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
COLUMNS = ("year", "region_level", "region_code", "region_name", *MEASURES)
WHOLE_COUNTRY = "The whole country"
WHOLE_COUNTRY_CODE = "0"


def published_files(folder: Path) -> list[Path]:
    """The published tables under ``folder`` (``county_migration_<year>.csv``), in order."""
    files = sorted(folder.glob("county_migration_*.csv"))
    if not files:
        sys.exit(f"seeds: no published table (county_migration_<year>.csv) in {folder}")
    return files


def county_code_of(name: str, year: str, counties: list[dict[str, str]]) -> str:
    """The code of the county printed as ``name`` that was valid on 1 January of ``year``."""
    date = f"{year}-01-01"
    matches = [
        county["county_code"]
        for county in counties
        if county["county_name"] == name
        and county["valid_from"] <= date
        and (county["valid_to"] == "" or date < county["valid_to"])
    ]
    if len(matches) != 1:
        sys.exit(f"seeds: cannot key {name!r} in {year} to one county")
    return matches[0]


def build_published(folder: Path, counties: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per year and region of every published table in ``folder``."""
    rows = []
    for path in published_files(folder):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                values = {measure: str(int(row[measure])) for measure in MEASURES}
                name = row["region_name"]
                if name == WHOLE_COUNTRY:
                    level, code = "country", WHOLE_COUNTRY_CODE
                else:
                    level, code = "county", county_code_of(name, row["year"], counties)
                rows.append(
                    {
                        "year": row["year"],
                        "region_level": level,
                        "region_code": code,
                        "region_name": name,
                        **values,
                    }
                )
    rows.sort(key=lambda r: (r["year"], r["region_code"]))
    keys = [(r["year"], r["region_code"]) for r in rows]
    if len(set(keys)) != len(keys):
        sys.exit(f"seeds: a year and region appears twice in the published tables in {folder}")
    return rows
