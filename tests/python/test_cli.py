"""The command line, `norway-migration`: every subcommand is listed and documented, runs
without the optional extras for `--help`, and rejects what it cannot use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.python.helpers import PROJECT_ROOT, run_cli

SUBCOMMANDS = {
    "generate": ("--out", "--first-year", "--last-year", "--seed", "--scale", "--quiet"),
    "seeds": ("--reference-dir", "--klass-dir", "--out-dir", "--quiet"),
    "build": ("--database", "--full-refresh", "--dbt", "--quiet", "-- DBT_ARGS"),
    "export": ("--database", "--out", "--format", "--quiet"),
    "check-docs": ("--manifest", "--catalog"),
    "report": ("--database", "--out"),
    "postgres": ("start", "stop", "load"),
    "bench": (
        "--runs",
        "--first-year",
        "--last-year",
        "--work-dir",
        "--out-dir",
        "--scales",
        "--quiet",
    ),
}
POSTGRES = {
    "start": ("--data-dir", "--port"),
    "stop": ("--data-dir", "--remove"),
    "load": ("--raw-path", "--host", "--port", "--user", "--dbname", "--schema", "--tables"),
}


def test_help_lists_every_subcommand() -> None:
    completed = run_cli("--help")
    assert completed.returncode == 0, completed.stderr
    for name in SUBCOMMANDS:
        assert f"    {name} " in completed.stdout or f"    {name}\n" in completed.stdout, name


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_subcommand_documents_its_options(name: str) -> None:
    completed = run_cli(name, "--help")
    assert completed.returncode == 0, completed.stderr
    for option in SUBCOMMANDS[name]:
        assert option in completed.stdout, (name, option)


@pytest.mark.parametrize("action", sorted(POSTGRES))
def test_postgres_actions_document_their_options(action: str) -> None:
    """psycopg2 is an extra: `--help` works without importing it."""
    completed = run_cli("postgres", action, "--help")
    assert completed.returncode == 0, completed.stderr
    for option in POSTGRES[action]:
        assert option in completed.stdout, (action, option)


def test_defaults_are_the_project_folders_wherever_it_runs() -> None:
    completed = run_cli("generate", "--help", cwd=PROJECT_ROOT.parent)
    assert completed.returncode == 0, completed.stderr
    assert str(PROJECT_ROOT / "data" / "raw") in completed.stdout
    assert str(PROJECT_ROOT / "seeds") in completed.stdout


def test_python_dash_m_is_the_same_command_line() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "norway_migration", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "check-docs" in completed.stdout


def test_arguments_after_double_dash_only_for_build() -> None:
    completed = run_cli("report", "--", "--vars", "{}")
    assert completed.returncode == 2
    assert "unrecognized arguments: -- --vars {}" in completed.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("generate", "--first-year", "2020", "--last-year", "2019"), "--first-year must not"),
        (("generate", "--scale", "20"), "--scale must be between 0.01 and 10.0"),
        (("bench", "--runs", "0"), "--runs must be at least 1"),
        (("bench", "--first-year", "2016"), "the years must include 2015"),
        (("bench", "--scales", "0.3,20"), "--scales must lie between 0.01 and 10"),
        (("export", "--format", "xlsx"), "unknown format(s) xlsx"),
        (("postgres", "load", "--raw-path", "x", "--tables", "people"), "invalid choice"),
    ],
)
def test_bad_options_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    completed = run_cli(*args)
    assert completed.returncode == 2
    assert message in completed.stderr


def test_no_subcommand_is_a_usage_error() -> None:
    completed = run_cli()
    assert completed.returncode == 2
    assert "COMMAND" in completed.stderr
