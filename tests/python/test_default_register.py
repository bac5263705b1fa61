"""The warehouse built on the default register reproduces SSB's published 2015 table."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.python.helpers import generate_default_register, run_dbt


def test_dbt_build_on_default_2015_register_reconciles_with_ssb(tmp_path: Path) -> None:
    raw = generate_default_register(tmp_path / "raw", 2015, 2015)
    run = run_dbt(["build"], tmp_path / "default.duckdb", {"raw_path": str(raw)})
    assert run.returncode == 0, run.output
    results = run.results()
    assert results["assert_county_migration_matches_ssb_2015"] == "pass"
    assert results["assert_national_migration_matches_ssb_2015"] == "pass"
    assert results["register_rows_are_all_accounted_for"] == "pass"
    assert results["register_quarantine_is_empty"] == "warn"  # the register has broken rows
    with duckdb.connect(str(run.database), read_only=True) as connection:
        national = connection.execute(
            "select in_migration_total, out_migration_total, net_migration_internal "
            "from marts.mart_national_migration where year = 2015"
        ).fetchone()
    assert national == (212994, 183192, 0)
