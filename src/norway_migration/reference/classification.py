"""SSB classification 131 (*Standard for kommuneinndeling*): its municipal divisions and change
table, and the rows of four seeds derived from them.

* ``municipalities.csv``: one row per municipality version (code, name, county, validity).
* ``counties.csv``: one row per county version, with the names SSB prints in its tables.
* ``municipality_changes.csv``: one row per edge of SSB's change table, with a change type
  derived from the shape of the change (see ``classify_changes``).
* ``municipal_divisions.csv``: each division's validity and how many codes it lists.

A municipality version is a period in which one code stands for one name and one area:
a new version starts when the code first appears (or reappears after a gap, as when a
code is reused for another area), when its name changes, or when the change table lists
the code as an old code (its area changed, for instance by a merger that kept the code).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

# Codes in the classification that are not municipalities (no area, no county).
SPECIAL_CODES = {"9999": "unknown municipality (Uoppgitt)"}

# County names as SSB prints them in its tables where they differ from the plain name
# (the 2015 county table prints the Sami forms of these two counties).
PRINTED_COUNTY_NAMES = {"19": "Troms Romsa", "20": "Finnmark Finnmárku"}


@dataclass(frozen=True)
class Division:
    valid_from: str
    valid_to: str  # empty string: still valid
    names: dict[str, str]  # code -> name


@dataclass(frozen=True)
class Change:
    change_date: str
    old_code: str
    old_name: str
    new_code: str
    new_name: str


def read_json(path: Path) -> dict:
    if not path.is_file():
        sys.exit(f"seeds: missing input file {path}")
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def load_divisions(klass_dir: Path) -> list[Division]:
    files = sorted(klass_dir.glob("municipal_division_*.json"))
    if not files:
        sys.exit(f"seeds: no municipal_division_*.json files in {klass_dir}")
    divisions = []
    for path in files:
        data = read_json(path)
        names = {item["code"].strip(): item["name"].strip() for item in data["classificationItems"]}
        divisions.append(Division(data["validFrom"], data["validTo"] or "", names))
    divisions.sort(key=lambda division: division.valid_from)
    for before, after in pairwise(divisions):
        if before.valid_to != after.valid_from:
            sys.exit(
                f"seeds: divisions are not contiguous: {before.valid_from} "
                f"ends {before.valid_to}, next starts {after.valid_from}"
            )
    return divisions


def load_changes(klass_dir: Path) -> list[Change]:
    data = read_json(klass_dir / "changes_1971_2024.json")
    changes = {
        Change(
            change_date=row["changeOccurred"],
            old_code=row["oldCode"].strip(),
            old_name=row["oldName"].strip(),
            new_code=row["newCode"].strip(),
            new_name=row["newName"].strip(),
        )
        for row in data["codeChanges"]
    }
    return sorted(changes, key=lambda c: (c.change_date, c.old_code, c.new_code))


def base_name(name: str) -> str:
    """The name without SSB's disambiguating qualifier: ``Vang (Oppland)`` -> ``Vang``.

    Some division files print the qualifier and some do not; that alone is no new version.
    """
    return re.sub(r"\s*\([^)]*\)$", "", name)


def county_of(code: str) -> str:
    return "" if code in SPECIAL_CODES else code[:2]


def build_municipalities(divisions: list[Division], changes: list[Change]) -> list[dict[str, str]]:
    changed_on = {(c.old_code, c.change_date) for c in changes}
    codes = sorted({code for division in divisions for code in division.names})
    rows = []
    for code in codes:
        current: dict[str, str] | None = None
        previous: Division | None = None
        for division in divisions:
            name = division.names.get(code)
            continues = (
                current is not None
                and previous is not None
                and code in previous.names
                and name is not None
                and base_name(name) == base_name(current["municipality_name"])
                and (code, division.valid_from) not in changed_on
            )
            if current is not None and not continues:
                current["valid_to"] = division.valid_from
                rows.append(current)
                current = None
            if name is not None and current is None:
                current = {
                    "municipality_code": code,
                    "municipality_name": name,
                    "county_code": county_of(code),
                    "valid_from": division.valid_from,
                    "valid_to": "",
                }
            elif (
                name is not None
                and current is not None
                and len(name) > len(current["municipality_name"])
            ):
                current["municipality_name"] = name  # keep the qualified form
            previous = division
        if current is not None:
            current["valid_to"] = divisions[-1].valid_to
            rows.append(current)
    return sorted(rows, key=lambda r: (r["municipality_code"], r["valid_from"]))


def build_counties(divisions: list[Division], plain_names: dict[str, str]) -> list[dict[str, str]]:
    spans: dict[str, list[Division]] = defaultdict(list)
    for division in divisions:
        for county in sorted({county_of(code) for code in division.names} - {""}):
            spans[county].append(division)
    rows = []
    for county, covered in sorted(spans.items()):
        if county not in plain_names:
            sys.exit(f"seeds: county {county} has no name in county_names.csv")
        start: Division | None = covered[0]
        for before, after in pairwise([*covered, None]):
            assert before is not None and start is not None  # only the last `after` is None
            if after is None or before.valid_to != after.valid_from:
                rows.append(
                    {
                        "county_code": county,
                        "county_name": PRINTED_COUNTY_NAMES.get(county, plain_names[county]),
                        "valid_from": start.valid_from,
                        "valid_to": before.valid_to,
                    }
                )
                start = after
    return rows


def build_division_counts(divisions: list[Division]) -> list[dict[str, str]]:
    """How many codes (municipalities and special codes) each division file lists."""
    return [
        {
            "division_valid_from": division.valid_from,
            "division_valid_to": division.valid_to,
            "code_count": str(len(division.names)),
        }
        for division in divisions
    ]


def classify_changes(changes: list[Change]) -> list[dict[str, str]]:
    """Name each edge of the change table by the shape of its change on that date.

    * renamed: one old code to the same code, only the name differs;
    * renumbered: one old code to one new code that no other code flows into;
    * merged: the whole old unit became part of a new unit formed from several;
    * split: the old unit was divided and its code did not continue;
    * partial_transfer: the old unit gave part of its area away and its code continued
      (both the edge to the receiving unit and the edge to the continuing code);
    * boundary_change: the code and name are unchanged, yet SSB lists a change.
    """
    out_degree = Counter((c.change_date, c.old_code) for c in changes)
    in_degree = Counter((c.change_date, c.new_code) for c in changes)
    continuing = {(c.change_date, c.old_code) for c in changes if c.old_code == c.new_code}
    rows = []
    for c in changes:
        outs = out_degree[(c.change_date, c.old_code)]
        ins = in_degree[(c.change_date, c.new_code)]
        if outs > 1:
            change_type = (
                "partial_transfer" if (c.change_date, c.old_code) in continuing else "split"
            )
        elif ins > 1:
            change_type = "merged"
        elif c.old_code != c.new_code:
            change_type = "renumbered"
        elif c.old_name != c.new_name:
            change_type = "renamed"
        else:
            change_type = "boundary_change"
        rows.append(
            {
                "change_date": c.change_date,
                "old_code": c.old_code,
                "old_name": c.old_name,
                "new_code": c.new_code,
                "new_name": c.new_name,
                "change_type": change_type,
            }
        )
    return rows


def load_plain_county_names(path: Path) -> dict[str, str]:
    if not path.is_file():
        sys.exit(f"seeds: missing input file {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["county_code"]: row["county_name"] for row in csv.DictReader(handle)}
