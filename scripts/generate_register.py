#!/usr/bin/env python3
"""Generate a synthetic, national-scale Norwegian population register as Parquet.

Writes the layout of ``shared/contracts/raw-register.md`` (migrations, births, deaths,
population) under ``--out``. Population stocks come from StatBank table 07459 (projected
past its last year); counted moves of 2015 reproduce SSB's published county table exactly at
``--scale 1``. The same options always give byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from register_events import (
    INVALID_MOVE_KINDS,
    INVALID_VITAL_KINDS,
    MALFORMED_CODES,
    PERSON_POOL,
    SEXES,
    UNKNOWN_CODES,
    BadCodes,
    Imperfections,
    MoveRows,
    VitalRows,
    address_changes,
    annulled_moves,
    chain_moves,
    concat_moves,
    counted_moves,
    day_weights,
    deliver,
    invalid_counts,
    invalid_moves,
    invalid_vitals,
    moves_table,
    registration_lags,
    vital_rows,
    vitals_table,
)
from register_flows import (
    CALIBRATION_YEAR,
    Baseline,
    YearInputs,
    compositions,
    make_baseline,
    plan_year,
    read_published,
    year_factor,
)
from register_geography import Division, Geography, load_geography
from register_population import (
    AGES,
    DEATH_RATE,
    PopulationSeries,
    build_population,
    read_population_tables,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TABLES = ("migrations", "births", "deaths", "population")
MIN_SCALE, MAX_SCALE = 0.01, 10.0
BIRTHS_2015 = 59_058
DEATHS_2015 = 40_727
MALE_MORTALITY = 1.4  # men's death risk relative to women's of the same age
BIRTH_FACTOR = {
    2016: 0.997,
    2017: 0.96,
    2018: 0.935,
    2019: 0.925,
    2020: 0.92,
    2021: 0.95,
    2022: 0.92,
    2023: 0.92,
    2024: 0.93,
}
DEATH_FACTOR = {
    2016: 1.0,
    2017: 1.0,
    2018: 1.003,
    2019: 1.0,
    2020: 0.997,
    2021: 1.03,
    2022: 1.06,
    2023: 1.05,
    2024: 1.06,
}


EPILOG = """output: <out>/migrations/migrations_<year>.parquet, <out>/births/births_<year>.parquet,
<out>/deaths/deaths_<year>.parquet and <out>/population/population_<YYYY-MM-DD>.parquet
(1 January of first..last+1, and 31 December of each year whose next 1 January changes
municipalities). Progress goes to stderr."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        epilog=EPILOG,
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=PROJECT_ROOT / "data" / "raw",
        help="output folder; stale *.parquet in its four table folders are removed first",
    )
    parser.add_argument("--first-year", type=int, default=2015, help="first event year")
    parser.add_argument("--last-year", type=int, default=2024, help="last event year")
    parser.add_argument("--seed", type=int, default=20151231, help="random seed")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help=f"multiplier for every event volume, {MIN_SCALE}-{MAX_SCALE} (quick tests); the "
        "2015 county table is reproduced exactly only at 1.0, other scales are approximate",
    )
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=PROJECT_ROOT.parent / "shared" / "reference",
        help="SSB reference data (population-1-january/, published/, county_names.csv)",
    )
    parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=PROJECT_ROOT / "seeds",
        help="folder with municipalities.csv and municipality_changes.csv",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    if args.first_year > args.last_year:
        parser.error("--first-year must not be after --last-year")
    if not MIN_SCALE <= args.scale <= MAX_SCALE:
        parser.error(f"--scale must be between {MIN_SCALE} and {MAX_SCALE}")
    return args


class Progress:
    """Elapsed-time messages on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(f"[{self.elapsed():6.1f}s] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Context:
    args: argparse.Namespace
    geo: Geography
    series: PopulationSeries
    baseline: Baseline
    compositions: dict[int, np.ndarray]
    imperfections: Imperfections


def prepare_output(out: Path) -> None:
    """Create the table folders and remove stale Parquet files in them (only there)."""
    for table in TABLES:
        folder = out / table
        folder.mkdir(parents=True, exist_ok=True)
        for stale in sorted(folder.glob("*.parquet")):
            stale.unlink()


def write(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd")


def stale_codes(geo: Geography, div: Division, rng: np.random.Generator) -> list[str]:
    """Real codes that are not valid in the division's year (valid a few years off)."""
    near = set()
    for year in range(div.year - 4, div.year + 5):
        near |= set(geo.codes_valid_on(date(year, 1, 1)))
    pool = sorted(near - set(div.codes)) or sorted(set(geo.all_codes()) - set(div.codes))
    return [str(c) for c in rng.choice(pool, size=min(3, len(pool)), replace=False)]


def vital_counts(
    ctx: Context, year: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Births by mothers' municipality and deaths by residence; men's share of deaths."""
    pop, s = ctx.series.jan1[year].astype(float), ctx.args.scale
    births = round(BIRTHS_2015 * year_factor(BIRTH_FACTOR, year) * s)
    deaths = round(DEATHS_2015 * year_factor(DEATH_FACTOR, year) * s)
    mothers = pop[:, 1, 20:45].sum(axis=1)
    risk = pop * DEATH_RATE[None, None, :]
    born = rng.multinomial(births, mothers / mothers.sum())
    died = rng.multinomial(deaths, risk.sum(axis=(1, 2)) / risk.sum())
    male_risk = risk[:, 0, :].sum(axis=1) * MALE_MORTALITY
    male = male_risk / (male_risk + risk[:, 1, :].sum(axis=1))
    return born, died, male


def build_moves(
    ctx: Context, year: int, counted: MoveRows, codes: list[str], rng: np.random.Generator
) -> tuple[MoveRows, int]:
    """Counted moves plus address changes, annulments and (last) the invalid rows."""
    imp, div = ctx.imperfections, ctx.series.divisions[year]
    chain_moves(counted, year, imp, rng)
    counted.registered = counted.day + registration_lags(rng, len(counted), 0.85)
    pop = ctx.series.totals(year).astype(float)
    addr = address_changes(pop, round(imp.address_changes * len(counted)), year, rng)
    addr.registered = addr.day + registration_lags(rng, len(addr), 0.85)
    annulled = annulled_moves(counted, imp.annulled_moves, year, rng)
    n, u, m = div.size, len(UNKNOWN_CODES), len(MALFORMED_CODES)
    bad = BadCodes(
        np.arange(n, n + u), np.arange(n + u, n + u + m), np.arange(n + u + m, len(codes))
    )
    counts = invalid_counts(INVALID_MOVE_KINDS, imp, ctx.args.scale, rng)
    invalid = invalid_moves(counted, bad, counts, rng)
    rows = concat_moves([counted, addr, annulled, invalid])
    fresh = rows.person < 0
    rows.person[fresh] = rows.person.max() + 1 + np.arange(fresh.sum())
    return rows, len(rows) - len(invalid)


def build_vitals(
    ctx: Context,
    year: int,
    counts: np.ndarray,
    male: np.ndarray,
    births: bool,
    rng: np.random.Generator,
) -> tuple[VitalRows, int]:
    """Births or deaths, followed by their invalid rows."""
    weights = day_weights(year, 190, 0.05, 0.0) if births else day_weights(year, 15, 0.12, 0.0)
    rows = vital_rows(counts, male, year, weights, rng)
    n = ctx.series.divisions[year].size
    wanted = invalid_counts(INVALID_VITAL_KINDS, ctx.imperfections, ctx.args.scale, rng)
    bad = invalid_vitals(rows, np.arange(n, n + len(UNKNOWN_CODES)), wanted, rng)
    fields = ("code", "sex", "day", "registered")
    both = VitalRows(*(np.concatenate([getattr(rows, f), getattr(bad, f)]) for f in fields))
    return both, rows.day.size


def year_codes(ctx: Context, div: Division, rng: np.random.Generator) -> list[str]:
    """The year's valid codes followed by the invalid ones its bad rows use."""
    return (
        list(div.codes)
        + list(UNKNOWN_CODES)
        + list(MALFORMED_CODES)
        + stale_codes(ctx.geo, div, rng)
    )


def generate_year(ctx: Context, year: int) -> dict[str, pa.Table]:
    """Migrations, births and deaths of one year."""
    rng = np.random.default_rng([ctx.args.seed, year])
    series, div, s = ctx.series, ctx.series.divisions[year], ctx.args.scale
    imp = ctx.imperfections
    born, died, male = vital_counts(ctx, year, rng)
    start = series.totals(year)
    target = (series.end_totals(year) - start) * s - born + died
    inputs = YearInputs(year, div, start, target, ctx.compositions[year], s)
    exact = year == CALIBRATION_YEAR and div.counties == ctx.baseline.published.counties
    flows = plan_year(ctx.baseline, inputs, rng, exact)
    codes = year_codes(ctx, div, rng)
    moves, clean = build_moves(ctx, year, counted_moves(flows, year, rng), codes, rng)
    births, clean_b = build_vitals(ctx, year, born, np.full(div.size, 0.513), True, rng)
    deaths, clean_d = build_vitals(ctx, year, died, male, False, rng)
    n_people = int(moves.person.max()) + 1
    people = 1 + rng.choice(
        PERSON_POOL, size=n_people + births.day.size + deaths.day.size, replace=False
    )
    sort_day = np.where(moves.day_missing, moves.registered, moves.day)
    delivery = deliver(sort_day, np.arange(len(moves)) < clean, imp.duplicate_moves, rng)
    tables = {"migrations": moves_table(moves, year, codes, people[:n_people], delivery)}
    offset = n_people
    for name, rows, n_clean, prefix in (
        ("births", births, clean_b, "B"),
        ("deaths", deaths, clean_d, "D"),
    ):
        size = rows.day.size
        delivery = deliver(rows.day, np.arange(size) < n_clean, imp.duplicate_vitals, rng)
        ids = people[offset : offset + size]
        offset += size
        column = "birth_date" if prefix == "B" else "death_date"
        tables[name] = vitals_table(rows, prefix, year, column, codes, ids, delivery)
    return tables


POPULATION_SCHEMA = pa.schema(
    [
        ("reference_date", pa.date32()),
        ("municipality_code", pa.string()),
        ("sex", pa.string()),
        ("age", pa.int32()),
        ("persons", pa.int64()),
    ]
)


def population_table(
    day: date, codes: tuple[str, ...], stock: np.ndarray, rng: np.random.Generator | None
) -> pa.Table:
    """One reference date; with ``rng``, a handful of invalid rows (1 January files)."""
    n = len(codes)
    code = np.repeat(np.array(codes, dtype=object), 2 * AGES)
    sex = np.tile(np.repeat(np.array(SEXES[:2], dtype=object), AGES), n)
    age = np.tile(np.arange(AGES), 2 * n)
    persons = stock.reshape(-1).astype(np.int64)
    if rng is not None:
        code, sex, age, persons = _with_invalid_population(day, code, sex, age, persons, rng)
    order = np.lexsort((age, sex.astype(str), code.astype(str)))
    return pa.table(
        {
            "reference_date": pa.array([day] * order.size, type=pa.date32()),
            "municipality_code": pa.array(code[order].tolist(), type=pa.string()),
            "sex": pa.array(sex[order].tolist(), type=pa.string()),
            "age": pa.array(age[order].astype(np.int32)),
            "persons": pa.array(persons[order]),
        },
        schema=POPULATION_SCHEMA,
    )


def _with_invalid_population(
    day: date,
    code: np.ndarray,
    sex: np.ndarray,
    age: np.ndarray,
    persons: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """An unknown code, a negative count (on an empty cell) and an age outside 0..105."""
    empty = np.flatnonzero(persons == 0)
    if empty.size:
        persons = persons.copy()
        persons[rng.choice(empty)] = -1
    valid_code = code[rng.integers(code.size)]
    extra_code = np.array([UNKNOWN_CODES[day.year % 2], valid_code], dtype=object)
    extra_sex = np.array(["F", "M"], dtype=object)
    extra_age = np.array([30, 106 if day.year % 2 else -1])
    extra_persons = np.array([2, 1], dtype=np.int64)
    return (
        np.concatenate([code, extra_code]),
        np.concatenate([sex, extra_sex]),
        np.concatenate([age, extra_age]),
        np.concatenate([persons, extra_persons]),
    )


def write_population(ctx: Context, out: Path, progress: Progress) -> None:
    """1 January files for first..last+1 and 31 December files before boundary changes."""
    args, series = ctx.args, ctx.series
    folder = out / "population"
    for year in range(args.first_year, args.last_year + 2):
        div = series.divisions[year]
        rng = np.random.default_rng([args.seed, year, 1])
        day = date(year, 1, 1)
        write(
            population_table(day, div.codes, series.jan1[year], rng),
            folder / f"population_{day.isoformat()}.parquet",
        )
    for year in range(args.first_year, args.last_year + 1):
        if ctx.geo.changes_on(date(year + 1, 1, 1)):
            day = date(year, 12, 31)
            stock = series.dec31[year]
            write(
                population_table(day, series.divisions[year].codes, stock, None),
                folder / f"population_{day.isoformat()}.parquet",
            )
    progress("population written")


def load_context(args: argparse.Namespace, progress: Progress) -> Context:
    geo = load_geography(args.seeds_dir)
    tables = read_population_tables(args.reference_dir / "population-1-january")
    progress(f"read StatBank 07459 for {min(tables)}-{max(tables)}")
    series = build_population(
        geo, tables, min(args.first_year, CALIBRATION_YEAR), args.last_year + 1
    )
    for year, codes in sorted(series.estimated.items()):
        progress(f"estimated {year} population of {', '.join(codes)} (missing in StatBank)")
    published = read_published(args.reference_dir, series.divisions[CALIBRATION_YEAR])
    baseline = make_baseline(published, series)
    return Context(args, geo, series, baseline, compositions(series), Imperfections())


def folder_size(out: Path) -> int:
    return sum(p.stat().st_size for t in TABLES for p in (out / t).glob("*.parquet"))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    progress = Progress(args.quiet)
    ctx = load_context(args, progress)
    out = args.out.resolve()
    prepare_output(out)
    for year in range(args.first_year, args.last_year + 1):
        for name, table in generate_year(ctx, year).items():
            write(table, out / name / f"{name}_{year}.parquet")
            progress(f"{year} {name}: {table.num_rows:,} rows")
    write_population(ctx, out, progress)
    if not args.quiet:
        size = folder_size(out) / 1e6
        print(f"wrote {out} ({size:.1f} MB) in {progress.elapsed():.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
