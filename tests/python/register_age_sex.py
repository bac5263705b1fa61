"""A hand-checkable register with the optional columns of contract v2 (birth_date and sex of
movers, birth_date of the dead), for the marts by age and sex and the cohort account.

One year, 2021, with population counts on 1 January 2021 and 2022 that follow every person's
cohort (the age at the end of 2021: 2021 minus the year of birth; on 1 January a person is
counted one year younger, 2020 minus the year of birth), so every municipality's account
balances (discrepancy 0).

Oslo (0301) and Bergen (4601) hold the traps, each with a known true cohort:

* ``A1`` born on 1 January 2000 (counted aged 20 on 1 January 2021, the day she turns 21;
  age 21 at the end of 2021) moves Oslo -> Bergen;
* ``A2`` born in 1910 (age 111: the open class 105) moves Bergen -> Oslo;
* ``A3`` immigrates to Oslo without a birth date (age unknown; truly 26);
* ``A4`` emigrates from Bergen with a birth date after the move (age unknown, listed in the
  audit; truly 41);
* ``A5`` moves Oslo -> Bergen with sex ``X`` (sex unknown, listed; truly F 31);
* ``A6`` moves Oslo -> Bergen with the text birth date ``2021-02-30`` (unparseable, listed;
  truly M 51), and ``A7`` Bergen -> Oslo with the text birth date ``1985-07-07`` (36);
* ``A8`` moves Bergen -> Oslo in a v1 file without the optional columns (truly M 61);
* deaths: ``AD1`` (F, born 1930, 91) in Oslo; ``AD2`` in Bergen with a birth date after the
  death (listed; truly M 81); ``AD3`` in Bergen in a v1 file without birth dates (truly F 71);
  a birth in Oslo.

Stavanger (1103), Sandnes (1108) and Sola (1124) hold only clean events with birth dates
everywhere, so every one of their cohorts balances: a mother and child moving together, a
student, an immigrant and an emigrant, a baby born in Sola who moves to Stavanger in her
first year, a person moving twice, a death, a centenarian. ``OFF_BY_ONE`` names the mover whose
birth year a test shifts by one to break the cohort account.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

D = date.fromisoformat
YEAR = 2021

MOVE_COLUMNS = [
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

# The rows are tables to read (and check by hand), one event per line.
# fmt: off
# event_id, person_id, move_date, registered_date, from, to, from country, to country, status,
# birth_date, sex
MOVES_V2: list[tuple] = [
    ("A1", "PA1", D("2021-03-01"), D("2021-03-02"), "0301", "4601", None, None, "active",
     D("2000-01-01"), "F"),
    ("A2", "PA2", D("2021-08-08"), D("2021-08-09"), "4601", "0301", None, None, "active",
     D("1910-06-15"), "M"),
    ("A3", "PA3", D("2021-04-01"), D("2021-04-02"), None, "0301", "SE", None, "active",
     None, "F"),
    ("A4", "PA4", D("2021-05-05"), D("2021-05-06"), "4601", None, None, "DK", "active",
     D("2021-09-01"), "M"),
    ("A5", "PA5", D("2021-06-06"), D("2021-06-07"), "0301", "4601", None, None, "active",
     D("1990-02-02"), "X"),
    # Stavanger, Sandnes and Sola: every cohort balances.
    ("C1", "PC1", D("2021-04-04"), D("2021-04-05"), "1103", "1108", None, None, "active",
     D("1988-05-05"), "F"),
    ("C2", "PC2", D("2021-04-04"), D("2021-04-05"), "1103", "1108", None, None, "active",
     D("2018-01-01"), "M"),
    ("C3", "PC3", D("2021-08-15"), D("2021-08-16"), "1108", "1103", None, None, "active",
     D("2003-12-31"), "M"),
    ("C4", "PC4", D("2021-02-20"), D("2021-02-22"), None, "1124", "PL", None, "active",
     D("1995-01-01"), "M"),
    ("C5", "PC5", D("2021-07-01"), D("2021-07-02"), "1103", None, None, "SE", "active",
     D("1999-09-09"), "F"),
    ("C6", "PC6", D("2021-06-01"), D("2021-06-02"), "1124", "1103", None, None, "active",
     D("2021-01-05"), "F"),
    ("C7", "PC7", D("2021-02-02"), D("2021-02-03"), "1108", "1124", None, None, "active",
     D("1975-05-05"), "M"),
    ("C8", "PC7", D("2021-09-09"), D("2021-09-10"), "1124", "1103", None, None, "active",
     D("1975-05-05"), "M"),
    ("C9", "PC9", D("2021-10-01"), D("2021-10-04"), "1124", "1108", None, None, "active",
     D("1921-01-01"), "F"),
]
# The same columns, birth dates delivered as text.
MOVES_TEXT: list[tuple] = [
    ("A6", "PA6", D("2021-07-01"), D("2021-07-02"), "0301", "4601", None, None, "active",
     "2021-02-30", "M"),
    ("A7", "PA7", D("2021-09-09"), D("2021-09-10"), "4601", "0301", None, None, "active",
     "1985-07-07", "F"),
]
# A v1 file: no birth_date, no sex.
MOVES_V1: list[tuple] = [
    ("A8", "PA8", D("2021-10-10"), D("2021-10-11"), "4601", "0301", None, None, "active"),
]
OFF_BY_ONE = "C3"  # the student: born 2003 (18 at the end of 2021)

BIRTHS: list[tuple] = [
    ("AB1", "PAB1", D("2021-02-02"), D("2021-02-03"), "0301", "F"),
    ("CB1", "PCB1", D("2021-03-03"), D("2021-03-04"), "1103", "M"),
    # the baby who moves to Stavanger (C6): the same person, the same birth date
    ("CB2", "PC6", D("2021-01-05"), D("2021-01-06"), "1124", "F"),
]
# event_id, person_id, death_date, registered_date, municipality_code, sex, birth_date
DEATHS_V2: list[tuple] = [
    ("AD1", "PAD1", D("2021-04-04"), D("2021-04-05"), "0301", "F", D("1930-01-01")),
    ("AD2", "PAD2", D("2021-06-06"), D("2021-06-07"), "4601", "M", D("2021-07-07")),
    ("CD1", "PCD1", D("2021-12-01"), D("2021-12-02"), "1108", "F", D("1935-03-03")),
]
DEATHS_V1: list[tuple] = [
    ("AD3", "PAD3", D("2021-11-11"), D("2021-11-12"), "4601", "F"),
]

# Persons by (municipality, sex, age) on 1 January 2021 (ages counted at the end of 2020).
POPULATION_2021: dict[tuple[str, str, int], int] = {
    ("0301", "F", 20): 10, ("0301", "F", 25): 5, ("0301", "F", 30): 4, ("0301", "F", 35): 3,
    ("0301", "F", 90): 2, ("0301", "M", 50): 3, ("0301", "M", 60): 2, ("0301", "M", 104): 1,
    ("0301", "M", 105): 1,
    ("4601", "F", 20): 8, ("4601", "F", 30): 6, ("4601", "F", 35): 4, ("4601", "F", 70): 3,
    ("4601", "M", 40): 5, ("4601", "M", 50): 4, ("4601", "M", 60): 3, ("4601", "M", 80): 2,
    ("4601", "M", 104): 2, ("4601", "M", 105): 1,
    ("1103", "F", 32): 3, ("1103", "M", 2): 2, ("1103", "F", 21): 4, ("1103", "M", 17): 1,
    ("1103", "F", 50): 5, ("1103", "M", 45): 1,
    ("1108", "M", 17): 3, ("1108", "F", 85): 2, ("1108", "M", 45): 2, ("1108", "F", 99): 1,
    ("1108", "F", 32): 1,
    ("1124", "M", 25): 2, ("1124", "F", 99): 2, ("1124", "M", 45): 1, ("1124", "F", 40): 3,
}
# On 1 January 2022: every cohort aged by a year, plus its births and moves, less its deaths.
POPULATION_2022: dict[tuple[str, str, int], int] = {
    ("0301", "F", 0): 1, ("0301", "F", 21): 9, ("0301", "F", 26): 6, ("0301", "F", 31): 3,
    ("0301", "F", 36): 4, ("0301", "F", 91): 1, ("0301", "M", 51): 2, ("0301", "M", 61): 3,
    ("0301", "M", 105): 3,
    ("4601", "F", 21): 9, ("4601", "F", 31): 7, ("4601", "F", 36): 3, ("4601", "F", 71): 2,
    ("4601", "M", 41): 4, ("4601", "M", 51): 5, ("4601", "M", 61): 2, ("4601", "M", 81): 1,
    ("4601", "M", 105): 2,
    ("1103", "M", 0): 1, ("1103", "F", 0): 1, ("1103", "F", 33): 2, ("1103", "M", 3): 1,
    ("1103", "F", 22): 3, ("1103", "M", 18): 2, ("1103", "F", 51): 5, ("1103", "M", 46): 2,
    ("1108", "M", 18): 2, ("1108", "F", 86): 1, ("1108", "M", 46): 1, ("1108", "F", 100): 2,
    ("1108", "F", 33): 2, ("1108", "M", 3): 1,
    ("1124", "M", 26): 3, ("1124", "F", 100): 1, ("1124", "M", 46): 1, ("1124", "F", 41): 3,
}
# fmt: on

# What the warehouse can place (fct_moves): event_id -> (sex, age at the end of 2021).
EXPECTED_MOVERS: dict[str, tuple[str | None, int | None]] = {
    "A1": ("F", 21),
    "A2": ("M", 105),
    "A3": ("F", None),
    "A4": ("M", None),
    "A5": (None, 31),
    "A6": ("M", None),
    "A7": ("F", 36),
    "A8": (None, None),
    "C1": ("F", 33),
    "C2": ("M", 3),
    "C3": ("M", 18),
    "C4": ("M", 26),
    "C5": ("F", 22),
    "C6": ("F", 0),
    "C7": ("M", 46),
    "C8": ("M", 46),
    "C9": ("F", 100),
}
# audit.register_age_sex_issues: (source_table, event_id) -> (issue, raw_value)
EXPECTED_ISSUES: dict[tuple[str, str], tuple[str, str]] = {
    ("migrations", "A4"): ("birth_date_after_event", "2021-09-01"),
    ("migrations", "A5"): ("invalid_sex", "X"),
    ("migrations", "A6"): ("unparseable_birth_date", "2021-02-30"),
    ("deaths", "AD2"): ("birth_date_after_event", "2021-07-07"),
}
BALANCED = ("1103", "1108", "1124")


def _table(
    columns: Sequence[str], types: dict[str, pa.DataType], rows: Sequence[tuple]
) -> pa.Table:
    arrays = [
        pa.array([row[i] for row in rows], type=types.get(name, pa.string()))
        for i, name in enumerate(columns)
    ]
    return pa.Table.from_arrays(arrays, names=list(columns))


def _population(counts: dict[tuple[str, str, int], int], day: date) -> pa.Table:
    rows = [(day, code, sex, age, persons) for (code, sex, age), persons in counts.items()]
    types = {"reference_date": pa.date32(), "age": pa.int32(), "persons": pa.int64()}
    return _table(["reference_date", "municipality_code", "sex", "age", "persons"], types, rows)


def shift_birth_year(rows: list[tuple], event_id: str, years: int) -> list[tuple]:
    """The rows with one mover's birth year moved by ``years``."""
    shifted = []
    for row in rows:
        if row[0] == event_id:
            born: date = row[9]
            row = (*row[:9], born.replace(year=born.year + years), row[10])
        shifted.append(row)
    return shifted


def write_age_sex_register(out_dir: Path, moves_v2: list[tuple] | None = None) -> Path:
    """Write the register under out_dir (one folder per table; several files per folder:
    v2 files with the optional columns, a text-dated one, and v1 files without them)."""
    dates = {c: pa.date32() for c in ("move_date", "registered_date", "birth_date", "death_date")}
    v2 = [*MOVE_COLUMNS, "birth_date", "sex"]
    vital = ["event_id", "person_id", "{date}", "registered_date", "municipality_code", "sex"]
    births = [c.format(date="birth_date") for c in vital]
    deaths = [c.format(date="death_date") for c in vital]
    text_birth = {**dates, "birth_date": pa.string()}
    files = {
        "migrations": {
            "migrations_v2": (v2, dates, MOVES_V2 if moves_v2 is None else moves_v2),
            "migrations_text": (v2, text_birth, MOVES_TEXT),
            "migrations_v1": (MOVE_COLUMNS, dates, MOVES_V1),
        },
        "births": {"births_2021": (births, dates, BIRTHS)},
        "deaths": {
            "deaths_v2": ([*deaths, "birth_date"], dates, DEATHS_V2),
            "deaths_v1": (deaths, dates, DEATHS_V1),
        },
    }
    for table, parts in files.items():
        folder = out_dir / table
        folder.mkdir(parents=True, exist_ok=True)
        for name, (columns, types, rows) in parts.items():
            pq.write_table(_table(columns, types, rows), folder / f"{name}.parquet")
    folder = out_dir / "population"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        _population(POPULATION_2021, D("2021-01-01")), folder / "population_2021.parquet"
    )
    pq.write_table(
        _population(POPULATION_2022, D("2022-01-01")), folder / "population_2022.parquet"
    )
    return out_dir
