"""Read the tables a dbt build wrote on DuckDB, PostgreSQL or Spark, in one comparable form.

A table is read into a `Table`: its column names (sorted), the kinds of value each column
holds (integer, decimal, float, text, date, ... as the driver returns them, so a count that is
BIGINT on one engine and NUMERIC on another differs) and its rows as tuples of plain Python
values in that column order, sorted. Decimal values compare as floats. Columns that record
when a run happened (`loaded_at`) are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

RUN_COLUMNS = frozenset({"loaded_at"})
FLOAT_SORT_DIGITS = 6
FLOAT_RELATIVE_TOLERANCE = 1e-12
FLOAT_ABSOLUTE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Table:
    """The columns and sorted rows of one table."""

    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def normalise(value: Any) -> Any:
    """One value in the form every engine agrees on."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def column_kind(types: set[type]) -> str:
    """The Python types of a column's non-null values, e.g. `int` or `Decimal`."""
    return "|".join(sorted(each.__name__ for each in types if each is not type(None)))


def sort_column(values: list[Any], types: set[type]) -> list[Any]:
    """A column's part of the rows' sort key: NULLs first, floats rounded (so that last-bit
    differences sort alike), other values as they are."""
    if float in types:
        values = [round(v, FLOAT_SORT_DIGITS) if isinstance(v, float) else v for v in values]
    if type(None) in types:
        return [(value is not None, "" if value is None else value) for value in values]
    return values


def make_table(columns: list[str], rows: list[tuple[Any, ...]]) -> Table:
    """A Table from raw rows: run columns dropped, columns sorted by name, values normalised,
    rows sorted. Worked column by column (the engine tests read tables of 300,000 rows)."""
    kept = sorted((name, index) for index, name in enumerate(columns) if name not in RUN_COLUMNS)
    by_column = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    kinds, values, keys = [], [], []
    for _, index in kept:
        column = list(by_column[index])
        types = set(map(type, column))
        kinds.append(column_kind(types))
        if types & {Decimal, datetime}:
            column = [normalise(value) for value in column]
            types = set(map(type, column))
        values.append(column)
        keys.append(sort_column(column, types))
    normalised = list(zip(*values, strict=True))
    order = sorted(range(len(normalised)), key=list(zip(*keys, strict=True)).__getitem__)
    return Table(tuple(name for name, _ in kept), tuple(kinds), tuple(normalised[i] for i in order))


def values_equal(left: Any, right: Any) -> bool:
    """Equality, with floats equal up to the rounding of a different summation order."""
    if isinstance(left, float) or isinstance(right, float):
        if left is None or right is None:
            return left is right
        return math.isclose(
            left, right, rel_tol=FLOAT_RELATIVE_TOLERANCE, abs_tol=FLOAT_ABSOLUTE_TOLERANCE
        )
    if isinstance(left, date) and isinstance(right, date):
        return left.isoformat() == right.isoformat()
    return left == right


def differences(expected: Table, actual: Table, limit: int = 5) -> list[str]:
    """What differs between two tables (empty when they are identical)."""
    if expected.columns != actual.columns:
        return [f"columns differ: {expected.columns} != {actual.columns}"]
    kinds = [
        f"{name}: {left} != {right}"
        for name, left, right in zip(expected.columns, expected.kinds, actual.kinds, strict=True)
        if left != right
    ]
    if kinds:
        return [f"kinds of values differ: {kinds}"]
    if len(expected.rows) != len(actual.rows):
        return [f"row counts differ: {len(expected.rows)} != {len(actual.rows)}"]
    found = []
    for left, right in zip(expected.rows, actual.rows, strict=True):
        # rows equal value for value are equal (==, for each kind, implies values_equal);
        # only the others are compared value by value, up to the floats' tolerance
        if left != right and not all(values_equal(a, b) for a, b in zip(left, right, strict=True)):
            found.append(f"{dict(zip(expected.columns, left, strict=True))} != {right}")
            if len(found) == limit:
                break
    return found


def duckdb_table(database: Path, relation: str) -> Table:
    """A table of a DuckDB warehouse file (`schema.table`)."""
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute(f"select * from {relation}")
        columns = [description[0] for description in cursor.description]
        return make_table(columns, cursor.fetchall())


def postgres_table(connection: Any, relation: str) -> Table:
    """A table of a PostgreSQL database (`schema.table`), over a psycopg2 connection."""
    with connection.cursor() as cursor:
        cursor.execute(f"select * from {relation}")
        columns = [description[0] for description in cursor.description]
        return make_table(columns, cursor.fetchall())


def spark_query(spark_dir: Path, relation: str, query: str) -> duckdb.DuckDBPyRelation:
    """`query` over a table of the Spark warehouse under spark_dir (`{table}` in the query
    stands for it), read from its Parquet files (Hive layout:
    `<schema>.db/<table>/[partition=value/]part-*.parquet`) by DuckDB, without starting Spark."""
    schema, table = relation.split(".")
    folder = spark_dir / "tables" / f"{schema}.db" / table
    files = sorted(str(path) for path in folder.rglob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"no Parquet files for {relation} under {folder}")
    listed = ", ".join("'" + name.replace("'", "''") + "'" for name in files)
    source = f"read_parquet([{listed}], hive_partitioning = true, union_by_name = true)"
    return duckdb.sql(query.format(table=source))


def spark_table(spark_dir: Path, relation: str) -> Table:
    """A table of the Spark warehouse under spark_dir (see spark_query)."""
    result = spark_query(spark_dir, relation, "select * from {table}")
    return make_table(result.columns, result.fetchall())


def built_relations(manifest: dict[str, Any], schemas: frozenset[str]) -> list[str]:
    """`schema.table` of every table-like model the build wrote into the given schemas."""
    relations = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["schema"] not in schemas:
            continue
        if node["config"]["materialized"] in ("table", "incremental"):
            relations.append(f"{node['schema']}.{node['alias']}")
    return sorted(relations)
