"""Population stocks for the synthetic register: StatBank 07459 parsing, gap filling, sex
split, projection beyond the last published year and 31 December figures on old boundaries."""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from norway_migration.synthetic.geography import (
    Division,
    Geography,
    Transition,
    build_transition,
    division_for,
)
from norway_migration.synthetic.numeric import round_grouped

AGES = 106  # 0..105, the last meaning 105 or older
CELLS = 2 * AGES  # sex (M, F) x age
SEXES = ("M", "F")

# Share of boys by age, interpolated: a small male surplus at birth and among young adults,
# a growing female majority above about 75.
MALE_SHARE_KNOTS = (
    (0, 0.514),
    (15, 0.514),
    (20, 0.516),
    (30, 0.525),
    (40, 0.52),
    (50, 0.51),
    (60, 0.5),
    (70, 0.485),
    (75, 0.47),
    (80, 0.43),
    (85, 0.38),
    (90, 0.31),
    (95, 0.24),
    (100, 0.17),
    (105, 0.12),
)

# Births per woman aged 20-44 and year, roughly the Norwegian level of the 2010s.
FERTILITY = 0.068
BOY_SHARE = 0.513
# Added to each municipality's recent annual growth when projecting past the last file.
PROJECTION_DRIFT = 0.002

# Approximate residents (1 January 2016) of municipalities that no StatBank file lists,
# used only as relative weights when their successors' population is shared out.
MISSING_SIZE_HINTS = {"0706": 45_400.0, "0719": 5_850.0, "0720": 11_700.0}
# Approximate shares of split municipalities whose successors' population is projected.
SPLIT_SHARE_HINTS = {("1507", "1508"): 0.86, ("1507", "1580"): 0.14}

_REGION = re.compile(r"^(?:K-)?(\d{4})\b")
_AGE = re.compile(r"^(\d+)")
_YEAR = re.compile(r"(\d{4})")


def death_rate(age: np.ndarray) -> np.ndarray:
    """Annual probability of dying by age (a Gompertz curve, capped)."""
    return np.minimum(0.6, 0.0002 + np.exp(-10.2 + 0.092 * age))


AGE_AXIS = np.arange(AGES)
DEATH_RATE = death_rate(AGE_AXIS.astype(float))
MALE_SHARE = np.interp(
    AGE_AXIS, [age for age, _ in MALE_SHARE_KNOTS], [share for _, share in MALE_SHARE_KNOTS]
)


def _first_group(pattern: re.Pattern[str], text: str, path: Path) -> str:
    """The first group of ``pattern`` in ``text``; a label it does not fit stops the program."""
    match = pattern.search(text)
    if match is None:
        sys.exit(f"generate: cannot read {text!r} in {path}")
    return match.group(1)


def _parse_table(path: Path, since: int) -> dict[int, dict[str, np.ndarray]]:
    """Read one StatBank export, whatever its delimiter, quoting or title lines; a file
    whose years all fall before ``since`` is not parsed beyond its header (an empty result)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.lstrip('"').lower().startswith("region")),
        None,
    )
    if start is None:
        sys.exit(f"generate: no 'region' header in {path}")
    header = lines[start]
    delimiter = max("\t;,", key=header.count)
    rows = csv.reader(lines[start:], delimiter=delimiter)
    years = [int(_first_group(_YEAR, col, path)) for col in next(rows)[2:]]
    if max(years, default=since - 1) < since:
        return {}
    codes: list[str] = []
    ages: list[int] = []
    values: list[list[str]] = []
    labels: dict[str, str | None] = {}
    age_labels: dict[str, int] = {}  # a table repeats its ~106 age labels for every region
    for row in rows:
        if len(row) < 2 + len(years):
            continue
        if row[0] not in labels:
            region = _REGION.match(row[0])
            labels[row[0]] = region.group(1) if region else None
        code = labels[row[0]]
        if code is not None:
            codes.append(code)
            if row[1] not in age_labels:
                age_labels[row[1]] = int(_first_group(_AGE, row[1], path))
            ages.append(age_labels[row[1]])
            values.append(row[2 : 2 + len(years)])
    return _to_arrays(years, codes, ages, values)


def _to_arrays(
    years: list[int], codes: list[str], ages: list[int], values: list[list[str]]
) -> dict[int, dict[str, np.ndarray]]:
    """Sum the parsed cells into one array of persons by age per year and code."""
    counts = np.array(values, dtype=np.int64).reshape(len(codes), len(years))
    unique, where = np.unique(np.array(codes), return_inverse=True)
    age = np.minimum(np.array(ages, dtype=np.int64), AGES - 1)
    out: dict[int, dict[str, np.ndarray]] = {}
    for k, year in enumerate(years):
        grid = np.zeros((unique.size, AGES), dtype=np.int64)
        np.add.at(grid, (where, age), counts[:, k])
        out[year] = {str(code): grid[i] for i, code in enumerate(unique)}
    return out


def read_population_tables(folder: Path, since: int) -> dict[int, dict[str, np.ndarray]]:
    """Persons by municipality and age for every year found in the folder, from the files
    that reach year ``since`` or later (earlier files are not needed: build_population
    keeps no year before the first it generates)."""
    files = sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
    if not files:
        sys.exit(f"generate: missing input files in {folder}")
    tables: dict[int, dict[str, np.ndarray]] = {}
    for path in files:
        for year, counts in _parse_table(path, since).items():
            tables.setdefault(year, {}).update(counts)
    if not tables:
        sys.exit(f"generate: no year from {since} on in the StatBank tables in {folder}")
    return tables


@dataclass
class PopulationSeries:
    """Stocks by municipality (in each year's division), sex and age."""

    divisions: dict[int, Division]
    transitions: dict[int, Transition]  # year Y -> Y + 1
    jan1: dict[int, np.ndarray] = field(default_factory=dict)  # (n, 2, AGES)
    dec31: dict[int, np.ndarray] = field(default_factory=dict)  # end of Y, division of Y
    estimated: dict[int, list[str]] = field(default_factory=dict)

    def totals(self, year: int) -> np.ndarray:
        return self.jan1[year].sum(axis=(1, 2))

    def end_totals(self, year: int) -> np.ndarray:
        return self.dec31[year].sum(axis=(1, 2))


def _raw_totals(
    tables: dict[int, dict[str, np.ndarray]], div: Division
) -> tuple[np.ndarray, list[int]]:
    """Totals by age for one division; indices of codes the table lacks (or lists as 0)."""
    counts = tables[div.year]
    out = np.zeros((div.size, AGES), dtype=np.int64)
    missing = []
    for i, code in enumerate(div.codes):
        row = counts.get(code)
        if row is None or row.sum() == 0:
            missing.append(i)
        else:
            out[i] = row
    return out, missing


def _stable_growth(old: np.ndarray, new: np.ndarray, tr: Transition) -> float:
    """Growth over the year among municipalities that kept their code and area."""
    fan_out = np.bincount(tr.old_idx, minlength=old.shape[0])
    fan_in = np.bincount(tr.new_idx, minlength=new.shape[0])
    keep = (fan_out[tr.old_idx] == 1) & (fan_in[tr.new_idx] == 1)
    keep &= (old.sum(axis=1)[tr.old_idx] > 0) & (new.sum(axis=1)[tr.new_idx] > 0)
    before = old.sum(axis=1)[tr.old_idx[keep]].sum()
    return float(new.sum(axis=1)[tr.new_idx[keep]].sum() / before) if before else 1.0


def _scaled_profile(profile: np.ndarray, total: float) -> np.ndarray:
    total_int = round(total)
    if profile.sum() <= 0:
        profile = np.ones(AGES)
    exact = profile / profile.sum() * total_int
    return round_grouped(exact, np.zeros(AGES, dtype=np.int64), np.array([total_int]))


class _Filler:
    """Estimates municipalities a StatBank year lacks, from other years or successors."""

    def __init__(self, series: PopulationSeries, totals: dict[int, np.ndarray]) -> None:
        self.series = series
        self.totals = totals

    def years_with(self, code: str) -> list[int]:
        return [
            y
            for y, tot in self.totals.items()
            if code in self.series.divisions[y].codes
            and tot[self.series.divisions[y].index()[code]].sum() > 0
        ]

    def national(self, year: int) -> float:
        return float(self.totals[year].sum())

    def from_other_year(self, year: int, code: str, years: list[int]) -> np.ndarray:
        donor = min(years, key=lambda y: (abs(y - year), -y))
        row = self.totals[donor][self.series.divisions[donor].index()[code]]
        return _scaled_profile(row, row.sum() * self.national(year) / self.national(donor))

    def from_successors(self, year: int, code: str, missing: set[str]) -> np.ndarray:
        last = year
        while last + 1 in self.totals and code in self.series.divisions[last + 1].codes:
            last += 1
        if last + 1 not in self.totals:
            sys.exit(f"generate: cannot estimate {code} in {year}: no later data")
        div, tr = self.series.divisions[last], self.series.transitions[last]
        old, new = self.totals[last], self.totals[last + 1]
        group = np.array([c in missing for c in div.codes])
        growth = _stable_growth(old, new, tr)
        known = np.zeros(new.shape[0])
        np.add.at(known, tr.new_idx, tr.weight * old.sum(axis=1)[tr.old_idx] * ~group[tr.old_idx])
        succ = np.unique(tr.new_idx[group[tr.old_idx]])
        excess = np.maximum(new.sum(axis=1)[succ] - growth * known[succ], 0.0)
        sizes = old.sum(axis=1)[~group]
        hints = {c: MISSING_SIZE_HINTS.get(c, float(np.median(sizes))) for c in div.codes}
        weight = hints[code] / sum(hints[c] for c, g in zip(div.codes, group, strict=True) if g)
        total = excess.sum() / growth * weight
        total *= self.national(year) / self.national(last) if year != last else 1.0
        return _scaled_profile(new[succ].sum(axis=0), total)


def _fill_missing(
    series: PopulationSeries, tables: dict[int, dict[str, np.ndarray]]
) -> dict[int, np.ndarray]:
    """Totals by age per year, with the municipalities StatBank lacks estimated."""
    totals: dict[int, np.ndarray] = {}
    missing: dict[int, list[int]] = {}
    for year in sorted(tables):
        if year in series.divisions:
            totals[year], missing[year] = _raw_totals(tables, series.divisions[year])
    filler = _Filler(series, totals)
    no_data = {
        series.divisions[y].codes[i]
        for y, idx in missing.items()
        for i in idx
        if not filler.years_with(series.divisions[y].codes[i])
    }
    estimates: dict[int, dict[int, np.ndarray]] = {}
    for year, idx in missing.items():
        for i in idx:
            code = series.divisions[year].codes[i]
            years = filler.years_with(code)
            row = (
                filler.from_other_year(year, code, years)
                if years
                else filler.from_successors(year, code, no_data)
            )
            estimates.setdefault(year, {})[i] = row
            series.estimated.setdefault(year, []).append(code)
    for year, rows in estimates.items():
        for i, row in rows.items():
            totals[year][i] = row
    return totals


def _set_split_shares(series: PopulationSeries, totals: dict[int, np.ndarray]) -> None:
    """Share a split municipality's population among its successors."""
    for year, tr in series.transitions.items():
        for o in tr.split_olds():
            pairs = np.flatnonzero(tr.old_idx == o)
            old_code = series.divisions[year].codes[o]
            new_codes = [series.divisions[year + 1].codes[n] for n in tr.new_idx[pairs]]
            tr.weight[pairs] = _split_share(series, totals, year, tr, old_code, new_codes, pairs)


def _split_share(
    series: PopulationSeries,
    totals: dict[int, np.ndarray],
    year: int,
    tr: Transition,
    old_code: str,
    new_codes: list[str],
    pairs: np.ndarray,
) -> np.ndarray:
    hinted = [SPLIT_SHARE_HINTS.get((old_code, c)) for c in new_codes]
    if year in totals and year + 1 in totals:
        old, new = totals[year].sum(axis=1), totals[year + 1].sum(axis=1)
        growth = _stable_growth(totals[year], totals[year + 1], tr)
        whole = np.bincount(tr.old_idx, minlength=old.size)[tr.old_idx] == 1
        known = np.zeros(new.size)
        np.add.at(known, tr.new_idx[whole], growth * old[tr.old_idx[whole]])
        share = np.maximum(new[tr.new_idx[pairs]] - known[tr.new_idx[pairs]], 0.0) + 1.0
    elif all(h is not None for h in hinted):
        share = np.array(hinted, dtype=float)
    else:
        share = np.array([9.0 if c == old_code else 1.0 for c in new_codes])
    return share / share.sum()


def split_by_sex(totals: np.ndarray) -> np.ndarray:
    """Split totals by age into (M, F) with largest-remainder rounding per municipality."""
    n = totals.shape[0]
    exact = totals * MALE_SHARE[None, :]
    groups = np.repeat(np.arange(n), AGES)
    males = round_grouped(exact.ravel(), groups, np.round(exact.sum(axis=1))).reshape(n, AGES)
    return np.stack([males, totals - males], axis=1)


def _cell_groups(idx: np.ndarray) -> np.ndarray:
    return (idx[:, None] * CELLS + np.arange(CELLS)[None, :]).ravel()


def disaggregate(new_pop: np.ndarray, old_pop: np.ndarray, tr: Transition) -> np.ndarray:
    """31 December on old boundaries, from 1 January on new ones (cohorts aged one year)."""
    if not tr.changed:
        return new_pop.copy()
    shifted = old_pop.astype(float)
    shifted[:, :, 1:] = old_pop[:, :, :-1]
    weight = (tr.weight[:, None, None] * (shifted[tr.old_idx] + 0.5)).ravel()
    groups = _cell_groups(tr.new_idx)
    flat_new = new_pop.ravel()
    wsum = np.bincount(groups, weights=weight, minlength=flat_new.size)
    exact = weight / wsum[groups] * flat_new[groups]
    alloc = round_grouped(exact, groups, flat_new)
    out = np.zeros(old_pop.size, dtype=np.int64)
    np.add.at(out, _cell_groups(tr.old_idx), alloc)
    return out.reshape(old_pop.shape)


def aggregate(old_pop: np.ndarray, tr: Transition, n_new: int) -> np.ndarray:
    """1 January on new boundaries from 31 December on old ones."""
    if not tr.changed:
        return old_pop.copy()
    flat_old = old_pop.reshape(-1, CELLS)
    exact = (tr.weight[:, None] * flat_old[tr.old_idx]).ravel()
    alloc = round_grouped(exact, _cell_groups(tr.old_idx), old_pop.ravel())
    out = np.zeros(n_new * CELLS, dtype=np.int64)
    np.add.at(out, _cell_groups(tr.new_idx), alloc)
    return out.reshape(n_new, 2, AGES)


def project_year(pop: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Age a population by one year and scale it to each municipality's growth."""
    n = pop.shape[0]
    pf = pop.astype(float)
    survive = 1.0 - DEATH_RATE
    aged = np.zeros_like(pf)
    aged[:, :, 1:] = pf[:, :, :-1] * survive[:-1]
    aged[:, :, -1] += pf[:, :, -1] * survive[-1]
    births = pf[:, 1, 20:45].sum(axis=1) * FERTILITY
    aged[:, 0, 0] = births * BOY_SHARE
    aged[:, 1, 0] = births * (1 - BOY_SHARE)
    target = np.round(pf.sum(axis=(1, 2)) * growth)
    rest = aged[:, :, 1:].sum(axis=(1, 2))
    factor = np.divide(target - aged[:, :, 0].sum(axis=1), rest, out=np.ones(n), where=rest > 0)
    aged[:, :, 1:] *= np.maximum(factor, 0.0)[:, None, None]
    target = np.round(aged.sum(axis=(1, 2)))
    groups = np.repeat(np.arange(n), CELLS)
    return round_grouped(aged.ravel(), groups, target).reshape(pop.shape)


def _carry_forward(
    values: np.ndarray, weights: np.ndarray, tr: Transition, n_new: int
) -> np.ndarray:
    """Population-weighted mean of a per-municipality attribute on the next division."""
    num = np.zeros(n_new)
    den = np.zeros(n_new)
    w = tr.weight * np.maximum(weights[tr.old_idx], 1.0)
    np.add.at(num, tr.new_idx, w * values[tr.old_idx])
    np.add.at(den, tr.new_idx, w)
    return num / den


def _recent_growth(
    series: PopulationSeries, totals: dict[int, np.ndarray], last: int
) -> np.ndarray:
    """Damped annual growth per municipality over the last published years."""
    first = max(min(totals), last - 4)
    size = totals[first].sum(axis=1).astype(float)
    for year in range(first, last):
        tr = series.transitions[year]
        moved = np.zeros(series.divisions[year + 1].size)
        np.add.at(moved, tr.new_idx, tr.weight * size[tr.old_idx])
        size = moved
    now = totals[last].sum(axis=1)
    raw = np.divide(now, size, out=np.ones_like(size), where=size > 0) ** (1 / max(last - first, 1))
    return np.clip(raw + PROJECTION_DRIFT, 0.975, 1.03)


def build_population(
    geo: Geography, tables: dict[int, dict[str, np.ndarray]], first: int, last: int
) -> PopulationSeries:
    """1 January stocks for ``first``..``last`` and 31 December stocks for ``first``..``last-1``."""
    data_last = max(tables)
    if first < min(tables):
        sys.exit(f"generate: population data start in {min(tables)}, not {first}")
    years = range(first, max(last, data_last) + 1)
    divisions = {y: division_for(geo, y) for y in years}
    transitions = {
        y: build_transition(divisions[y], divisions[y + 1], geo.changes_on(date(y + 1, 1, 1)))
        for y in years[:-1]
    }
    series = PopulationSeries(divisions, transitions)
    totals = _fill_missing(series, {y: t for y, t in tables.items() if y in divisions})
    _set_split_shares(series, totals)
    for year, tot in totals.items():
        series.jan1[year] = split_by_sex(tot)
    growth = _recent_growth(series, totals, data_last)
    for year in years[:-1]:
        tr, nxt = transitions[year], divisions[year + 1]
        if year + 1 <= data_last:
            series.dec31[year] = disaggregate(series.jan1[year + 1], series.jan1[year], tr)
            continue
        series.dec31[year] = project_year(series.jan1[year], growth)
        series.jan1[year + 1] = aggregate(series.dec31[year], tr, nxt.size)
        growth = _carry_forward(growth, series.totals(year), tr, nxt.size)
    return series
