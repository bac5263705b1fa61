"""Progress of long-running commands: time-stamped messages and, on a terminal, a bar (tqdm).

Messages go to stderr as they always have (``[  12.3s] 2015 migrations: 378,112 rows``), so a
log file reads the same with or without a terminal; the bar is drawn only when stderr is a
terminal. ``quiet`` silences both.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import NoReturn

from tqdm import tqdm


class Progress:
    """Elapsed-time messages on stderr, with a progress bar over ``total`` steps on a tty."""

    def __init__(self, quiet: bool, total: int | None = None, unit: str = "step") -> None:
        self.quiet = quiet
        self.start = time.perf_counter()
        self.bar: tqdm[NoReturn] | None = None
        if not quiet and total is not None:
            # disable=None: no bar when stderr is not a terminal (CI logs, pipes).
            bar = tqdm(total=total, unit=unit, file=sys.stderr, disable=None)
            self.bar = None if bar.disable else bar

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        line = f"[{self.elapsed():6.1f}s] {message}"
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)

    def advance(self, steps: int = 1) -> None:
        """Move the bar on by ``steps`` (nothing without a bar)."""
        if self.bar is not None:
            self.bar.update(steps)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
