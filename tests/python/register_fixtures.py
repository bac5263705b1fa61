"""A small, hand-checkable raw register with one example of every trap.

Each row carries the fate the warehouse must give it (``EXPECTED_*``), so tests can assert
where every row ends up. Run as a script to write the Parquet files to a folder:
``python -m tests.python.register_fixtures OUT_DIR`` (from the project root).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

D = date.fromisoformat

MIGRATION_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("person_id", pa.string()),
        ("move_date", pa.date32()),
        ("registered_date", pa.date32()),
        ("from_municipality_code", pa.string()),
        ("to_municipality_code", pa.string()),
        ("from_country_code", pa.string()),
        ("to_country_code", pa.string()),
        ("status", pa.string()),
    ]
)
VITAL_COLUMNS = [
    ("event_id", pa.string()),
    ("person_id", pa.string()),
    ("event_date", pa.date32()),
    ("registered_date", pa.date32()),
    ("municipality_code", pa.string()),
    ("sex", pa.string()),
]
POPULATION_SCHEMA = pa.schema(
    [
        ("reference_date", pa.date32()),
        ("municipality_code", pa.string()),
        ("sex", pa.string()),
        ("age", pa.int32()),
        ("persons", pa.int64()),
    ]
)

# event_id, person_id, move_date, registered_date, from_code, to_code, from_country,
# to_country, status, expected fate (record_status or quarantine reason)
MIGRATIONS: list[tuple] = [
    # Inside county 02: counted for the municipalities, not for the county.
    (
        "M01",
        "P01",
        D("2019-03-31"),
        D("2019-04-02"),
        "0219",
        "0220",
        None,
        None,
        "active",
        "counted",
    ),
    (
        "M01",
        "P01",
        D("2019-03-31"),
        D("2019-04-02"),
        "0219",
        "0220",
        None,
        None,
        "active",
        "duplicate",
    ),
    # One person moving three times in a year, counted each time.
    (
        "M02",
        "P02",
        D("2019-04-01"),
        D("2019-04-03"),
        "0301",
        "0219",
        None,
        None,
        "active",
        "counted",
    ),
    (
        "M03",
        "P02",
        D("2019-06-15"),
        D("2019-06-20"),
        "0219",
        "1103",
        None,
        None,
        "active",
        "counted",
    ),
    (
        "M04",
        "P02",
        D("2019-12-31"),
        D("2020-01-06"),
        "1103",
        "0301",
        None,
        None,
        "active",
        "counted",
    ),
    # Immigration on 1 January, emigration and return of one person.
    ("M05", "P05", D("2019-01-01"), D("2019-01-10"), None, "0301", "SE", None, "active", "counted"),
    ("M06", "P06", D("2019-05-05"), D("2019-05-06"), "0301", None, None, "DE", "active", "counted"),
    ("M07", "P06", D("2019-09-09"), D("2019-09-12"), None, "0301", "DE", None, "active", "counted"),
    # Annulled move, address change, late registration (counted in 2019 by event date).
    (
        "M08",
        "P08",
        D("2019-02-02"),
        D("2019-02-03"),
        "0301",
        "1103",
        None,
        None,
        "annulled",
        "annulled",
    ),
    (
        "M09",
        "P09",
        D("2019-08-08"),
        D("2019-08-09"),
        "0301",
        "0301",
        None,
        None,
        "active",
        "address_change",
    ),
    (
        "M10",
        "P10",
        D("2019-12-30"),
        D("2020-01-03"),
        "1103",
        "1141",
        None,
        None,
        "active",
        "counted",
    ),
    # A move on the day the 2020 reform takes effect uses the new codes.
    (
        "M11",
        "P11",
        D("2020-01-01"),
        D("2020-01-02"),
        "1103",
        "3024",
        None,
        None,
        "active",
        "counted",
    ),
    # Broken rows, one of every kind.
    (
        "M20",
        "P20",
        D("2019-05-01"),
        D("2019-05-02"),
        "0000",
        "0301",
        None,
        None,
        "active",
        "unknown_municipality_code",
    ),
    (
        "M21",
        "P21",
        D("2019-05-01"),
        D("2019-05-02"),
        "3024",
        "0301",
        None,
        None,
        "active",
        "municipality_not_valid_on_date",
    ),
    (
        "M22",
        "P22",
        D("2019-05-01"),
        D("2019-05-02"),
        "301",
        "0219",
        None,
        None,
        "active",
        "malformed_municipality_code",
    ),
    (
        "M23",
        "P23",
        D("2019-05-01"),
        D("2019-05-02"),
        "0301",
        "0219",
        "SE",
        None,
        "active",
        "origin_both_set",
    ),
    (
        "M24",
        "P24",
        D("2019-05-01"),
        D("2019-05-02"),
        None,
        "0219",
        None,
        None,
        "active",
        "origin_missing",
    ),
    (
        "M25",
        "P25",
        D("2019-05-01"),
        D("2019-05-02"),
        "0301",
        "0219",
        None,
        "SE",
        "active",
        "destination_both_set",
    ),
    (
        "M26",
        "P26",
        D("2019-05-01"),
        D("2019-05-02"),
        "0301",
        None,
        None,
        None,
        "active",
        "destination_missing",
    ),
    (
        "M27",
        "P27",
        D("2019-05-03"),
        D("2019-05-02"),
        "0301",
        "0219",
        None,
        None,
        "active",
        "registered_before_move",
    ),
    (
        "M28",
        "P28",
        D("2019-05-01"),
        D("2019-05-02"),
        "0301",
        "0219",
        None,
        None,
        "pending",
        "invalid_status",
    ),
    (
        "M29",
        "P29",
        None,
        D("2019-05-02"),
        "0301",
        "0219",
        None,
        None,
        "active",
        "missing_move_date",
    ),
    (
        "M30",
        "P30",
        D("2019-05-01"),
        D("2019-05-02"),
        None,
        None,
        "SE",
        "DK",
        "active",
        "abroad_to_abroad",
    ),
    (
        "M31",
        "P31",
        D("2019-05-01"),
        D("2019-05-02"),
        "0301",
        "0219",
        None,
        None,
        "active",
        "conflicting_deliveries",
    ),
    (
        "M31",
        "P31",
        D("2019-05-01"),
        D("2019-05-02"),
        "0301",
        "0220",
        None,
        None,
        "active",
        "conflicting_deliveries",
    ),
    (
        "M32",
        "P32",
        D("2019-05-01"),
        D("2019-05-02"),
        "0301",
        "9999",
        None,
        None,
        "active",
        "unspecified_municipality",
    ),
    (
        "M33",
        "P33",
        D("2019-05-01"),
        D("2019-05-02"),
        None,
        "0301",
        "sverige",
        None,
        "active",
        "malformed_country_code",
    ),
    (
        None,
        "P34",
        D("2019-05-01"),
        D("2019-05-02"),
        "0301",
        "0219",
        None,
        None,
        "active",
        "missing_event_id",
    ),
]

# event_id, person_id, date, registered_date, municipality_code, sex, expected fate
BIRTHS: list[tuple] = [
    ("B01", "C01", D("2019-02-02"), D("2019-02-05"), "0301", "F", "counted"),
    ("B01", "C01", D("2019-02-02"), D("2019-02-05"), "0301", "F", "duplicate"),
    ("B02", "C02", D("2019-10-10"), D("2019-10-11"), "1141", "M", "counted"),
    ("B03", "C03", D("2019-03-03"), D("2019-03-04"), "0301", "X", "invalid_sex"),
    ("B04", "C04", D("2019-03-03"), D("2019-03-04"), "0000", "M", "unknown_municipality_code"),
]
DEATHS: list[tuple] = [
    ("D01", "Q01", D("2019-07-07"), D("2019-07-08"), "1103", "M", "counted"),
    ("D02", "Q02", D("2019-07-07"), D("2019-07-01"), "0219", "F", "registered_before_event"),
]

START_2019 = {"0301": 100, "0219": 50, "0220": 40, "1103": 60, "1141": 10}
# reference_date, code, sex, age, persons, expected fate
POPULATION: list[tuple] = [
    *[(D("2019-01-01"), code, "F", 30, n, "counted") for code, n in START_2019.items()],
    # 31 December 2019 in the old boundaries (the 2020 reform changes every code here).
    (D("2019-12-31"), "0301", "F", 30, 100, "counted"),
    (D("2019-12-31"), "0219", "F", 30, 50, "counted"),
    (D("2019-12-31"), "0220", "F", 30, 40, "counted"),
    (D("2019-12-31"), "1103", "F", 30, 60, "counted"),
    (D("2019-12-31"), "1141", "F", 30, 11, "counted"),
    # 1 January 2020 in the new boundaries.
    (D("2020-01-01"), "0301", "F", 30, 100, "counted"),
    (D("2020-01-01"), "3024", "F", 30, 50, "counted"),
    (D("2020-01-01"), "3025", "F", 30, 40, "counted"),
    (D("2020-01-01"), "1103", "F", 30, 71, "counted"),
    (D("2020-01-01"), "0301", "F", 30, 100, "duplicate"),
    (D("2019-01-01"), "0301", "M", 106, 1, "age_out_of_range"),
    (D("2019-01-01"), "0219", "M", 30, -1, "invalid_persons"),
    (D("2019-06-30"), "0219", "M", 30, 1, "invalid_reference_date"),
]


def migrations_table() -> pa.Table:
    columns = list(zip(*[row[:9] for row in MIGRATIONS], strict=True))
    return pa.Table.from_arrays(
        [
            pa.array(values, type=field.type)
            for values, field in zip(columns, MIGRATION_SCHEMA, strict=True)
        ],
        schema=MIGRATION_SCHEMA,
    )


def vital_table(rows: list[tuple], date_column: str) -> pa.Table:
    schema = pa.schema(
        [(date_column if name == "event_date" else name, kind) for name, kind in VITAL_COLUMNS]
    )
    columns = list(zip(*[row[:6] for row in rows], strict=True))
    return pa.Table.from_arrays(
        [pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)],
        schema=schema,
    )


def population_table() -> pa.Table:
    columns = list(zip(*[row[:5] for row in POPULATION], strict=True))
    return pa.Table.from_arrays(
        [
            pa.array(values, type=field.type)
            for values, field in zip(columns, POPULATION_SCHEMA, strict=True)
        ],
        schema=POPULATION_SCHEMA,
    )


def fixture_tables() -> dict[str, pa.Table]:
    return {
        "migrations": migrations_table(),
        "births": vital_table(BIRTHS, "birth_date"),
        "deaths": vital_table(DEATHS, "death_date"),
        "population": population_table(),
    }


def delivery_year(table: pa.Table, name: str) -> list[int]:
    """The year a row belongs to as a delivery: its first date (event, then registration)."""
    first = {"migrations": "move_date", "births": "birth_date", "deaths": "death_date"}
    dates = table.column(first.get(name, "reference_date")).to_pylist()
    fallback = table.column("registered_date").to_pylist() if name != "population" else dates
    return [(d or r).year for d, r in zip(dates, fallback, strict=True)]


def write_register(out_dir: Path, years: set[int] | None = None) -> Path:
    """Write the fixture register under out_dir in the raw-register layout: all of it, or
    only the rows of the given delivery years (one file per table and set of years)."""
    suffix = "fixture" if years is None else "_".join(str(y) for y in sorted(years))
    for name, table in fixture_tables().items():
        if years is not None:
            keep = [year in years for year in delivery_year(table, name)]
            table = table.filter(pa.array(keep))
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / f"{name}_{suffix}.parquet")
    return out_dir


if __name__ == "__main__":
    write_register(Path(sys.argv[1]))
