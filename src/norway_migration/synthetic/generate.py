"""One run of the synthetic register: a national-scale Norwegian population register as Parquet.

Writes the layout of ``shared/contracts/raw-register.md`` (migrations, births, deaths,
population) under ``out``. Population stocks come from StatBank table 07459 (projected past its
last year); counted moves of 2015 reproduce SSB's published county table exactly at scale 1.
The same options always give byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from norway_migration.progress import Progress
from norway_migration.synthetic.ages import YearPeople, person_columns, person_numbers
from norway_migration.synthetic.cohorts import next_division
from norway_migration.synthetic.events import (
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
    dates,
    day_weights,
    deliver,
    invalid_counts,
    invalid_moves,
    invalid_vitals,
    lookup,
    moves_table,
    registration_lags,
    vital_rows,
    vitals_table,
)
from norway_migration.synthetic.flows import (
    CALIBRATION_YEAR,
    Baseline,
    YearInputs,
    compositions,
    make_baseline,
    plan_year,
    read_published,
    year_factor,
)
from norway_migration.synthetic.geography import Division, Geography, load_geography
from norway_migration.synthetic.options import GeneratorOptions
from norway_migration.synthetic.population import (
    DEATH_RATE,
    PopulationSeries,
    build_population,
    read_population_tables,
)
from norway_migration.synthetic.writer import (
    Write,
    background_writes,
    population_table,
    prepare_output,
)

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


@dataclass(frozen=True)
class Context:
    options: GeneratorOptions
    geo: Geography
    series: PopulationSeries
    baseline: Baseline
    compositions: dict[int, np.ndarray]
    imperfections: Imperfections


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
    pop, s = ctx.series.jan1[year].astype(float), ctx.options.scale
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
    counts = invalid_counts(INVALID_MOVE_KINDS, imp, ctx.options.scale, rng)
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
    wanted = invalid_counts(INVALID_VITAL_KINDS, ctx.imperfections, ctx.options.scale, rng)
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
    rng = np.random.default_rng([ctx.options.seed, year])
    series, div, s = ctx.series, ctx.series.divisions[year], ctx.options.scale
    imp = ctx.imperfections
    born, died, male = vital_counts(ctx, year, rng)
    start = series.totals(year)
    target = (series.end_totals(year) - start) * s - born + died
    inputs = YearInputs(year, div, start, target, ctx.compositions[year], s)
    exact = year == CALIBRATION_YEAR and div.counties == ctx.baseline.published.counties
    flows = plan_year(ctx.baseline, inputs, rng, exact)
    codes = year_codes(ctx, div, rng)
    counted = counted_moves(flows, year, rng)
    n_counted = len(counted)
    moves, clean = build_moves(ctx, year, counted, codes, rng)
    births, clean_b = build_vitals(ctx, year, born, np.full(div.size, 0.513), True, rng)
    deaths, clean_d = build_vitals(ctx, year, died, male, False, rng)
    people_of_year = YearPeople(
        year,
        series.jan1[year],
        series.end_totals(year),
        moves,
        n_counted,
        births,
        clean_b,
        deaths,
        clean_d,
    )
    persons = person_columns(
        people_of_year, s, MALE_MORTALITY, np.random.default_rng([ctx.options.seed, year, 2])
    )
    keep_cohorts(series, year, persons.year_end)
    n_people = int(moves.person.max()) + 1
    people = person_numbers(
        rng,
        n_people + births.day.size + deaths.day.size,
        year,
        ctx.options.first_year,
        ctx.options.last_year,
        PERSON_POOL,
    )
    sort_day = np.where(moves.day_missing, moves.registered, moves.day)
    delivery = deliver(sort_day, np.arange(len(moves)) < clean, imp.duplicate_moves, rng)
    optional = {
        "birth_date": dates(persons.move_birth_day, persons.move_birth_missing),
        "sex": lookup(persons.move_sex, SEXES),
    }
    tables = {"migrations": moves_table(moves, year, codes, people[:n_people], delivery, optional)}
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
        extra = (
            {"birth_date": dates(persons.death_birth_day, persons.death_birth_missing)}
            if prefix == "D"
            else None
        )
        tables[name] = vitals_table(rows, prefix, year, column, codes, ids, delivery, extra)
    return tables


def keep_cohorts(series: PopulationSeries, year: int, year_end: np.ndarray) -> None:
    """Replace the year's 31 December stock and the next 1 January's by the cohort-consistent
    ones the year's events give (same totals by municipality, ages that follow every person):
    the next year is generated from them, and write_population writes them."""
    series.dec31[year] = year_end
    new_totals = series.totals(year + 1)
    series.jan1[year + 1] = next_division(year_end, series.transitions[year], new_totals)


def write_population(ctx: Context, out: Path, write: Write) -> None:
    """1 January files for first..last+1 and 31 December files before boundary changes."""
    options, series = ctx.options, ctx.series
    folder = out / "population"
    for year in range(options.first_year, options.last_year + 2):
        div = series.divisions[year]
        rng = np.random.default_rng([options.seed, year, 1])
        day = date(year, 1, 1)
        write(
            population_table(day, div.codes, series.jan1[year], rng),
            folder / f"population_{day.isoformat()}.parquet",
        )
    for year in range(options.first_year, options.last_year + 1):
        if ctx.geo.changes_on(date(year + 1, 1, 1)):
            day = date(year, 12, 31)
            stock = series.dec31[year]
            write(
                population_table(day, series.divisions[year].codes, stock, None),
                folder / f"population_{day.isoformat()}.parquet",
            )


def load_context(options: GeneratorOptions, progress: Progress) -> Context:
    geo = load_geography(options.seeds_dir)
    first = min(options.first_year, CALIBRATION_YEAR)
    tables = read_population_tables(options.reference_dir / "population-1-january", first)
    progress(f"read StatBank 07459 for {min(tables)}-{max(tables)}")
    series = build_population(geo, tables, first, options.last_year + 1)
    for year, codes in sorted(series.estimated.items()):
        progress(f"estimated {year} population of {', '.join(codes)} (missing in StatBank)")
    published = read_published(options.reference_dir, series.divisions[CALIBRATION_YEAR])
    baseline = make_baseline(published, series)
    return Context(options, geo, series, baseline, compositions(series), Imperfections())


def generate_register(options: GeneratorOptions, progress: Progress) -> Path:
    """Write the register the options ask for; returns the (resolved) output folder."""
    ctx = load_context(options, progress)
    out = options.out.resolve()
    prepare_output(out)
    with background_writes() as write:
        for year in range(options.first_year, options.last_year + 1):
            for name, table in generate_year(ctx, year).items():
                write(table, out / name / f"{name}_{year}.parquet")
                progress(f"{year} {name}: {table.num_rows:,} rows")
            progress.advance()
        write_population(ctx, out, write)
    progress("population written")
    progress.advance()
    return out
