"""``norway-migration seeds``: the reference seeds from SSB classification 131."""

from __future__ import annotations

import argparse
from pathlib import Path

from norway_migration.cli.common import Commands
from norway_migration.paths import REFERENCE_DIR, SEEDS_DIR


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "seeds",
        help="regenerate the reference seeds in seeds/ from SSB classification 131",
        description="Derive the reference seeds from SSB classification 131 (Standard for "
        "kommuneinndeling) and SSB's published county tables (every "
        "published/county_migration_<year>.csv), byte-identically on every run.",
    )
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=REFERENCE_DIR,
        help="folder holding klass-131/, published/ and county_names.csv "
        "(default: ../shared/reference beside the project)",
    )
    parser.add_argument(
        "--klass-dir",
        type=Path,
        default=None,
        help="folder with SSB classification 131 files (default: <reference-dir>/klass-131)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=SEEDS_DIR,
        help="where the seed CSVs are written (default: seeds/)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print nothing but errors (not the rows written)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from norway_migration.reference.seeds import build_seeds

    build_seeds(args.reference_dir, args.klass_dir, args.out_dir, args.quiet)
    return 0
