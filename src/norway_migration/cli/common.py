"""What the command modules share."""

from __future__ import annotations

import argparse
from typing import TypeAlias

# The object argparse's add_subparsers returns; each command module adds its parsers to it.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
