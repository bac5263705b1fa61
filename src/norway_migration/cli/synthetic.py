"""``norway-migration generate``: the synthetic national register."""

from __future__ import annotations

import argparse
from pathlib import Path

from norway_migration.cli.common import Commands
from norway_migration.synthetic.options import (
    DEFAULT_FIRST_YEAR,
    DEFAULT_LAST_YEAR,
    DEFAULT_SCALE,
    DEFAULT_SEED,
    MAX_SCALE,
    MIN_SCALE,
    GeneratorOptions,
)

DESCRIPTION = "Generate a synthetic, national-scale Norwegian population register as Parquet."
EPILOG = """output: <out>/migrations/migrations_<year>.parquet, <out>/births/births_<year>.parquet,
<out>/deaths/deaths_<year>.parquet and <out>/population/population_<YYYY-MM-DD>.parquet
(1 January of first..last+1, and 31 December of each year whose next 1 January changes
municipalities). Progress goes to stderr (with a progress bar on a terminal)."""


def register(commands: Commands) -> None:
    defaults = GeneratorOptions()
    parser = commands.add_parser(
        "generate",
        help="generate the synthetic register (Parquet) under data/raw",
        description=DESCRIPTION,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        epilog=EPILOG,
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=defaults.out,
        help="output folder; stale *.parquet in its four table folders are removed first",
    )
    parser.add_argument(
        "--first-year", type=int, default=DEFAULT_FIRST_YEAR, help="first event year"
    )
    parser.add_argument("--last-year", type=int, default=DEFAULT_LAST_YEAR, help="last event year")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--scale",
        type=float,
        default=DEFAULT_SCALE,
        help=f"multiplier for every event volume, {MIN_SCALE}-{MAX_SCALE} (quick tests); the "
        "2015 county table is reproduced exactly only at 1.0, other scales are approximate",
    )
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=defaults.reference_dir,
        help="SSB reference data (population-1-january/, published/, county_names.csv)",
    )
    parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=defaults.seeds_dir,
        help="folder with municipalities.csv and municipality_changes.csv",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(handler=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    options = GeneratorOptions(
        out=args.out,
        first_year=args.first_year,
        last_year=args.last_year,
        seed=args.seed,
        scale=args.scale,
        reference_dir=args.reference_dir,
        seeds_dir=args.seeds_dir,
        quiet=args.quiet,
    )
    for problem in options.problems():
        args.parser.error(problem)

    from norway_migration.progress import Progress
    from norway_migration.synthetic.generate import generate_register
    from norway_migration.synthetic.writer import folder_size

    years = options.last_year - options.first_year + 1
    with Progress(options.quiet, total=years + 1, unit="step") as progress:
        out = generate_register(options, progress)
    if not options.quiet:
        size = folder_size(out) / 1e6
        print(f"wrote {out} ({size:.1f} MB) in {progress.elapsed():.1f}s")
    return 0
