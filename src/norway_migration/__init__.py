"""norway_migration's Python side: the synthetic register, the reference seeds, building and
exporting the warehouse, the report, other engines and the benchmark.

Every part is driven through one command line, ``norway-migration`` (see
:mod:`norway_migration.cli`); the functions behind it are plain and importable.
"""

from __future__ import annotations

__version__ = "0.1.0"
