"""Spark's incremental build (its own file, so that pytest-xdist can run it beside the full
Spark builds of test_engines_spark.py): the fixture register delivered in two steps ends where
DuckDB's full build of it ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.python.engine_builds import (
    LOADED_AT_BY_YEAR,
    assert_same_results,
    assert_same_tables,
    spark_dbt_build,
    two_deliveries,
)
from tests.python.engines import spark_query, spark_table
from tests.python.helpers import DbtRun, fixture_vars


@pytest.mark.spark
def test_spark_incremental_build_equals_a_full_build(
    tmp_path: Path, two_deliveries_reference: DbtRun
) -> None:
    """Spark replaces the rebuilt years' partitions (insert_overwrite) where the other
    engines delete and insert: the second delivery must still end where a full build ends."""
    raw = tmp_path / "raw"

    def build() -> DbtRun:
        return spark_dbt_build(tmp_path, fixture_vars(raw))

    def loaded_at_by_year() -> dict[int, Any]:
        fct_moves = spark_query(tmp_path / "spark", "marts.fct_moves", LOADED_AT_BY_YEAR)
        return dict(fct_moves.fetchall())

    run = two_deliveries(raw, build, loaded_at_by_year)
    assert_same_results(two_deliveries_reference, run)
    assert_same_tables(
        two_deliveries_reference, lambda relation: spark_table(tmp_path / "spark", relation)
    )
