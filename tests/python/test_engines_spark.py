"""One project, three engines (Spark here; PostgreSQL in test_engines_postgres.py): `dbt
build --target spark` (Spark in local mode inside dbt; Java 17) passes every test that passes
on DuckDB, and the marts and the quarantine it builds are identical to DuckDB's, on the
hand-checkable fixture register and on one year (2015) of the default register; and the
fixture register delivered in two steps ends where DuckDB's full build of it ends.

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
    LOADED_AT_BY_YEAR,
    REGISTERS,
    Build,
    assert_same_results,
    assert_same_tables,
    memoised,
    register_vars,
    spark_dbt_build,
    spark_dir,
    two_deliveries,
)
from tests.python.engines import spark_query, spark_table
from tests.python.helpers import PROJECT_ROOT, DbtRun, fixture_vars
from tests.python.spark_server import SparkServer


@pytest.fixture(scope="module")
def spark_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkServer]:
    assert shutil.which("java"), "Spark needs Java 17 (`java` is not on PATH)"
    server = SparkServer(tmp_path_factory.mktemp("spark_server"), PROJECT_ROOT, dict(os.environ))
    yield server
    server.close()


@pytest.fixture(scope="module")
def spark_build(
    tmp_path_factory: pytest.TempPathFactory,
    registers: dict[str, Path],
    spark_server: SparkServer,
) -> Build:
    """Build with the profile's `spark` target (Spark in local mode inside dbt), each register
    on an empty warehouse and metastore."""

    def build(name: str) -> DbtRun:
        folder = tmp_path_factory.mktemp(f"spark_{name}")
        return spark_dbt_build(spark_server, folder, register_vars(name, registers[name]))

    return memoised(build)


@pytest.mark.spark
@pytest.mark.parametrize("register", REGISTERS)
def test_spark_build_passes_every_test(
    register: str, spark_build: Build, duckdb_build: Build
) -> None:
    run = spark_build(register)
    assert run.returncode == 0, run.output
    assert_same_results(duckdb_build(register), run)


@pytest.mark.spark
@pytest.mark.parametrize("register", REGISTERS)
def test_spark_marts_equal_duckdb(register: str, spark_build: Build, duckdb_build: Build) -> None:
    reference, run = duckdb_build(register), spark_build(register)
    assert run.returncode == 0, run.output
    assert_same_tables(reference, lambda relation: spark_table(spark_dir(run), relation))


@pytest.mark.spark
def test_spark_incremental_build_equals_a_full_build(
    tmp_path: Path, two_deliveries_reference: DbtRun, spark_server: SparkServer
) -> None:
    """Spark replaces the rebuilt years' partitions (insert_overwrite) where the other
    engines delete and insert: the second delivery must still end where a full build ends."""
    raw = tmp_path / "raw"
    builds = iter([True, False])  # the first on an empty warehouse, the second on its result

    def build() -> DbtRun:
        return spark_dbt_build(spark_server, tmp_path, fixture_vars(raw), fresh=next(builds))

    def loaded_at_by_year() -> dict[int, Any]:
        fct_moves = spark_query(tmp_path / "spark", "marts.fct_moves", LOADED_AT_BY_YEAR)
        return dict(fct_moves.fetchall())

    run = two_deliveries(raw, build, loaded_at_by_year)
    assert_same_results(two_deliveries_reference, run)
    assert_same_tables(
        two_deliveries_reference, lambda relation: spark_table(spark_dir(run), relation)
    )
