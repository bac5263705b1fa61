"""Write the reference seeds from SSB classification 131 and SSB's published county tables,
byte-identically on every run (``norway-migration seeds``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from norway_migration.reference.classification import (
    build_counties,
    build_division_counts,
    build_municipalities,
    classify_changes,
    load_changes,
    load_divisions,
    load_plain_county_names,
)
from norway_migration.reference.countries import COLUMNS as COUNTRY_COLUMNS
from norway_migration.reference.countries import build_countries
from norway_migration.reference.published import COLUMNS as PUBLISHED_COLUMNS
from norway_migration.reference.published import build_published


def render_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write(path: Path, rows: list[dict[str, str]], columns: list[str], quiet: bool = False) -> None:
    path.write_text(render_csv(rows, columns), encoding="utf-8", newline="")
    if not quiet:
        print(f"wrote {len(rows):>5} rows to {path}")


def build_seeds(
    reference_dir: Path, klass_dir: Path | None, out_dir: Path, quiet: bool = False
) -> None:
    """Derive every seed from ``reference_dir`` (classification 131 from ``klass_dir``, by
    default ``<reference_dir>/klass-131``) and write them to ``out_dir``."""
    klass_dir = klass_dir or reference_dir / "klass-131"
    divisions = load_divisions(klass_dir)
    changes = load_changes(klass_dir)
    municipalities = build_municipalities(divisions, changes)
    counties = build_counties(
        divisions, load_plain_county_names(reference_dir / "county_names.csv")
    )
    change_rows = classify_changes(changes)
    published = build_published(reference_dir / "published", counties)
    out = out_dir
    out.mkdir(parents=True, exist_ok=True)
    write(
        out / "municipalities.csv",
        municipalities,
        ["municipality_code", "municipality_name", "county_code", "valid_from", "valid_to"],
        quiet,
    )
    write(
        out / "counties.csv",
        counties,
        ["county_code", "county_name", "valid_from", "valid_to"],
        quiet,
    )
    write(
        out / "municipality_changes.csv",
        change_rows,
        ["change_date", "old_code", "old_name", "new_code", "new_name", "change_type"],
        quiet,
    )
    write(
        out / "municipal_divisions.csv",
        build_division_counts(divisions),
        ["division_valid_from", "division_valid_to", "code_count"],
        quiet,
    )
    write(out / "published_county_migration.csv", published, list(PUBLISHED_COLUMNS), quiet)
    write(out / "countries.csv", build_countries(), COUNTRY_COLUMNS, quiet)
