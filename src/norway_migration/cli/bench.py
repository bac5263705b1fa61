"""``norway-migration bench``: the national-scale benchmark (issue 7)."""

from __future__ import annotations

import argparse
from pathlib import Path

from norway_migration.bench.options import QUIET_SHARE, BenchOptions
from norway_migration.cli.common import Commands

DESCRIPTION = """Benchmark the warehouse at full national scale over a long span of years: \
generate the register (or reuse it when generated with the same options), time `dbt build \
--full-refresh`, the hand-written floor query and an incremental build, and write \
latest.json and latest.md. Everything goes under --work-dir and --out-dir; it never touches \
the warehouse or data/raw. Progress is a time-stamped log on stdout."""


def register(commands: Commands) -> None:
    defaults = BenchOptions()
    parser = commands.add_parser(
        "bench",
        help="benchmark full and incremental builds against the targets of issue 17",
        description=DESCRIPTION,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=defaults.runs, help="runs of every measure")
    parser.add_argument(
        "--first-year", type=int, default=defaults.first_year, help="first register year"
    )
    parser.add_argument(
        "--last-year", type=int, default=defaults.last_year, help="last register year"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=defaults.work_dir,
        help="register, databases, dbt logs and targets (git-ignored)",
    )
    parser.add_argument(
        "--out-dir", type=Path, default=defaults.out_dir, help="latest.json, latest.md"
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=defaults.max_wait,
        help="seconds to wait before each timed run for other processes to leave the CPU "
        f"idle (below {QUIET_SHARE * 100:.0f}%% of it); 0 measures at once",
    )
    parser.add_argument(
        "--scales",
        type=lambda text: tuple(float(part) for part in text.split(",") if part),
        default=defaults.scales,
        help="generator scales (--scale) of the scaling line, comma-separated: one full build "
        "of each register (1.0 reuses the main runs' median); empty for none",
    )
    parser.add_argument(
        "--regenerate", action="store_true", help="generate the register even if complete"
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="print only warnings and failures (not the progress log or the results)",
    )
    parser.set_defaults(handler=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    options = BenchOptions(
        runs=args.runs,
        first_year=args.first_year,
        last_year=args.last_year,
        work_dir=args.work_dir,
        out_dir=args.out_dir,
        max_wait=args.max_wait,
        regenerate=args.regenerate,
        quiet=args.quiet,
        scales=args.scales,
    )
    for problem in options.problems():
        args.parser.error(problem)

    from norway_migration.bench.run import run_benchmark

    return run_benchmark(options)
