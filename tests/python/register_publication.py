"""A hand-checkable register for the municipal tables and the site: two short periods around
boundary changes, written in the raw-register layout.

* 1975-1976: 0435 Tolga-Os is divided on 1 January 1976 into 0436 Tolga and 0441 Os, and
  1858 Moskenes into 1859 Flakstad and 1874 Moskenes; 0301 Oslo stays as it is. The Os table
  (3430 Os, 0441 Os (Hedmark), 0435 Tolga-Os, 0435 Os) has a break line before 1976.
* 2019-2020: 1141 Finnøy and 1142 Rennesøy merge into 1103 Stavanger on 1 January 2020
  (both ceased: red, their last note names 1103 Stavanger); 1245 Sund, 1246 Fjell and 1259
  Øygarden form 4626 Øygarden, which continues Fjell's table (the most populous, not the
  old unit whose name it took); 1514 Sande (Møre og Romsdal) is renamed Sande (no break).

Accounts (every one balances): 1975: 0435 300 + 1 birth + 1 in = 302 (31 December 302);
1858 200 - 1 death = 199; 0301 1000 - 1 out = 999. 1976: 0436 170 + 1 birth = 171; 0441 132
- 1 out = 131; 0301 999 + 1 in = 1000. 2019: 1103 1000 + 1 in = 1001; 1141 100 - 1 out = 99;
1514 50 - 1 death = 49 (its year end is the renamed 1514's count of 1 January 2020). 2020:
1103 1300 - 1 out = 1299; 4626 380 + 1 in = 381; 1514 49 + 1 birth = 50.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

D = date.fromisoformat

MOVES: list[tuple] = [
    ("PM1", "PP1", D("1975-05-05"), D("1975-05-06"), "0301", "0435", None, None, "active"),
    ("PM2", "PP2", D("1976-06-06"), D("1976-06-08"), "0441", "0301", None, None, "active"),
    ("PM3", "PP3", D("2019-03-03"), D("2019-03-04"), "1141", "1103", None, None, "active"),
    ("PM4", "PP4", D("2020-05-05"), D("2020-05-06"), "1103", "4626", None, None, "active"),
]
BIRTHS: list[tuple] = [
    ("PB1", "PC1", D("1975-03-01"), D("1975-03-02"), "0435", "F"),
    ("PB2", "PC2", D("1976-04-04"), D("1976-04-05"), "0436", "M"),
    ("PB3", "PC3", D("2020-02-02"), D("2020-02-03"), "1514", "F"),
]
DEATHS: list[tuple] = [
    ("PD1", "PQ1", D("1975-08-08"), D("1975-08-09"), "1858", "M"),
    ("PD2", "PQ2", D("2019-07-07"), D("2019-07-08"), "1514", "F"),
]
POPULATION: dict[str, dict[str, int]] = {
    "1975-01-01": {"0435": 300, "1858": 200, "0301": 1000},
    "1975-12-31": {"0435": 302, "1858": 199},
    "1976-01-01": {"0436": 170, "0441": 132, "1859": 120, "1874": 79, "0301": 999},
    "1977-01-01": {"0436": 171, "0441": 131, "1859": 120, "1874": 79, "0301": 1000},
    "2019-01-01": {
        "1103": 1000,
        "1141": 100,
        "1142": 200,
        "1514": 50,
        "1245": 70,
        "1246": 260,
        "1259": 50,
    },
    "2019-12-31": {"1103": 1001, "1141": 99, "1142": 200, "1245": 70, "1246": 260, "1259": 50},
    "2020-01-01": {"1103": 1300, "1514": 49, "4626": 380},
    "2021-01-01": {"1103": 1299, "1514": 50, "4626": 381},
}

MIGRATION_COLUMNS = [
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


def _vital_columns(date_column: str) -> list[tuple[str, pa.DataType]]:
    return [
        ("event_id", pa.string()),
        ("person_id", pa.string()),
        (date_column, pa.date32()),
        ("registered_date", pa.date32()),
        ("municipality_code", pa.string()),
        ("sex", pa.string()),
    ]


POPULATION_COLUMNS = [
    ("reference_date", pa.date32()),
    ("municipality_code", pa.string()),
    ("sex", pa.string()),
    ("age", pa.int32()),
    ("persons", pa.int64()),
]


def _table(columns: list[tuple[str, pa.DataType]], rows: list[tuple]) -> pa.Table:
    schema = pa.schema(columns)
    arrays = [
        pa.array([row[index] for row in rows], type=kind) for index, (_, kind) in enumerate(columns)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def population_rows() -> list[tuple]:
    return [
        (D(day), code, "F", 40, persons)
        for day, counts in POPULATION.items()
        for code, persons in counts.items()
    ]


def write_publication_register(out_dir: Path) -> Path:
    """Write the register under out_dir (one file per table)."""
    tables = {
        "migrations": _table(MIGRATION_COLUMNS, MOVES),
        "births": _table(_vital_columns("birth_date"), BIRTHS),
        "deaths": _table(_vital_columns("death_date"), DEATHS),
        "population": _table(POPULATION_COLUMNS, population_rows()),
    }
    for name, table in tables.items():
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / f"{name}_publication.parquet")
    return out_dir
