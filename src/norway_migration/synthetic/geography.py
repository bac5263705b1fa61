"""Municipal divisions and boundary changes, read from the project's reference seeds, and
where each municipality lies (``municipality_locations.csv``: GeoNames' places, written by
``norway-migration seeds --cities-json``) for the distance decay of the flows."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from norway_migration.paths import LOCATIONS_FILE

UNKNOWN_CODE = "9999"

# Rough county centroids (latitude, longitude) for the distance decay of the gravity seed.
COUNTY_CENTROIDS: dict[str, tuple[float, float]] = {
    "01": (59.3, 11.2),
    "02": (59.95, 11.0),
    "03": (59.91, 10.75),
    "04": (61.3, 11.5),
    "05": (61.3, 9.6),
    "06": (60.2, 9.4),
    "07": (59.2, 10.2),
    "08": (59.4, 8.6),
    "09": (58.8, 8.2),
    "10": (58.3, 7.5),
    "11": (58.9, 5.9),
    "12": (60.3, 5.8),
    "14": (61.4, 6.4),
    "15": (62.6, 7.2),
    "16": (63.2, 10.3),
    "17": (64.2, 11.6),
    "18": (67.0, 14.5),
    "19": (69.3, 19.0),
    "20": (70.0, 24.5),
    "30": (59.8, 10.3),
    "31": (59.3, 11.2),
    "32": (59.95, 11.0),
    "33": (60.2, 9.4),
    "34": (61.3, 10.5),
    "38": (59.3, 9.3),
    "39": (59.2, 10.2),
    "40": (59.4, 8.6),
    "42": (58.5, 7.8),
    "46": (60.9, 6.0),
    "50": (63.6, 10.9),
    "54": (69.6, 21.5),
    "55": (69.3, 19.0),
    "56": (70.0, 24.5),
}

NORWAY_CENTRE = (62.0, 10.0)
EARTH_RADIUS_KM = 6371.0


def require_file(path: Path) -> Path:
    """Return ``path`` or stop the program with a message naming it."""
    if not path.is_file():
        sys.exit(f"generate: missing input file {path}")
    return path


def _read_csv(path: Path, columns: set[str]) -> list[dict[str, str]]:
    with require_file(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = columns - set(reader.fieldnames or [])
        if missing:
            sys.exit(f"generate: {path} lacks columns {sorted(missing)}")
        return list(reader)


@dataclass(frozen=True)
class Version:
    code: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class Change:
    change_date: date
    old_code: str
    new_code: str
    change_type: str


@dataclass(frozen=True)
class Geography:
    versions: tuple[Version, ...]
    changes: tuple[Change, ...]
    # (code, valid_from) -> (latitude, longitude) of every municipality version
    positions: dict[tuple[str, date], tuple[float, float]]

    def positions_on(self, codes: tuple[str, ...], day: date) -> np.ndarray:
        """(latitude, longitude) of the versions of ``codes`` valid on ``day``."""
        valid = {v.code: v.valid_from for v in self.versions if _covers(v, day)}
        points = []
        for code in codes:
            found = self.positions.get((code, valid.get(code, day)))
            if found is None:
                sys.exit(f"generate: no position for {code} on {day} in {LOCATIONS_FILE}")
            points.append(found)
        return np.array(points, dtype=float)

    def codes_valid_on(self, day: date) -> list[str]:
        """Municipality codes valid on ``day`` (sorted; the unknown code excluded)."""
        return sorted({v.code for v in self.versions if _covers(v, day)} - {UNKNOWN_CODE})

    def all_codes(self) -> list[str]:
        return sorted({v.code for v in self.versions} - {UNKNOWN_CODE})

    def changes_on(self, day: date) -> list[Change]:
        return sorted(
            (c for c in self.changes if c.change_date == day),
            key=lambda c: (c.old_code, c.new_code),
        )

    def boundaries_within(self, year: int) -> list[date]:
        """Version boundaries that fall inside ``year`` after 1 January (unsupported)."""
        days = {v.valid_from for v in self.versions} | {
            v.valid_to for v in self.versions if v.valid_to
        }
        return sorted(d for d in days if d.year == year and (d.month, d.day) != (1, 1))


def _covers(version: Version, day: date) -> bool:
    return version.valid_from <= day and (version.valid_to is None or day < version.valid_to)


def load_geography(seeds_dir: Path, locations: Path = LOCATIONS_FILE) -> Geography:
    """Read ``municipalities.csv`` and ``municipality_changes.csv`` from the seeds folder and
    the municipality positions."""
    rows = _read_csv(
        seeds_dir / "municipalities.csv", {"municipality_code", "valid_from", "valid_to"}
    )
    versions = tuple(
        Version(
            r["municipality_code"],
            date.fromisoformat(r["valid_from"]),
            date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
        )
        for r in rows
    )
    rows = _read_csv(
        seeds_dir / "municipality_changes.csv",
        {"change_date", "old_code", "new_code", "change_type"},
    )
    changes = tuple(
        Change(date.fromisoformat(r["change_date"]), r["old_code"], r["new_code"], r["change_type"])
        for r in rows
    )
    rows = _read_csv(locations, {"municipality_code", "valid_from", "latitude", "longitude"})
    positions = {
        (r["municipality_code"], date.fromisoformat(r["valid_from"])): (
            float(r["latitude"]),
            float(r["longitude"]),
        )
        for r in rows
    }
    return Geography(versions, changes, positions)


@dataclass(frozen=True)
class Division:
    """The municipalities valid throughout one calendar year."""

    year: int
    codes: tuple[str, ...]
    counties: tuple[str, ...]
    county_of: np.ndarray  # county index per municipality
    latitude: np.ndarray  # degrees, per municipality
    longitude: np.ndarray

    def distances_km(self) -> np.ndarray:
        """Great-circle distances between every two municipalities (haversine, km)."""
        lat, lon = np.radians(self.latitude), np.radians(self.longitude)
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        h = (
            np.sin(dlat / 2) ** 2
            + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))

    @property
    def size(self) -> int:
        return len(self.codes)

    def index(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.codes)}


def division_for(geo: Geography, year: int) -> Division:
    """The division valid on 1 January of ``year`` (all changes take effect on 1 January)."""
    inside = geo.boundaries_within(year)
    if inside:
        sys.exit(f"generate: boundary change inside {year} ({inside[0]}) is unsupported")
    codes = tuple(geo.codes_valid_on(date(year, 1, 1)))
    counties = tuple(sorted({c[:2] for c in codes}))
    lookup = {c: i for i, c in enumerate(counties)}
    county_of = np.array([lookup[c[:2]] for c in codes], dtype=np.int64)
    points = geo.positions_on(codes, date(year, 1, 1))
    return Division(year, codes, counties, county_of, points[:, 0], points[:, 1])


@dataclass
class Transition:
    """How each municipality of one year's division maps onto the next year's."""

    old_idx: np.ndarray
    new_idx: np.ndarray
    weight: np.ndarray  # share of the old unit's population that goes to the new unit
    changed: bool  # the change table lists changes on the next 1 January

    def split_olds(self) -> np.ndarray:
        counts = np.bincount(self.old_idx)
        return np.flatnonzero(counts > 1)


def build_transition(old: Division, new: Division, changes: list[Change]) -> Transition:
    """Pair old and new codes from the change table (identity where nothing changed)."""
    if not changes and old.codes != new.codes:
        sys.exit(f"generate: {old.year} and {new.year} differ without listed changes")
    targets: dict[str, list[str]] = {}
    for change in changes:
        dest = targets.setdefault(change.old_code, [])
        if change.new_code not in dest:
            dest.append(change.new_code)
    new_index = new.index()
    old_idx: list[int] = []
    new_idx: list[int] = []
    weight: list[float] = []
    for i, code in enumerate(old.codes):
        dest = sorted(targets.get(code) or ([code] if code in new_index else []))
        if not dest or any(d not in new_index for d in dest):
            sys.exit(f"generate: cannot map {code} from {old.year} to {new.year}")
        for d in dest:
            old_idx.append(i)
            new_idx.append(new_index[d])
            weight.append(1.0 / len(dest))
    fed = np.bincount(np.array(new_idx), minlength=new.size)
    if (fed == 0).any():
        orphan = new.codes[int(np.flatnonzero(fed == 0)[0])]
        sys.exit(f"generate: {orphan} in {new.year} has no predecessor in {old.year}")
    return Transition(
        np.array(old_idx, dtype=np.int64),
        np.array(new_idx, dtype=np.int64),
        np.array(weight),
        bool(changes),
    )


def county_distance_km(a: str, b: str) -> float:
    """Approximate distance between two county centroids."""
    lat1, lon1 = COUNTY_CENTROIDS.get(a, NORWAY_CENTRE)
    lat2, lon2 = COUNTY_CENTROIDS.get(b, NORWAY_CENTRE)
    dlat = (lat1 - lat2) * 111.0
    dlon = (lon1 - lon2) * 111.0 * np.cos(np.radians((lat1 + lat2) / 2))
    return float(np.hypot(dlat, dlon))
