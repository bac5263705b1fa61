"""What one benchmark run is asked for, with the defaults and checks of its options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from norway_migration.paths import BENCH_DIR

CHECK_YEAR = 2015
# Before each timed run, wait until other processes use at most this share of the CPU.
QUIET_SHARE = 0.2


@dataclass(frozen=True)
class BenchOptions:
    """The options of ``norway-migration bench`` (same names, same defaults)."""

    runs: int = 3
    first_year: int = 2005
    last_year: int = 2034
    work_dir: Path = BENCH_DIR / "work"
    out_dir: Path = BENCH_DIR
    max_wait: float = 120.0
    regenerate: bool = False
    quiet: bool = False
    # generator scales of the scaling line (one full build each; 1.0 is the main register)
    scales: tuple[float, ...] = (0.3, 1.0, 3.0)

    def problems(self) -> list[str]:
        """What is wrong with the options (empty when they can run)."""
        found = []
        if self.runs < 1:
            found.append("--runs must be at least 1")
        if any(not 0.01 <= scale <= 10.0 for scale in self.scales):
            found.append("--scales must lie between 0.01 and 10")
        if not self.first_year <= CHECK_YEAR < self.last_year:
            found.append(f"the years must include {CHECK_YEAR} and end after it")
        return found
