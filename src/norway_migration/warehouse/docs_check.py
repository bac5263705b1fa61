"""Fail when any part of the dbt project lacks a description.

Reads the manifest (and, when given, the catalog) that ``dbt docs generate`` writes and
lists every gap of the root project:

* models, seeds, snapshots and analyses without a description, and their columns: every
  column of the YAML and, with ``--catalog``, every column of the built relation;
* sources and their tables and columns (catalog columns too, where the catalog has them);
* macros, including generic tests (``test_*``) and adapter implementations, and every
  argument of their signature (documented in ``macros/_macros.yml``);
* singular data tests (described in ``tests/dbt/_tests.yml``) and unit tests;
* exposures, semantic models (and their dimensions and measures), metrics and saved
  queries.

Exit status 0 when nothing is missing, 1 (listing each gap) otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from norway_migration.paths import TARGET_DIR

DEFAULT_MANIFEST = TARGET_DIR / "manifest.json"

RELATION_TYPES = ("model", "seed", "snapshot")
DESCRIBED_NODE_TYPES = (*RELATION_TYPES, "analysis")
SIGNATURE = re.compile(r"{%-?\s*(?:macro|test)\s+(\w+)\s*\((.*?)\)\s*-?%}", re.DOTALL)

Json = Mapping[str, Any]


@dataclass(frozen=True, order=True)
class Gap:
    """One thing without a description."""

    resource_type: str
    name: str
    detail: str = ""

    def __str__(self) -> str:
        where = f"{self.resource_type} {self.name}"
        return f"{where}: {self.detail}" if self.detail else f"{where}: no description"


def is_blank(text: object) -> bool:
    """True when a description is missing or only whitespace."""
    return not isinstance(text, str) or not text.strip()


def load_json(path: Path) -> Json:
    """Read one dbt artifact."""
    with path.open(encoding="utf-8") as handle:
        data: Json = json.load(handle)
    return data


def project_name(manifest: Json) -> str:
    """The root project's name, from the manifest's metadata."""
    name = manifest.get("metadata", {}).get("project_name")
    if not name:
        raise SystemExit("manifest has no metadata.project_name: is it a dbt manifest?")
    return str(name)


def own(resources: Mapping[str, Json], package: str) -> Iterator[Json]:
    """Resources of the root project, in a stable order."""
    for unique_id in sorted(resources):
        if resources[unique_id].get("package_name") == package:
            yield resources[unique_id]


def column_gaps(
    resource_type: str, name: str, yaml_columns: Json, catalog_columns: Iterable[str]
) -> Iterator[Gap]:
    """Undescribed YAML columns, and relation columns the YAML does not describe."""
    described = {
        column_name.lower()
        for column_name, column in yaml_columns.items()
        if not is_blank(column.get("description"))
    }
    for column_name in yaml_columns:
        if column_name.lower() not in described:
            yield Gap(resource_type, name, f"column {column_name} has no description")
    for column_name in catalog_columns:
        if column_name.lower() not in {key.lower() for key in yaml_columns}:
            yield Gap(
                resource_type, name, f"column {column_name} (in the relation) is not documented"
            )


def catalog_columns(catalog: Json | None, section: str, unique_id: str) -> list[str]:
    """Column names of one built relation in the catalog (none without a catalog)."""
    if catalog is None:
        return []
    entry = catalog.get(section, {}).get(unique_id)
    if entry is None:
        return []
    return list(entry.get("columns", {}))


def node_gaps(manifest: Json, catalog: Json | None, package: str) -> Iterator[Gap]:
    """Models, seeds, snapshots, analyses and their columns; singular data tests."""
    for node in own(manifest.get("nodes", {}), package):
        resource_type = node["resource_type"]
        if resource_type == "test":
            if node.get("test_metadata") is None and is_blank(node.get("description")):
                yield Gap("singular test", node["name"])
            continue
        if resource_type not in DESCRIBED_NODE_TYPES:
            continue
        if is_blank(node.get("description")):
            yield Gap(resource_type, node["name"])
        if resource_type in RELATION_TYPES:
            built = catalog_columns(catalog, "nodes", node["unique_id"])
            yield from column_gaps(resource_type, node["name"], node.get("columns", {}), built)


def source_gaps(manifest: Json, catalog: Json | None, package: str) -> Iterator[Gap]:
    """Sources (once each), their tables and columns."""
    seen: set[str] = set()
    for table in own(manifest.get("sources", {}), package):
        source_name = table["source_name"]
        if source_name not in seen and is_blank(table.get("source_description")):
            yield Gap("source", source_name)
        seen.add(source_name)
        name = f"{source_name}.{table['name']}"
        if is_blank(table.get("description")):
            yield Gap("source table", name)
        built = catalog_columns(catalog, "sources", table["unique_id"])
        yield from column_gaps("source table", name, table.get("columns", {}), built)


def signature_arguments(macro_sql: str) -> list[str]:
    """Argument names of a macro's or generic test's signature, defaults dropped."""
    match = SIGNATURE.search(macro_sql)
    if match is None:
        return []
    names = []
    for part in split_top_level(match.group(2)):
        name = part.split("=", 1)[0].strip()
        if name and not name.startswith("*"):
            names.append(name)
    return names


def split_top_level(arguments: str) -> list[str]:
    """Split a signature at commas that are not inside brackets or quotes."""
    parts: list[str] = []
    depth, quote, current = 0, "", ""
    for char in arguments:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    return [*parts, current]


def macro_gaps(manifest: Json, package: str) -> Iterator[Gap]:
    """Macros without a description, and signature arguments without one."""
    for macro in own(manifest.get("macros", {}), package):
        name = macro["name"]
        if is_blank(macro.get("description")):
            yield Gap("macro", name)
        documented = {
            argument["name"]: argument.get("description") for argument in macro.get("arguments", [])
        }
        for argument in signature_arguments(macro.get("macro_sql", "")):
            if is_blank(documented.get(argument)):
                yield Gap("macro", name, f"argument {argument} has no description")
        for argument, description in documented.items():
            if is_blank(description):
                yield Gap("macro", name, f"argument {argument} has no description")


def unit_test_gaps(manifest: Json, package: str) -> Iterator[Gap]:
    """Unit tests without a description."""
    for unit_test in own(manifest.get("unit_tests", {}), package):
        if is_blank(unit_test.get("description")):
            yield Gap("unit test", unit_test["name"])


def semantic_gaps(manifest: Json, package: str) -> Iterator[Gap]:
    """Exposures, metrics, saved queries, semantic models and their dimensions/measures."""
    for section, resource_type in (
        ("exposures", "exposure"),
        ("metrics", "metric"),
        ("saved_queries", "saved query"),
        ("semantic_models", "semantic model"),
    ):
        for resource in own(manifest.get(section, {}), package):
            if is_blank(resource.get("description")):
                yield Gap(resource_type, resource["name"])
            for part in ("dimensions", "measures"):
                for element in resource.get(part) or []:
                    if is_blank(element.get("description")):
                        detail = f"{part[:-1]} {element['name']} has no description"
                        yield Gap(resource_type, resource["name"], detail)


def find_gaps(manifest: Json, catalog: Json | None = None) -> list[Gap]:
    """Every gap of the root project, sorted and without repeats."""
    package = project_name(manifest)
    gaps = {
        *node_gaps(manifest, catalog, package),
        *source_gaps(manifest, catalog, package),
        *macro_gaps(manifest, package),
        *unit_test_gaps(manifest, package),
        *semantic_gaps(manifest, package),
    }
    return sorted(gaps)


def check_docs(manifest_path: Path, catalog_path: Path | None = None) -> int:
    """Print every gap (one a line) and a summary; 1 when something is missing, else 0."""
    manifest = load_json(manifest_path)
    catalog = load_json(catalog_path) if catalog_path else None
    gaps = find_gaps(manifest, catalog)
    for gap in gaps:
        print(gap)
    checked = "manifest and catalog" if catalog else "manifest"
    if gaps:
        print(f"{len(gaps)} documentation gap(s) in the {checked}.", file=sys.stderr)
        return 1
    print(f"Documentation complete ({checked}).")
    return 0
