"""One project, three engines (Spark here; PostgreSQL in test_engines_postgres.py): `dbt
build --target spark` (Spark in local mode inside dbt; Java 17) passes every test that passes
on DuckDB, and the marts and the quarantine it builds are identical to DuckDB's, on the
hand-checkable fixture register and on one year (2015) of the default register.
`make test-spark` runs these and test_engines_spark_incremental.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.python.engine_builds import (
    REGISTERS,
    Build,
    assert_same_results,
    assert_same_tables,
    memoised,
    register_vars,
    spark_dbt_build,
    spark_dir,
)
from tests.python.engines import spark_table
from tests.python.helpers import DbtRun


@pytest.fixture(scope="session")
def spark_build(tmp_path_factory: pytest.TempPathFactory, registers: dict[str, Path]) -> Build:
    """Build with the profile's `spark` target (Spark in local mode inside dbt), each register
    in its own Spark warehouse and metastore."""
    assert shutil.which("java"), "Spark needs Java 17 (`java` is not on PATH)"

    def build(name: str) -> DbtRun:
        folder = tmp_path_factory.mktemp(f"spark_{name}")
        return spark_dbt_build(folder, register_vars(name, registers[name]))

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
