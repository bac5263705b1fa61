"""The warehouse's own generic tests pass on good data and fail on bad data.

tests/generic_tests_project is a tiny dbt project with the warehouse's macros and seeds of
good and bad data; every test named good_* must pass and every bad_* must fail.
"""

from __future__ import annotations

from pathlib import Path

from tests.python.helpers import PROJECT_ROOT, run_dbt

GENERIC_TESTS = [
    "mutually_exclusive_ranges",
    "valid_on_date",
    "range_within_parent",
    "ended_versions_have_successor",
    "matches_pattern",
    "sums_to_zero",
    "sums_to",
    "equal_sums",
    "expression_is_true",
    "share_at_most",
    "matches_sum_of",
    "matches_sum_of_at_most",
    "unique_combination",
    "zero_where_group_sums_to_zero",
    "contains_each_row_once",
]


def test_generic_tests_pass_on_good_and_fail_on_bad_data(tmp_path: Path) -> None:
    run = run_dbt(
        ["build"],
        tmp_path / "generic_tests.duckdb",
        project_dir=PROJECT_ROOT / "tests" / "generic_tests_project",
    )
    results = run.results()
    for name in GENERIC_TESTS:
        assert results[f"good_{name}"] == "pass", (name, run.output)
        assert results[f"bad_{name}"] == "fail", (name, run.output)
    macros = {
        path.stem.removeprefix("test_") for path in (PROJECT_ROOT / "macros").glob("*/test_*.sql")
    }
    covered = set(GENERIC_TESTS)
    assert macros <= covered, f"generic tests without a good/bad fixture: {macros - covered}"
