"""What one run of the generator is asked for, with the defaults and checks of its options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from norway_migration.paths import RAW_DIR, REFERENCE_DIR, SEEDS_DIR

MIN_SCALE, MAX_SCALE = 0.01, 10.0
DEFAULT_FIRST_YEAR = 2015
DEFAULT_LAST_YEAR = 2024
DEFAULT_SEED = 20151231
DEFAULT_SCALE = 1.0


@dataclass(frozen=True)
class GeneratorOptions:
    """The options of ``norway-migration generate`` (same names, same defaults)."""

    out: Path = RAW_DIR
    first_year: int = DEFAULT_FIRST_YEAR
    last_year: int = DEFAULT_LAST_YEAR
    seed: int = DEFAULT_SEED
    scale: float = DEFAULT_SCALE
    reference_dir: Path = REFERENCE_DIR
    seeds_dir: Path = SEEDS_DIR
    quiet: bool = False

    def problems(self) -> list[str]:
        """What is wrong with the options (empty when they can run)."""
        found = []
        if self.first_year > self.last_year:
            found.append("--first-year must not be after --last-year")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            found.append(f"--scale must be between {MIN_SCALE} and {MAX_SCALE}")
        return found
