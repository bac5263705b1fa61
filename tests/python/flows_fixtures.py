"""A small, hand-checkable register for the flow marts: moves between municipalities that
merge later (Stavanger, Finnøy and Rennesøy, merged on 1 January 2020), moves from and to a
municipality that is split later (Ålesund 1507, split into 1508 Ålesund and 1580 Haram on
1 January 2024, in the proportions 750 : 250 of their 1 January 2024 populations), and
moves from and to abroad with a current, a retired (YU), a user-assigned (XK) and an unknown
(XX) country code.

Hand-checked figures (2024 division): 2019 has 7 moves between municipalities, 2 of them
inside the later Stavanger (F01, F02), so 5 harmonised flows; Stavanger's harmonised flows
are 3 out (to Oslo) and 2 in (1 from Oslo, 1 from old Ålesund shared 0.75 / 0.25 between
1508 and 1580). 2023 has 6 moves, none inside one unit of 2024.
"""

from __future__ import annotations

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

# event_id, move_date, from municipality, to municipality, from country, to country
MOVES: list[tuple[str, str, str | None, str | None, str | None, str | None]] = [
    # 2019: inside the later Stavanger (no flow in a division from 2020 on)
    ("F01", "2019-02-01", "1141", "1103", None, None),
    ("F02", "2019-03-01", "1103", "1142", None, None),
    # 2019: across the later Stavanger's border
    ("F03", "2019-04-01", "1142", "0301", None, None),
    ("F04", "2019-05-01", "0301", "1141", None, None),
    ("F05", "2019-06-01", "1103", "0301", None, None),
    ("F06", "2019-07-01", "1103", "0301", None, None),
    ("F07", "2019-08-01", "1504", "1103", None, None),
    # 2019: abroad, with every kind of country code
    ("F08", "2019-01-15", None, "0301", "SE", None),
    ("F09", "2019-02-15", None, "1103", "XX", None),
    ("F10", "2019-03-15", None, "1141", "YU", None),
    ("F11", "2019-09-01", "0301", None, None, "XK"),
    ("F12", "2019-10-01", "1103", None, None, "SE"),
    # 2023: from and to Ålesund 1507, split on 1 January 2024
    ("F20", "2023-03-01", "1507", "0301", None, None),
    ("F21", "2023-04-01", "1507", "0301", None, None),
    ("F22", "2023-05-01", "1507", "0301", None, None),
    ("F23", "2023-06-01", "0301", "1507", None, None),
    ("F24", "2023-07-01", "1507", "1505", None, None),
    ("F25", "2023-08-01", "1103", "1507", None, None),
    ("F26", "2023-02-01", None, "1507", "XK", None),
]

POPULATION: dict[str, dict[str, int]] = {
    "2019-01-01": {"0301": 5000, "1103": 1000, "1141": 100, "1142": 200, "1504": 400},
    "2019-12-31": {"0301": 5000, "1103": 1000, "1141": 100, "1142": 200, "1504": 400},
    "2020-01-01": {"0301": 5000, "1103": 1300, "1507": 400},
    "2023-01-01": {"0301": 5000, "1103": 1300, "1507": 1000, "1505": 300},
    "2023-12-31": {"0301": 5000, "1103": 1300, "1507": 1000, "1505": 300},
    "2024-01-01": {"0301": 5000, "1103": 1300, "1508": 750, "1580": 250, "1505": 300},
}


def _migrations() -> pa.Table:
    rows = [
        (event, f"P{event}", D(day), D(day), origin, destination, country_from, country_to)
        for event, day, origin, destination, country_from, country_to in MOVES
    ]
    columns = [list(column) for column in zip(*rows, strict=True)]
    columns.append(["active"] * len(rows))
    return pa.Table.from_arrays(
        [
            pa.array(values, type=field.type)
            for values, field in zip(columns, MIGRATION_SCHEMA, strict=True)
        ],
        schema=MIGRATION_SCHEMA,
    )


def _population() -> pa.Table:
    rows = [
        (D(day), code, "F", 30, persons)
        for day, counts in POPULATION.items()
        for code, persons in counts.items()
    ]
    names = ["reference_date", "municipality_code", "sex", "age", "persons"]
    types = [pa.date32(), pa.string(), pa.string(), pa.int32(), pa.int64()]
    columns = zip(*rows, strict=True)
    return pa.Table.from_arrays(
        [pa.array(list(v), type=t) for v, t in zip(columns, types, strict=True)], names=names
    )


def _vitals(date_column: str) -> pa.Table:
    return pa.table(
        {
            "event_id": pa.array([], pa.string()),
            "person_id": pa.array([], pa.string()),
            date_column: pa.array([], pa.date32()),
            "registered_date": pa.array([], pa.date32()),
            "municipality_code": pa.array([], pa.string()),
            "sex": pa.array([], pa.string()),
        }
    )


def write_flows_register(out_dir: Path) -> Path:
    """Write the register under out_dir in the raw-register layout (no births or deaths)."""
    tables = {
        "migrations": _migrations(),
        "births": _vitals("birth_date"),
        "deaths": _vitals("death_date"),
        "population": _population(),
    }
    for name, table in tables.items():
        folder = out_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / f"{name}_flows.parquet")
    return out_dir
