"""What the engine tests share: the two registers they build, how a build is compared with
DuckDB's (every node's result, every table of the marts and audit schemas), the fixture
register delivered in two steps, and the dbt command for Spark. The session fixtures built
from these live in ``conftest.py``; the tests in ``test_engines_postgres.py`` and
``test_engines_spark.py`` (two files, so that pytest-xdist can run them on different
workers; every Spark test is in the one file, as its builds share one Spark server).

The two registers: the first delivery of the fixture register (its 2019 files: 27 of its 28
moves, every birth and death, 13 of its 18 population rows), the first of the two builds of
the incremental test, which goes on to the second delivery (2020's files) on the same
warehouse, so one sequence of two builds gives a fresh build of the fixture register's rows
and an incremental one; and one year (2015) of the default register."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tests.python.engines import Table, built_relations, differences, duckdb_table
from tests.python.helpers import PROJECT_ROOT, DbtRun, fixture_vars, once_per_session, run_dbt
from tests.python.register_fixtures import write_register
from tests.python.spark_server import SparkServer

FIRST_DELIVERY = "fixtures_first_delivery"
REGISTERS = [FIRST_DELIVERY, "year_2015"]
COMPARED_SCHEMAS = frozenset({"marts", "audit"})

Built = TypeVar("Built")
Build = Callable[[str], DbtRun]


@dataclass(frozen=True)
class EngineRun:
    """A build on another engine, with the tables of the compared schemas that DuckDB's build
    of the same register has, read at once after it (a later build on the same warehouse
    changes them); none when the build failed."""

    run: DbtRun
    tables: dict[str, Table]


EngineBuild = Callable[[str], EngineRun]
ReadTables = Callable[[list[str]], dict[str, Table]]


def default_vars(raw: Path) -> dict[str, object]:
    """The 2015 register is built with the default vars, so SSB's 2015 table is compared (the
    fixture register covers no published year and is built with `fixture_vars`)."""
    return {"raw_path": str(raw)}


def engine_run(run: DbtRun, reference: DbtRun, read_tables: ReadTables) -> EngineRun:
    return EngineRun(run, read_tables(relations_of(reference)) if run.returncode == 0 else {})


def memoised(build: Callable[[str], Built]) -> Callable[[str], Built]:
    """Build each register once per session, whichever test asks first."""
    runs: dict[str, Built] = {}

    def get(name: str) -> Built:
        if name not in runs:
            runs[name] = build(name)
        return runs[name]

    return get


def assert_same_results(reference: DbtRun, run: DbtRun) -> None:
    """Every node (model, seed, data test, unit test) ends as it did on DuckDB, and none
    errored or failed."""
    expected, actual = reference.results(), run.results()
    assert actual == expected, {
        node: (expected.get(node), actual.get(node))
        for node in expected.keys() | actual.keys()
        if expected.get(node) != actual.get(node)
    }
    assert not {status for status in actual.values()} & {"error", "fail"}, actual


# Tables a register without the optional columns of contract v2 (the fixture register) leaves
# empty; the 2015 register fills them, so they are compared with rows there.
EMPTY_WITHOUT_BIRTH_DATES = frozenset({"audit.register_age_sex_issues"})


def assert_same_tables(reference: DbtRun, read: Callable[[str], Table]) -> None:
    """Every table of the compared schemas equals DuckDB's (and none is empty, but for the
    audit of birth dates on a register that delivers none)."""
    for relation in relations_of(reference):
        expected = duckdb_table(reference.database, relation)
        assert expected.rows or relation in EMPTY_WITHOUT_BIRTH_DATES, (
            f"{relation} is empty: the comparison would prove nothing"
        )
        found = differences(expected, read(relation))
        assert not found, (relation, found)


LOADED_AT_BY_YEAR = "select period_year, max(loaded_at) from {table} group by period_year"


@dataclass(frozen=True)
class Deliveries:
    """The fixture register delivered in two steps (2019's files, then 2020's) to one
    warehouse, with a build after each, and `fct_moves.loaded_at` by year after each."""

    first: EngineRun
    second: EngineRun
    loaded_at_before: dict[int, Any]
    loaded_at_after: dict[int, Any]


def two_deliveries(
    raw: Path,
    build: Callable[[], DbtRun],
    loaded_at_by_year: Callable[[], dict[int, Any]],
    read_tables: ReadTables,
    references: tuple[DbtRun, DbtRun],
) -> Deliveries:
    """Both deliveries and their builds; each build's tables are read as DuckDB's build of
    the same files (references: the first delivery alone, then both) has them."""
    write_register(raw, years={2019})
    first = build()
    assert first.returncode == 0, first.output  # the second build would go on from nothing
    first_run, before = engine_run(first, references[0], read_tables), loaded_at_by_year()
    write_register(raw, years={2020})
    second = build()
    after = loaded_at_by_year() if second.returncode == 0 else {}
    return Deliveries(first_run, engine_run(second, references[1], read_tables), before, after)


def deliveries_reference(name: str, years: list[set[int]], args: list[str]) -> DbtRun:
    """DuckDB's build of the fixture register's deliveries of the given years (once for the
    session's workers)."""

    def build(folder: Path) -> DbtRun:
        raw = folder / "raw"
        for delivery in years:
            write_register(raw, delivery)
        run = run_dbt(args, folder / "warehouse.duckdb", fixture_vars(raw))
        assert run.returncode == 0, run.output
        return run

    return once_per_session(name, build)


def assert_incremental_equals_full(deliveries: Deliveries, full: DbtRun) -> None:
    """The second build is incremental: it leaves fct_moves' 2019 rows as they were and
    reloads 2020 (loaded_at by year), and ends where DuckDB's full build of both deliveries
    ends (every node's result, every compared table)."""
    second = deliveries.second
    assert second.run.returncode == 0, second.run.output
    before, after = deliveries.loaded_at_before, deliveries.loaded_at_after
    assert after[2019] == before[2019], (before, after)
    assert 2020 in after and after[2020] != before.get(2020), (before, after)
    assert_same_results(full, second.run)
    assert_same_tables(full, second.tables.__getitem__)


def relations_of(run: DbtRun) -> list[str]:
    manifest: dict[str, Any] = json.loads((run.target_path / "manifest.json").read_text())
    relations = built_relations(manifest, COMPARED_SCHEMAS)
    assert any(relation.startswith("marts.") for relation in relations), relations
    return relations


def spark_dbt_build(
    server: SparkServer, folder: Path, variables: dict[str, object], fresh: bool = True
) -> DbtRun:
    """`dbt build --target spark` in the session's Spark server (one JVM for all Spark
    builds), on an empty warehouse when `fresh` (else on what the last build left), with
    dbt's files and a copy of the warehouse's tables under folder (`spark_dir(folder)`)."""
    # Four statements at a time: Spark's driver plans one while another waits (fixture
    # register: 220 s instead of 242 s with the profile's two threads); one shuffle partition
    # for these small registers (cold build of the fixture register: 130 s instead of 137 s);
    # the catalog in memory, as every build of the session runs in the server's one
    # SparkSession and no catalog must outlive it (117 s instead of 130 s without the Derby
    # metastore the profile keeps by default for builds outside the tests).
    settings = {
        "NORWAY_MIGRATION_THREADS": "4",
        "NORWAY_MIGRATION_SPARK_SHUFFLE_PARTITIONS": "1",
        "NORWAY_MIGRATION_SPARK_CATALOG": "in-memory",
    }
    tables = spark_dir(folder) / "tables"

    def in_server(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
        assert cwd == PROJECT_ROOT, cwd  # where the server runs
        return server.dbt(args, env, fresh, tables)

    return run_dbt(
        ["build"],
        folder / "spark.duckdb",
        variables,
        target="spark",
        env=settings,
        runner=in_server,
    )


def spark_dir(folder: Path) -> Path:
    """Where spark_dbt_build leaves the copy of the warehouse's tables of a build in folder."""
    return folder / "spark"
