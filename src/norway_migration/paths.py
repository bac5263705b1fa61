"""Where the project's files are: the defaults every command takes from the project root.

The project root is the checkout that holds this package (``src/norway_migration`` in it), as
``pip install -e .`` installs it; a copy of the package installed elsewhere (no
``dbt_project.yml`` two folders up) takes the current directory as the project root instead.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _project_root() -> Path:
    checkout = PACKAGE_DIR.parents[1]
    return checkout if (checkout / "dbt_project.yml").is_file() else Path.cwd()


PROJECT_ROOT = _project_root()
# ../shared/reference beside the project: SSB's classification 131, StatBank tables.
REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference"
SEEDS_DIR = PROJECT_ROOT / "seeds"
RAW_DIR = PROJECT_ROOT / "data" / "raw"
WAREHOUSE_DIR = PROJECT_ROOT / "warehouse"
TARGET_DIR = PROJECT_ROOT / "target"
BENCH_DIR = PROJECT_ROOT / "bench"
# Municipality positions for the generator's distance decay (norway-migration seeds
# --cities-json writes it; package data, so the generator finds it installed too).
LOCATIONS_FILE = PACKAGE_DIR / "synthetic" / "municipality_locations.csv"
# The environment variable profiles.yml reads for the DuckDB warehouse file.
DATABASE_ENV_VAR = "NORWAY_MIGRATION_DB"
