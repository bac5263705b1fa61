"""``python -m norway_migration``: the same command line as ``norway-migration``."""

from __future__ import annotations

import sys

from norway_migration.cli import main

sys.exit(main())
