"""The command line, ``norway-migration``: one subcommand per job, each with ``--help``.

The layer is thin: each subcommand's module (``synthetic``, ``reference``, ``warehouse``,
``publish``, ``engines``, ``bench``) declares its options with the standard library's argparse
and calls plain functions of the package. Heavy libraries (numpy, DuckDB, psycopg2) are
imported only by the subcommand that runs, so ``--help`` is quick and needs no extra.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from norway_migration import __version__
from norway_migration.cli import bench, engines, publish, reference, synthetic, warehouse

PROG = "norway-migration"
# Each module adds its subcommands, in the order --help lists them.
MODULES = (synthetic, reference, warehouse, publish, engines, bench)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The Python side of the norway_migration warehouse: the synthetic "
        "register, the reference seeds, building, exporting and reporting on the warehouse, "
        "other engines and the benchmark. Run from anywhere: defaults are the project's own "
        "folders.",
        epilog=f"`{PROG} COMMAND --help` documents each command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its exit status.

    Arguments after the first ``--`` are handed, untouched, to a subcommand that passes them
    on (``build`` gives them to ``dbt build``); any other subcommand rejects them.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    own, passthrough = arguments, []
    if "--" in arguments:
        split = arguments.index("--")
        own, passthrough = arguments[:split], arguments[split + 1 :]
    parser = build_parser()
    args = parser.parse_args(own)
    if passthrough and not getattr(args, "passthrough", False):
        parser.error(f"unrecognized arguments: -- {' '.join(passthrough)}")
    args.extra = passthrough
    status: int = args.handler(args)
    return status
