"""Load the raw register (Parquet files) into PostgreSQL tables.

The raw register is ``<raw-path>/{migrations,births,deaths,population}/*.parquet``: any number
of files per folder, whose columns may differ in order or be missing from some files. DuckDB
reads each folder (``union_by_name``) and adds a column ``filename`` with each row's file path,
which is kept: incremental models use it to tell which files they have loaded.

Each table becomes ``<schema>.<table>``, dropped and re-created with the same columns in the
same order (DuckDB types mapped to PostgreSQL types, anything unusual as text) and filled with
``COPY ... FROM STDIN`` from a CSV file DuckDB writes to a temporary directory. NULLs are written
as an unquoted ``\\N`` and every text value is quoted, so NULL and the empty string stay apart.
Each table is loaded in its own transaction; the tables are analyzed afterwards.

Connection settings default to the environment variables the dbt profile's ``postgres`` target
reads (NORWAY_MIGRATION_PG_HOST, _PORT, _USER, _PASSWORD, _DBNAME), so one set of variables
drives both; options override them.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import extensions, sql

from norway_migration.raw_register import TABLES

ENV_PREFIX = "NORWAY_MIGRATION_PG_"
PORT_ENV_VAR = f"{ENV_PREFIX}PORT"
DEFAULT_PORT = 5432
NULL_MARKER = r"\N"
# DuckDB type -> PostgreSQL type (DECIMAL keeps its precision); any other type loads as text.
PG_TYPES = {
    "VARCHAR": "text",
    "DATE": "date",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "BOOLEAN": "boolean",
}
PG_FALLBACK_TYPE = "text"


class LoadError(Exception):
    """A problem that stops the load; the message names it."""


@dataclass(frozen=True)
class Server:
    """Where to load: the server, the user and the database."""

    host: str
    port: int
    user: str
    dbname: str

    def __str__(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"


@dataclass(frozen=True)
class Column:
    name: str
    duckdb_type: str

    @property
    def pg_type(self) -> str:
        if self.duckdb_type.startswith("DECIMAL"):  # DECIMAL(18,3) -> numeric(18,3)
            return "numeric" + self.duckdb_type.removeprefix("DECIMAL")
        return PG_TYPES.get(self.duckdb_type, PG_FALLBACK_TYPE)


def progress(message: str) -> None:
    print(message, flush=True)


def sql_string(value: str) -> str:
    """A DuckDB string literal."""
    return "'" + value.replace("'", "''") + "'"


def duckdb_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def parquet_source(raw_path: Path, table: str) -> str:
    """The DuckDB relation reading a table's folder; fails when it has no Parquet files."""
    folder = raw_path / table
    if not folder.is_dir():
        raise LoadError(f"missing folder {folder}")
    if not any(path.is_file() for path in folder.glob("*.parquet")):
        raise LoadError(f"no .parquet files in {folder}")
    pattern = sql_string(str(folder / "*.parquet"))
    return f"read_parquet({pattern}, union_by_name = true, filename = true)"


def source_columns(duck: duckdb.DuckDBPyConnection, source: str) -> list[Column]:
    rows = duck.execute(f"describe select * from {source}").fetchall()
    return [Column(name=row[0], duckdb_type=row[1]) for row in rows]


def write_csv(
    duck: duckdb.DuckDBPyConnection, source: str, columns: list[Column], path: Path
) -> None:
    """Write the rows as CSV: no header, NULL as an unquoted marker, text values quoted."""
    quoted = [duckdb_identifier(c.name) for c in columns if c.pg_type == PG_FALLBACK_TYPE]
    options = [
        "format csv",
        "header false",
        f"nullstr {sql_string(NULL_MARKER)}",
        "quote '\"'",
        "escape '\"'",
    ]
    if quoted:
        options.append(f"force_quote ({', '.join(quoted)})")
    select_list = ", ".join(duckdb_identifier(c.name) for c in columns)
    duck.execute(
        f"copy (select {select_list} from {source}) to {sql_string(str(path))} "
        f"({', '.join(options)})"
    )


def create_table_sql(schema: str, table: str, columns: list[Column]) -> sql.Composed:
    definitions = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.pg_type)) for c in columns
    )
    return sql.SQL("create table {}.{} ({})").format(
        sql.Identifier(schema), sql.Identifier(table), definitions
    )


def copy_sql(schema: str, table: str) -> sql.Composed:
    """COPY FROM STDIN matching write_csv: quoted values never count as NULL."""
    return sql.SQL("copy {}.{} from stdin (format csv, header false, null {}, quote '\"')").format(
        sql.Identifier(schema), sql.Identifier(table), sql.Literal(NULL_MARKER)
    )


def load_table(
    pg: extensions.connection,
    duck: duckdb.DuckDBPyConnection,
    raw_path: Path,
    schema: str,
    table: str,
    say: Callable[[str], None] = progress,
) -> None:
    started = time.perf_counter()
    source = parquet_source(raw_path, table)
    columns = source_columns(duck, source)
    with tempfile.TemporaryDirectory(prefix=f"load_postgres_{table}_") as tmp:
        csv_path = Path(tmp) / f"{table}.csv"
        write_csv(duck, source, columns, csv_path)
        with pg, pg.cursor() as cursor:
            cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            target = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            cursor.execute(sql.SQL("drop table if exists {}").format(target))
            cursor.execute(create_table_sql(schema, table, columns))
            with csv_path.open("rb") as csv_file:
                cursor.copy_expert(copy_sql(schema, table), csv_file)
            rows = cursor.rowcount
    seconds = time.perf_counter() - started
    say(f"{schema}.{table}: {rows} rows loaded in {seconds:.1f} s")


def analyze(
    pg: extensions.connection,
    schema: str,
    tables: Sequence[str],
    say: Callable[[str], None] = progress,
) -> None:
    started = time.perf_counter()
    with pg, pg.cursor() as cursor:
        for table in tables:
            cursor.execute(
                sql.SQL("analyze {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            )
    say(f"analyzed {len(tables)} table(s) in {time.perf_counter() - started:.1f} s")


def setting(name: str, default: str) -> str:
    """A connection setting from NORWAY_MIGRATION_PG_<NAME>, as profiles.yml reads it."""
    return os.environ.get(f"{ENV_PREFIX}{name}") or default


def default_port() -> int:
    value = setting("PORT", str(DEFAULT_PORT))
    try:
        return int(value)
    except ValueError as error:
        raise SystemExit(f"error: {PORT_ENV_VAR}={value!r} is not a port number") from error


def connect(server: Server) -> extensions.connection:
    try:
        return psycopg2.connect(
            host=server.host,
            port=server.port,
            user=server.user,
            dbname=server.dbname,
            # empty: libpq's own sources (PGPASSWORD, ~/.pgpass) or none
            password=os.environ.get(f"{ENV_PREFIX}PASSWORD") or None,
        )
    except psycopg2.Error as error:
        raise LoadError(f"cannot connect to {server}: {str(error).strip()}") from error


def load(
    raw_path: Path,
    server: Server,
    schema: str = "register",
    tables: Sequence[str] = TABLES,
    quiet: bool = False,
) -> None:
    """Load the tables' Parquet files under raw_path into ``<schema>.<table>`` on server."""
    say: Callable[[str], None] = (lambda _: None) if quiet else progress
    wanted: list[str] = list(dict.fromkeys(tables))
    for table in wanted:  # Fail on a missing folder before touching the database.
        parquet_source(raw_path, table)
    pg = connect(server)
    try:
        with duckdb.connect() as duck:
            for table in wanted:
                load_table(pg, duck, raw_path, schema, table, say)
        analyze(pg, schema, wanted, say)
    finally:
        pg.close()
