"""One project, three engines (Spark here; PostgreSQL in test_engines_postgres.py): `dbt
build --target spark` (Spark in local mode inside dbt; Java 17) passes every test that passes
on DuckDB, and the marts and the quarantine it builds are identical to DuckDB's, on the first
delivery of the hand-checkable fixture register and on one year (2015) of the default
register; and the fixture register's second delivery, built incrementally on the first, ends
where DuckDB's full build of both ends (engine_builds.py).

Every build runs in one Spark server for the module (spark_server.py: one JVM, each fresh
build on an empty warehouse), so the tests share this file and its pytest-xdist worker.
`make test-spark` runs them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.python.engine_builds import (
    FIRST_DELIVERY,
    LOADED_AT_BY_YEAR,
    REGISTERS,
    Build,
    Deliveries,
    EngineBuild,
    EngineRun,
    ReadTables,
    assert_incremental_equals_full,
    assert_same_results,
    assert_same_tables,
    default_vars,
    engine_run,
    memoised,
    spark_dbt_build,
    spark_dir,
    two_deliveries,
)
from tests.python.engines import Table, spark_query, spark_table
from tests.python.helpers import PROJECT_ROOT, DbtRun, fixture_vars
from tests.python.spark_server import SparkServer


@pytest.fixture(scope="module")
def spark_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkServer]:
    assert shutil.which("java"), "Spark needs Java 17 (`java` is not on PATH)"
    server = SparkServer(tmp_path_factory.mktemp("spark_server"), PROJECT_ROOT, dict(os.environ))
    yield server
    server.close()


def spark_tables(folder: Path) -> ReadTables:
    """Read the tables of the Spark warehouse whose copy spark_dbt_build left under folder."""

    def read(relations: list[str]) -> dict[str, Table]:
        return {relation: spark_table(spark_dir(folder), relation) for relation in relations}

    return read


@pytest.fixture(scope="module")
def spark_deliveries(
    tmp_path_factory: pytest.TempPathFactory,
    spark_server: SparkServer,
    first_delivery_reference: DbtRun,
    two_deliveries_reference: DbtRun,
) -> Deliveries:
    """The fixture register's two deliveries, the first on an empty warehouse and metastore,
    the second on what the first left."""
    folder = tmp_path_factory.mktemp("spark_deliveries")
    raw, fresh = folder / "raw", iter([True, False])

    def build() -> DbtRun:
        return spark_dbt_build(spark_server, folder, fixture_vars(raw), fresh=next(fresh))

    def loaded_at_by_year() -> dict[int, Any]:
        return dict(spark_query(spark_dir(folder), "marts.fct_moves", LOADED_AT_BY_YEAR).fetchall())

    references = (first_delivery_reference, two_deliveries_reference)
    return two_deliveries(raw, build, loaded_at_by_year, spark_tables(folder), references)


@pytest.fixture(scope="module")
def spark_build(
    tmp_path_factory: pytest.TempPathFactory,
    register_2015: Path,
    spark_server: SparkServer,
    duckdb_build: Build,
    request: pytest.FixtureRequest,
) -> EngineBuild:
    """Build with the profile's `spark` target (Spark in local mode inside dbt), each register
    on an empty warehouse and metastore (the first delivery: as the first of the two)."""

    def build(name: str) -> EngineRun:
        if name == FIRST_DELIVERY:
            deliveries: Deliveries = request.getfixturevalue("spark_deliveries")
            return deliveries.first
        folder = tmp_path_factory.mktemp(f"spark_{name}")
        run = spark_dbt_build(spark_server, folder, default_vars(register_2015))
        return engine_run(run, duckdb_build(name), spark_tables(folder))

    return memoised(build)


@pytest.mark.spark
@pytest.mark.parametrize("register", REGISTERS)
def test_spark_build_passes_every_test(
    register: str, spark_build: EngineBuild, duckdb_build: Build
) -> None:
    run = spark_build(register).run
    assert run.returncode == 0, run.output
    assert_same_results(duckdb_build(register), run)


@pytest.mark.spark
@pytest.mark.parametrize("register", REGISTERS)
def test_spark_marts_equal_duckdb(
    register: str, spark_build: EngineBuild, duckdb_build: Build
) -> None:
    built: EngineRun = spark_build(register)
    assert built.run.returncode == 0, built.run.output
    assert_same_tables(duckdb_build(register), built.tables.__getitem__)


@pytest.mark.spark
def test_spark_incremental_build_equals_a_full_build(
    spark_deliveries: Deliveries, two_deliveries_reference: DbtRun
) -> None:
    """Spark replaces the rebuilt years' partitions (insert_overwrite) where the other
    engines delete and insert: the second delivery must still end where a full build ends."""
    assert_incremental_equals_full(spark_deliveries, two_deliveries_reference)
