"""Migration volumes for one year: county margins (SSB's 2015 table exactly where it
applies), an inter-county origin-destination matrix and municipal flows.

The municipal ends of the moves follow a gravity model: a move from municipality i to j has
the weight P_i x P_j / (1 + d_ij / MUNICIPAL_DISTANCE_KM) ** MUNICIPAL_DECAY (populations on
1 January, great-circle distances between the municipalities' positions), so that most moves
go to neighbours and to the large municipality of the region. Between two counties the
county table fixes how many moves there are (SSB's table in 2015); the gravity weights only
choose their ends. Inside a county the municipal margins are fixed (they close each
municipality's population account) and the gravity weights are fitted to them (IPF)."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from norway_migration.synthetic.geography import Division, county_distance_km, require_file
from norway_migration.synthetic.numeric import (
    allocate_grouped,
    fit_integer_matrix,
    ipf,
    largest_remainder,
)
from norway_migration.synthetic.population import PopulationSeries

CALIBRATION_YEAR = 2015
# Moves between two municipalities of the same county in the calibration year (not in the
# county table, so a plausible level of our own).
INTRA_COUNTY_MOVES = 85_000
# Year factors relative to 2015 for emigration and for moves between municipalities.
EMIGRATION_FACTOR = {
    2016: 0.95,
    2017: 0.98,
    2018: 0.93,
    2019: 0.90,
    2020: 0.90,
    2021: 0.92,
    2022: 0.95,
    2023: 0.97,
    2024: 0.98,
}

INTERNAL_FACTOR = {
    2016: 1.01,
    2017: 1.00,
    2018: 0.98,
    2019: 0.97,
    2020: 0.95,
    2021: 1.02,
    2022: 1.00,
    2023: 0.98,
    2024: 0.97,
}

DISTANCE_SCALE_KM = 250.0
# Distance decay of moves between municipalities: weight 1 / (1 + d / 10 km) ** 2, so a
# municipality 10 km away draws a quarter of what one next door would (for equal sizes), one
# 30 km away a sixteenth and one 100 km away less than 1 %. Steep, as studies of internal
# migration find (most moves are short); a level of our own, not a fitted parameter. With
# the 2015 county table, 53 % of the moves between municipalities then go to one of the
# origin's five nearest municipalities or to the largest municipality of the destination's
# county (tests/python/test_generate_geography.py).
MUNICIPAL_DISTANCE_KM = 10.0
MUNICIPAL_DECAY = 2.0
NOISE = 0.06  # log-normal spread of yearly municipal and county-pair variation


def year_factor(table: dict[int, float], year: int) -> float:
    """A factor from ``table``; outside it a gentle trend away from 2015 (within 10%)."""
    if year in table:
        return table[year]
    return float(np.clip(1.0 - 0.01 * abs(year - CALIBRATION_YEAR), 0.9, 1.1))


@dataclass(frozen=True)
class Published:
    """SSB's 2015 county table keyed by county code."""

    counties: tuple[str, ...]
    immigration: np.ndarray
    emigration: np.ndarray
    in_internal: np.ndarray
    out_internal: np.ndarray


def _county_codes_by_name(path: Path, wanted: tuple[str, ...]) -> dict[str, str]:
    with require_file(path).open(encoding="utf-8", newline="") as handle:
        names = {r["county_code"]: r["county_name"] for r in csv.DictReader(handle)}
    return {names[c]: c for c in wanted if c in names}


def _match_county(label: str, by_name: dict[str, str], path: Path) -> str:
    for name, code in by_name.items():
        if label == name or label.startswith(name + " "):
            return code
    sys.exit(f"generate: county {label!r} in {path} matches no 2015 county")


def read_published(reference_dir: Path, div2015: Division) -> Published:
    """Read ``published/county_migration_2015.csv`` and check its national row."""
    path = require_file(reference_dir / "published" / "county_migration_2015.csv")
    by_name = _county_codes_by_name(reference_dir / "county_names.csv", div2015.counties)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns: tuple[str, ...] = ("in_migration_from_abroad", "out_migration_to_abroad")
    columns += ("in_migration_internal", "out_migration_internal")
    values: dict[str, list[int]] = {}
    national = None
    for row in rows:
        numbers = [int(row[c]) for c in columns]
        if row["region_name"] == "The whole country":
            national = numbers
        else:
            values[_match_county(row["region_name"], by_name, path)] = numbers
    if set(values) != set(div2015.counties):
        sys.exit(f"generate: {path} does not list every 2015 county")
    matrix = np.array([values[c] for c in div2015.counties], dtype=np.int64)
    if national is None or list(matrix.sum(axis=0)) != national:
        sys.exit(f"generate: counties in {path} do not sum to the whole country")
    return Published(div2015.counties, *matrix.T)


def gravity_seed(counties: tuple[str, ...], sizes: np.ndarray) -> np.ndarray:
    """County-pair attraction: sizes times a distance decay, zero on the diagonal."""
    k = len(counties)
    dist = np.array([[county_distance_km(a, b) for b in counties] for a in counties], dtype=float)
    seed = np.outer(sizes, sizes) ** 0.9 * np.exp(-dist / DISTANCE_SCALE_KM)
    seed[np.eye(k, dtype=bool)] = 0.0
    return seed


def municipal_gravity(population: np.ndarray, distance_km: np.ndarray) -> np.ndarray:
    """Weights of moves between municipalities: sizes times distance decay, zero diagonal."""
    pop = np.maximum(population.astype(float), 1.0)
    weights = np.outer(pop, pop) / (1.0 + distance_km / MUNICIPAL_DISTANCE_KM) ** MUNICIPAL_DECAY
    np.fill_diagonal(weights, 0.0)
    return weights


@dataclass(frozen=True)
class Baseline:
    """The 2015 structure every year borrows: rates per 2015 county and the fitted OD."""

    published: Published
    population: np.ndarray  # 1 January 2015 by 2015 county
    od: np.ndarray  # fitted real-valued inter-county matrix of 2015

    def rates(self, values: np.ndarray) -> np.ndarray:
        return values / self.population


def make_baseline(published: Published, series: PopulationSeries) -> Baseline:
    div = series.divisions[CALIBRATION_YEAR]
    pop = np.bincount(div.county_of, weights=series.totals(CALIBRATION_YEAR))
    seed = gravity_seed(div.counties, pop)
    od = ipf(seed, published.out_internal, published.in_internal)
    return Baseline(published, pop, od)


def compositions(series: PopulationSeries) -> dict[int, np.ndarray]:
    """Each municipality's make-up in terms of 2015 counties, in every year's division."""
    div = series.divisions[CALIBRATION_YEAR]
    out = {CALIBRATION_YEAR: np.eye(len(div.counties))[div.county_of]}
    years = sorted(series.divisions)
    for year in (y for y in years if y > CALIBRATION_YEAR):
        tr, prev = series.transitions[year - 1], out[year - 1]
        w = tr.weight * np.maximum(series.totals(year - 1)[tr.old_idx], 1.0)
        comp = np.zeros((series.divisions[year].size, prev.shape[1]))
        np.add.at(comp, tr.new_idx, w[:, None] * prev[tr.old_idx])
        out[year] = comp / comp.sum(axis=1, keepdims=True)
    for year in sorted((y for y in years if y < CALIBRATION_YEAR), reverse=True):
        tr, nxt = series.transitions[year], out[year + 1]
        comp = np.zeros((series.divisions[year].size, nxt.shape[1]))
        np.add.at(comp, tr.old_idx, tr.weight[:, None] * nxt[tr.new_idx])
        out[year] = comp
    return out


@dataclass(frozen=True)
class YearInputs:
    year: int
    division: Division
    population: np.ndarray  # 1 January totals by municipality
    target_net: np.ndarray  # net migration that would close the population account
    composition: np.ndarray  # (municipalities x 2015 counties)
    scale: float


@dataclass(frozen=True)
class CountyMargins:
    immigration: np.ndarray
    emigration: np.ndarray
    od: np.ndarray  # integer inter-county matrix, zero diagonal
    merged: np.ndarray  # expected moves between 2015 counties now inside one county


@dataclass(frozen=True)
class YearFlows:
    """Counted moves of one year as municipality indices (-1 = abroad)."""

    immigration: np.ndarray  # per municipality
    emigration: np.ndarray  # per municipality
    origin: np.ndarray  # domestic moves between municipalities
    destination: np.ndarray
    margins: CountyMargins


def _noise(rng: np.random.Generator, size: int | tuple[int, ...]) -> np.ndarray:
    return rng.lognormal(0.0, NOISE, size)


def _published_margins(base: Baseline, inputs: YearInputs) -> CountyMargins:
    pub, s = base.published, inputs.scale
    rows = np.round(pub.out_internal * s).astype(np.int64)
    cols = np.round(pub.in_internal * s).astype(np.int64)
    cols[np.argmax(cols)] += rows.sum() - cols.sum()
    od = fit_integer_matrix(base.od, rows, cols, ~np.eye(len(rows), dtype=bool))
    return CountyMargins(
        np.round(pub.immigration * s).astype(np.int64),
        np.round(pub.emigration * s).astype(np.int64),
        od,
        np.zeros(len(rows)),
    )


def _modelled_margins(
    base: Baseline, inputs: YearInputs, rng: np.random.Generator
) -> CountyMargins:
    div, pop, comp, s = inputs.division, inputs.population, inputs.composition, inputs.scale
    k = len(div.counties)
    member = np.eye(k)[div.county_of]  # municipalities x counties
    pub = base.published
    emig_total = round(
        float(pub.emigration.sum()) * year_factor(EMIGRATION_FACTOR, inputs.year) * s
    )
    imm_total = round(max(emig_total + inputs.target_net.sum(), 0.6 * emig_total))
    weights = pop[:, None] * comp * _noise(rng, (pop.size, 1))
    imm = largest_remainder((weights @ base.rates(pub.immigration)) @ member, imm_total)
    emig = largest_remainder((weights @ base.rates(pub.emigration)) @ member, emig_total)
    share = (member * pop[:, None]).T @ comp  # counties x 2015 counties, persons
    share = (share / share.sum(axis=0, keepdims=True)).T  # 2015 county -> county
    seed = share.T @ base.od @ share * year_factor(INTERNAL_FACTOR, inputs.year) * s
    merged = np.diag(seed).copy()
    seed[np.eye(k, dtype=bool)] = 0.0
    seed *= _noise(rng, (k, k))
    rows = largest_remainder(seed.sum(axis=1), round(seed.sum()))
    net = np.bincount(div.county_of, weights=inputs.target_net, minlength=k) - imm + emig
    wanted = np.maximum(rows + net, 0.25 * rows)
    cols = largest_remainder(wanted, int(rows.sum()))
    od = fit_integer_matrix(seed + 1e-6, rows, cols, ~np.eye(k, dtype=bool))
    return CountyMargins(imm, emig, od, merged)


def _inter_county(
    inputs: YearInputs, margins: CountyMargins, gravity: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Origin and destination municipalities of the moves between every two counties: the
    county pair's number of moves (margins.od, exact) drawn over its municipality pairs in
    proportion to their gravity weights (with a little yearly noise)."""
    div, od = inputs.division, margins.od
    k, n = len(div.counties), div.size
    members = [np.flatnonzero(div.county_of == c) for c in range(k)]
    weights = gravity * _noise(rng, gravity.shape)
    origins: list[np.ndarray] = []
    destinations: list[np.ndarray] = []
    for a in range(k):
        for b in range(k):
            if a == b or od[a, b] == 0:
                continue
            block = weights[np.ix_(members[a], members[b])]
            cells = rng.multinomial(int(od[a, b]), (block / block.sum()).ravel())
            cells = cells.reshape(block.shape)
            i, j = np.nonzero(cells)
            origins.append(np.repeat(members[a][i], cells[i, j]))
            destinations.append(np.repeat(members[b][j], cells[i, j]))
    origin = np.concatenate(origins) if origins else np.zeros(0, dtype=np.int64)
    destination = np.concatenate(destinations) if destinations else np.zeros(0, dtype=np.int64)
    out_m = np.bincount(origin, minlength=n).astype(np.int64)
    in_m = np.bincount(destination, minlength=n).astype(np.int64)
    return origin, destination, out_m, in_m


def _spread_signed(amount: int, weights: np.ndarray) -> np.ndarray:
    return np.sign(amount) * largest_remainder(weights, abs(int(amount)))


def _intra_margins(
    inputs: YearInputs, merged: np.ndarray, residual: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Out and in volumes of moves inside each county, absorbing the municipal residual."""
    div, pop, s = inputs.division, inputs.population.astype(float), inputs.scale
    k = len(div.counties)
    county_pop = np.bincount(div.county_of, weights=pop, minlength=k)
    for c in range(k):
        members = np.flatnonzero(div.county_of == c)
        residual[members] -= _spread_signed(residual[members].sum(), pop[members])
    spread = pop * (1.0 - pop / county_pop[div.county_of]) * _noise(rng, pop.size)
    factor = year_factor(INTERNAL_FACTOR, inputs.year)
    national = INTRA_COUNTY_MOVES * factor * s
    base_c = np.bincount(div.county_of, weights=spread, minlength=k) / spread.sum() * national
    base_c += merged
    gain = np.bincount(div.county_of, weights=np.maximum(residual, 0), minlength=k)
    base_c = np.round(np.maximum(base_c - gain, 0.4 * base_c)).astype(np.int64)
    base = allocate_grouped(spread, div.county_of, base_c)
    return base + np.maximum(-residual, 0), base + np.maximum(residual, 0)


def _intra_county(
    inputs: YearInputs, out_m: np.ndarray, in_m: np.ndarray, gravity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Moves between the municipalities of each county: the gravity weights fitted to the
    municipal out and in volumes (exact)."""
    div = inputs.division
    origins: list[np.ndarray] = []
    destinations: list[np.ndarray] = []
    for c in range(len(div.counties)):
        members = np.flatnonzero(div.county_of == c)
        if members.size < 2 or out_m[members].sum() == 0:
            continue
        allowed = ~np.eye(members.size, dtype=bool)
        seed = gravity[np.ix_(members, members)]
        cells = fit_integer_matrix(seed, out_m[members], in_m[members], allowed)
        i, j = np.nonzero(cells)
        origins.append(np.repeat(members[i], cells[i, j]))
        destinations.append(np.repeat(members[j], cells[i, j]))
    if not origins:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(origins), np.concatenate(destinations)


def plan_year(
    base: Baseline, inputs: YearInputs, rng: np.random.Generator, exact: bool
) -> YearFlows:
    """All counted moves of a year (county margins exact to SSB when ``exact``)."""
    margins = _published_margins(base, inputs) if exact else _modelled_margins(base, inputs, rng)
    div, pop = inputs.division, inputs.population.astype(float)
    weights = pop * _noise(rng, pop.size)
    imm = allocate_grouped(weights, div.county_of, margins.immigration)
    emig = allocate_grouped(pop * _noise(rng, pop.size), div.county_of, margins.emigration)
    gravity = municipal_gravity(pop, div.distances_km())
    inter_o, inter_d, out_m, in_m = _inter_county(inputs, margins, gravity, rng)
    residual = np.round(inputs.target_net).astype(np.int64) - (imm - emig) - (in_m - out_m)
    intra_out, intra_in = _intra_margins(inputs, margins.merged, residual, rng)
    intra_o, intra_d = _intra_county(inputs, intra_out, intra_in, gravity)
    return YearFlows(
        imm,
        emig,
        np.concatenate([inter_o, intra_o]),
        np.concatenate([inter_d, intra_d]),
        margins,
    )
