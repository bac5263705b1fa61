"""A second hand-checkable register, for the counting rules that must hold on any register.

It covers 2018 and 2019 only (population counts on 1 January 2018, 2019 and 2020, no 31
December counts), so it exercises:

* renames and renumberings (1942 Nordreisa renamed in 2019 and renumbered 5428 in 2020; 1567
  Rindal renumbered 5061 in 2019): their year-end populations come from the successor's
  1 January count, and they are no series breaks;
* SSB's rule for a missing year-end count: 1103 Stavanger, 1141 Finnøy and 1142 Rennesøy merge
  into 1103 Stavanger on 1 January 2020. ``TRUE_YEAR_END_2019`` holds their true 31 December
  2019 populations, which the register does not deliver;
* dates delivered as text: one file of each table has its date columns as DATE, the other as
  VARCHAR, with a few values that are no dates (``BAD_TEXT_ROWS``);
* a register that does not cover SSB's published year (2015).

Accounts (hand-checked): 2018: 0301 500 - 1 = 499, 1103 1000 + 1 = 1001, 1942 50 + 1 = 51,
1567 30 + 1 = 31. 2019: 1103 1001 + 1 - 1 = 1001 (true 1003), 1141 100 - 1 + 1 = 100 (true
100), 1142 200 - 1 + 1 = 200 (true 201), 0301 499 + 1 - 1 = 499; 1 January 2020: 1103 1304.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

D = date.fromisoformat

MIGRATION_COLUMNS = [
    "event_id",
    "person_id",
    "move_date",
    "registered_date",
    "from_municipality_code",
    "to_municipality_code",
    "from_country_code",
    "to_country_code",
    "status",
]
VITAL_COLUMNS = ["event_id", "person_id", "{date}", "registered_date", "municipality_code", "sex"]
POPULATION_COLUMNS = ["reference_date", "municipality_code", "sex", "age", "persons"]
DATE_COLUMNS = {"move_date", "registered_date", "birth_date", "death_date", "reference_date"}

MOVES_2018: list[tuple] = [
    ("V01", "Q01", D("2018-03-01"), D("2018-03-02"), "0301", "1103", None, None, "active"),
    ("V02", "Q02", D("2018-05-05"), D("2018-05-07"), None, "1567", "SE", None, "active"),
]
MOVES_2019: list[tuple] = [
    ("V03", "Q03", D("2019-04-04"), D("2019-04-05"), "1141", "0301", None, None, "active"),
    # Between two units that merge on 1 January 2020: still a move in 2019.
    ("V04", "Q04", D("2019-06-06"), D("2019-06-07"), "1142", "1103", None, None, "active"),
    ("V05", "Q05", D("2019-07-07"), D("2019-07-08"), "0301", "1142", None, None, "active"),
]
BIRTHS: list[tuple] = [
    ("VB1", "QB1", D("2018-02-02"), D("2018-02-03"), "1942", "F"),
    ("VB2", "QB2", D("2019-09-09"), D("2019-09-10"), "1141", "M"),
]
DEATHS: list[tuple] = [
    ("VD1", "QD1", D("2019-08-08"), D("2019-08-09"), "1103", "M"),
]
POPULATION_2018 = {"0301": 500, "1103": 1000, "1141": 100, "1142": 200, "1942": 50, "1567": 30}
POPULATION_2019 = {"0301": 499, "1103": 1001, "1141": 100, "1142": 200, "1942": 51, "5061": 31}
POPULATION_2020 = {"0301": 499, "1103": 1304, "5428": 51, "5061": 31}
TRUE_YEAR_END_2019 = {"1103": 1003, "1141": 100, "1142": 201}

# Rows whose dates arrive as text that is no date: quarantined with their own reason.
BAD_TEXT_ROWS: dict[str, list[tuple]] = {
    "migrations": [
        ("VX1", "QX1", "2019-13-45", "2019-12-01", "0301", "1103", None, None, "active"),
        ("VX2", "QX2", "2019-03-03", "not a date", "0301", "1103", None, None, "active"),
    ],
    "births": [("VXB", "QXB", "2019-02-30", "2019-03-01", "1141", "F")],
    "population": [("2019-02-30", "0301", "F", 30, 1)],
}
EXPECTED_REASONS = {
    ("migrations", "VX1"): ("unparseable_move_date", "move_date=2019-13-45"),
    ("migrations", "VX2"): ("unparseable_registered_date", "registered_date=not a date"),
    ("births", "VXB"): ("unparseable_birth_date", "birth_date=2019-02-30"),
    ("population", None): ("unparseable_reference_date", "reference_date=2019-02-30"),
}


def _population(counts: dict[str, int], day: date) -> list[tuple]:
    return [(day, code, "F", 30, persons) for code, persons in counts.items()]


def _table(columns: Sequence[str], rows: Sequence[tuple], text_dates: bool) -> pa.Table:
    """Rows as a table, its date columns DATE or (text_dates) VARCHAR."""
    types = {"age": pa.int32(), "persons": pa.int64()}
    arrays = []
    for index, name in enumerate(columns):
        values = [row[index] for row in rows]
        if name in DATE_COLUMNS and text_dates:
            values = [v.isoformat() if isinstance(v, date) else v for v in values]
            kind = pa.string()
        elif name in DATE_COLUMNS:
            kind = pa.date32()
        else:
            kind = types.get(name, pa.string())
        arrays.append(pa.array(values, type=kind))
    return pa.Table.from_arrays(arrays, names=list(columns))


def write_variant_register(out_dir: Path, text_dates: bool = True) -> Path:
    """Write the register under out_dir: the 2018 file of each table with DATE columns, the
    2019-2020 file with VARCHAR dates and the bad text rows (text_dates), or every file with
    DATE columns and without the bad rows (not text_dates: the same register, all typed)."""
    births_columns = [c.format(date="birth_date") for c in VITAL_COLUMNS]
    deaths_columns = [c.format(date="death_date") for c in VITAL_COLUMNS]
    first = {
        "migrations": (MIGRATION_COLUMNS, MOVES_2018),
        "births": (births_columns, [r for r in BIRTHS if r[2].year == 2018]),
        "deaths": (deaths_columns, [r for r in DEATHS if r[2].year == 2018]),
        "population": (POPULATION_COLUMNS, _population(POPULATION_2018, D("2018-01-01"))),
    }
    second = {
        "migrations": (MIGRATION_COLUMNS, MOVES_2019),
        "births": (births_columns, [r for r in BIRTHS if r[2].year == 2019]),
        "deaths": (deaths_columns, [r for r in DEATHS if r[2].year == 2019]),
        "population": (
            POPULATION_COLUMNS,
            _population(POPULATION_2019, D("2019-01-01"))
            + _population(POPULATION_2020, D("2020-01-01")),
        ),
    }
    for name in first:
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        columns, rows = first[name]
        pq.write_table(_table(columns, rows, text_dates=False), folder / f"{name}_2018.parquet")
        columns, rows = second[name]
        if text_dates:
            rows = rows + BAD_TEXT_ROWS.get(name, [])
        pq.write_table(_table(columns, rows, text_dates), folder / f"{name}_2019.parquet")
    return out_dir
