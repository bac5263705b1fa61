"""The reference seeds are reproducible and their tests catch a corrupted row."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.python.helpers import NORWAY_MIGRATION, PROJECT_ROOT, run_dbt

SEEDS = [
    "municipalities.csv",
    "counties.csv",
    "municipality_changes.csv",
    "municipal_divisions.csv",
    "published_county_migration.csv",
    "countries.csv",
]


def test_seed_script_regenerates_identical_csvs(tmp_path: Path) -> None:
    subprocess.run(
        [NORWAY_MIGRATION, "seeds", "--out-dir", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in SEEDS:
        assert (tmp_path / name).read_bytes() == (PROJECT_ROOT / "seeds" / name).read_bytes(), name


def test_seed_script_names_a_missing_input(tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            NORWAY_MIGRATION,
            "seeds",
            "--reference-dir",
            str(tmp_path / "nowhere"),
            "--out-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0
    assert str(tmp_path / "nowhere") in completed.stderr


def copy_project(destination: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".venv", "target", "warehouse", "data", "logs", ".git", "*.duckdb"
    )
    shutil.copytree(PROJECT_ROOT, destination, ignore=ignore)
    return destination


def test_overlapping_municipality_version_fails_the_named_test(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    seed = project / "seeds" / "municipalities.csv"
    with seed.open("a", encoding="utf-8") as handle:
        handle.write("0301,Oslo,03,2000-01-01,2001-01-01\n")  # overlaps the open Oslo version
    run = run_dbt(
        ["build", "--select", "municipalities"], tmp_path / "corrupt.duckdb", project_dir=project
    )
    assert run.returncode != 0
    failed = {name for name, status in run.results().items() if status == "fail"}
    assert any(name.startswith("mutually_exclusive_ranges_municipalities") for name in failed), (
        failed
    )


def test_reference_data_tests_pass_and_are_listed(tmp_path: Path) -> None:
    run = run_dbt(
        ["build", "--select", "resource_type:seed", "--indirect-selection", "cautious"],
        tmp_path / "seeds.duckdb",
    )
    assert run.returncode == 0, run.output
    listed = run_dbt(
        ["ls", "--resource-type", "test", "--select", "municipalities"], tmp_path / "seeds.duckdb"
    )
    for name in (
        "mutually_exclusive_ranges_municipalities",
        "ended_versions_have_successor",
        "range_within_parent_municipalities",
        "matches_pattern_municipalities",
    ):
        assert name in listed.output, name
