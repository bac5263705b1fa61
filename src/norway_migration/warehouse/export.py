"""Export every table of the warehouse's ``marts`` schema to Parquet and CSV files.

For BI tools and analysts that cannot open a DuckDB file: each table (and view) of schema
``marts`` becomes ``<out>/<name>.parquet`` and ``<out>/<name>.csv`` (header row, comma
separated), overwriting earlier exports. The municipal flow matrices, tens of thousands of
rows a year, are written as Parquet partitioned by year instead (Hive layout,
``<out>/<name>/year=<year>/data_0.parquet``), so that a reader fetches only the years it
asks for. The warehouse is opened READ-ONLY, so the export
never changes it; like any reader it cannot run while ``dbt build`` writes the file.

The database is ``--database``, else the environment variable NORWAY_MIGRATION_DB, else
``warehouse/norway_migration.duckdb``; a relative default is taken from the project root,
where dbt runs. Figures: Statistics Norway (SSB), NLOD / CC BY 4.0.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from norway_migration.paths import DATABASE_ENV_VAR, PROJECT_ROOT

DEFAULT_DATABASE = Path("warehouse/norway_migration.duckdb")
DEFAULT_OUT = Path("exports")
SCHEMA = "marts"
# Marts whose Parquet export is a folder partitioned by year (their CSV stays one file).
PARTITIONED_BY_YEAR = frozenset(
    {"mart_municipality_migration_flows", "mart_municipality_migration_flows_harmonized"}
)
# File format -> DuckDB COPY options.
FORMATS: dict[str, str] = {
    "parquet": "format parquet, compression zstd",
    "csv": "format csv, header true, delimiter ','",
}


@dataclass(frozen=True)
class ExportedTable:
    """One exported relation: its name, row count and the files written."""

    name: str
    rows: int
    files: tuple[Path, ...]


def default_database() -> Path:
    """NORWAY_MIGRATION_DB or the default warehouse file, relative to the project root."""
    path = Path(os.environ.get(DATABASE_ENV_VAR) or DEFAULT_DATABASE)
    return path if path.is_absolute() else PROJECT_ROOT / path


def default_out() -> Path:
    """exports/ in the project root."""
    return PROJECT_ROOT / DEFAULT_OUT


def parse_formats(value: str) -> tuple[str, ...]:
    """`parquet,csv` -> ('parquet', 'csv'); an unknown format is a ValueError naming it."""
    formats = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",")))
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise ValueError(
            f"unknown format(s) {', '.join(unknown) or repr(value)}; choose from "
            f"{', '.join(FORMATS)}"
        )
    return formats


def connect_read_only(database: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only; a missing file is an error naming the path."""
    if not database.is_file():
        raise SystemExit(f"export: database not found: {database} (run `make build`)")
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as error:  # e.g. `dbt build` holds the file's write lock
        raise SystemExit(f"export: cannot open {database} read-only: {error}") from error


def mart_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of every table and view of schema marts, sorted."""
    rows = connection.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? order by table_name",
        [SCHEMA],
    ).fetchall()
    return [row[0] for row in rows]


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_table(
    connection: duckdb.DuckDBPyConnection, name: str, out: Path, formats: Sequence[str]
) -> ExportedTable:
    """Write one mart in every format; returns its row count and the files written."""
    relation = f"{quote_identifier(SCHEMA)}.{quote_identifier(name)}"
    files = []
    for file_format in formats:
        options = FORMATS[file_format]
        if file_format == "parquet" and name in PARTITIONED_BY_YEAR:
            target = out / name
            shutil.rmtree(target, ignore_errors=True)
            options += ", partition_by (year)"
        else:
            target = out / f"{name}.{file_format}"
        connection.execute(
            f"copy (select * from {relation}) to {quote_literal(str(target))} ({options})"
        ).fetchall()
        files.append(target)
    row = connection.execute(f"select count(*) from {relation}").fetchone()
    return ExportedTable(name, int(row[0]) if row else 0, tuple(files))


def export_marts(
    database: Path, out: Path, formats: Sequence[str], quiet: bool = False
) -> list[ExportedTable]:
    """Export every mart of `database` to `out`; prints one line per table unless quiet."""
    connection = connect_read_only(database)
    try:
        names = mart_tables(connection)
        if not names:
            raise SystemExit(f"export: no tables in schema {SCHEMA} of {database}")
        out.mkdir(parents=True, exist_ok=True)
        if not quiet:
            print(f"exporting {len(names)} tables of {SCHEMA} from {database} to {out}")
        exported = []
        for number, name in enumerate(names, start=1):
            table = export_table(connection, name, out, formats)
            exported.append(table)
            if not quiet:
                written = ", ".join(path.name for path in table.files)
                print(f"[{number}/{len(names)}] {SCHEMA}.{name}: {table.rows} rows -> {written}")
        return exported
    finally:
        connection.close()
