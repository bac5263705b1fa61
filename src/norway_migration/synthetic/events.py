"""Event rows of the synthetic register (moves, births, deaths) with realistic imperfections:
duplicate deliveries, annulled and late-registered moves, address changes, repeat movers
and a few invalid rows of every kind the raw contract names."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from norway_migration.synthetic.countries import (
    COUNTRIES,
    EMIGRATION_COUNTRIES,
    IMMIGRATION_COUNTRIES,
    country_weights,
)
from norway_migration.synthetic.flows import YearFlows

EPOCH = date(1970, 1, 1)
STATUSES = ("active", "annulled", "pending", "ACTIVE")
SEXES = ("M", "F", "K", "X", "m")  # the last three are invalid values
UNKNOWN_CODES = ("0000", "9998")
MALFORMED_CODES = ("301", "03O1")
PERSON_POOL = 99_999_999


@dataclass(frozen=True)
class Imperfections:
    """Shares of the imperfect rows, relative to the counted events of a year."""

    duplicate_moves: float = 0.005
    annulled_moves: float = 0.003
    address_changes: float = 0.10
    two_move_chains: float = 0.033
    three_move_chains: float = 0.007
    duplicate_vitals: float = 0.001
    invalid_min: int = 5
    invalid_max: int = 20


def day_weights(year: int, peak_day: int, amplitude: float, month_edges: float) -> np.ndarray:
    """Relative frequency of each day of ``year``: a seasonal wave plus month-edge peaks."""
    n = 366 if calendar.isleap(year) else 365
    doy = np.arange(n)
    w = 1.0 + amplitude * np.cos(2 * np.pi * (doy - peak_day) / n)
    days = np.datetime64(f"{year}-01-01") + doy
    dom = (days - days.astype("datetime64[M]")).astype(int) + 1
    last = (days + 1).astype("datetime64[M]") != days.astype("datetime64[M]")
    w += month_edges * ((dom == 1) | last)
    return w / w.sum()


def year_start(year: int) -> int:
    return (date(year, 1, 1) - EPOCH).days


def sample_days(rng: np.random.Generator, n: int, year: int, weights: np.ndarray) -> np.ndarray:
    return year_start(year) + rng.choice(weights.size, size=n, p=weights)


def registration_lags(rng: np.random.Generator, n: int, quick: float) -> np.ndarray:
    """Days from event to registration: mostly a few days, sometimes weeks."""
    short = rng.geometric(0.35, n) - 1
    late = 7 + rng.geometric(0.07, n)
    return np.minimum(np.where(rng.random(n) < quick, short, late), 150)


@dataclass
class MoveRows:
    """Moves as index arrays: codes index the year's code list, -1 means NULL."""

    from_code: np.ndarray
    to_code: np.ndarray
    from_country: np.ndarray
    to_country: np.ndarray
    day: np.ndarray  # days since 1970-01-01
    person: np.ndarray  # local person number
    status: np.ndarray  # index into STATUSES
    day_missing: np.ndarray  # move_date NULL
    registered: np.ndarray  # days since 1970-01-01

    def __len__(self) -> int:
        return self.day.size

    def take(self, idx: np.ndarray) -> MoveRows:
        return MoveRows(**{k: v[idx] for k, v in self.__dict__.items()})


def concat_moves(parts: list[MoveRows]) -> MoveRows:
    return MoveRows(
        **{k: np.concatenate([getattr(p, k) for p in parts]) for k in parts[0].__dict__}
    )


def _moves(
    from_code: np.ndarray,
    to_code: np.ndarray,
    from_country: np.ndarray,
    to_country: np.ndarray,
    day: np.ndarray,
) -> MoveRows:
    n = day.size
    return MoveRows(
        from_code.astype(np.int64),
        to_code.astype(np.int64),
        from_country.astype(np.int64),
        to_country.astype(np.int64),
        day.astype(np.int64),
        np.full(n, -1, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=bool),
        np.zeros(n, dtype=np.int64),
    )


def counted_moves(flows: YearFlows, year: int, rng: np.random.Generator) -> MoveRows:
    """Immigrations, emigrations and moves between municipalities (what SSB counts)."""
    n = flows.immigration.size
    imm_to = np.repeat(np.arange(n), flows.immigration)
    emig_from = np.repeat(np.arange(n), flows.emigration)
    none_imm, none_emig = np.full(imm_to.size, -1), np.full(emig_from.size, -1)
    none_dom = np.full(flows.origin.size, -1)
    countries_in = rng.choice(
        len(COUNTRIES), imm_to.size, p=country_weights(IMMIGRATION_COUNTRIES, year)
    )
    countries_out = rng.choice(
        len(COUNTRIES), emig_from.size, p=country_weights(EMIGRATION_COUNTRIES, year)
    )
    total = imm_to.size + emig_from.size + flows.origin.size
    days = sample_days(rng, total, year, day_weights(year, 212, 0.25, 0.6))
    return _moves(
        np.concatenate([none_imm, emig_from, flows.origin]),
        np.concatenate([imm_to, none_emig, flows.destination]),
        np.concatenate([countries_in, none_emig, none_dom]),
        np.concatenate([none_imm, countries_out, none_dom]),
        days,
    )


def address_changes(
    population: np.ndarray, count: int, year: int, rng: np.random.Generator
) -> MoveRows:
    """Moves inside one municipality (from = to): delivered, never counted as migration."""
    muni = rng.choice(population.size, count, p=population / population.sum())
    none = np.full(count, -1)
    days = sample_days(rng, count, year, day_weights(year, 212, 0.2, 0.6))
    return _moves(muni, muni, none, none, days)


def random_tie_order(keys: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices that sort integer ``keys``, ties in random order: the order of
    ``np.lexsort((rng.random(n), keys))`` from the same draws, about four times faster (one
    sort of key + draw; keys are shifted to start at 0 so that the sum keeps the draw's
    precision: two draws would have to agree to about 1e-13 to tie)."""
    draw = rng.random(keys.size)
    if keys.size == 0:
        return np.zeros(0, dtype=np.intp)
    return np.argsort((keys - keys.min()).astype(np.float64) + draw)


def _match(
    keys_a: np.ndarray,
    ids_a: np.ndarray,
    keys_b: np.ndarray,
    ids_b: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Pair members of ``a`` and ``b`` that share a key, at random."""

    def ranked(keys: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        order = random_tie_order(keys, rng)
        k, i = keys[order], ids[order]
        rank = np.arange(k.size) - np.searchsorted(k, k, side="left")
        return k * 10_000_000 + rank, i

    ka, ia = ranked(keys_a, ids_a)
    kb, ib = ranked(keys_b, ids_b)
    _, pa_idx, pb_idx = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    return ia[pa_idx], ib[pb_idx]


def _order_chain_days(days: np.ndarray, first: int, last: int) -> np.ndarray:
    """Sort each chain's dates and make them strictly increasing inside the year."""
    d = np.sort(days, axis=1)
    for j in range(1, d.shape[1]):
        d[:, j] = np.maximum(d[:, j], d[:, j - 1] + 1)
    d[:, -1] = np.minimum(d[:, -1], last)
    for j in range(d.shape[1] - 2, -1, -1):
        d[:, j] = np.minimum(d[:, j], d[:, j + 1] - 1)
    assert (d[:, 0] >= first).all()
    return d


def chain_moves(rows: MoveRows, year: int, imp: Imperfections, rng: np.random.Generator) -> None:
    """Give some people two or three successive moves (to of one = from of the next)."""
    n = len(rows)
    rows.person[:] = np.arange(n)
    k2, k3 = round(imp.two_move_chains * n), round(imp.three_move_chains * n)
    starts_home = np.flatnonzero(rows.from_code >= 0)
    second = rng.choice(starts_home, size=min(k2 + k3, starts_home.size), replace=False)
    taken = np.zeros(n, dtype=bool)
    taken[second] = True
    ends_home = np.flatnonzero((rows.to_code >= 0) & ~taken)
    f, s = _match(rows.to_code[ends_home], ends_home, rows.from_code[second], second, rng)
    taken[f] = True
    middle_pool = np.flatnonzero(rows.to_code[s] >= 0)
    middle_pick = rng.choice(middle_pool, size=min(k3, middle_pool.size), replace=False)
    free = np.flatnonzero((rows.from_code >= 0) & ~taken)
    mid, t = _match(rows.to_code[s[middle_pick]], middle_pick, rows.from_code[free], free, rng)
    three = np.zeros(f.size, dtype=bool)
    three[mid] = True
    first, last = year_start(year), year_start(year + 1) - 1
    pairs = np.stack([f[~three], s[~three]], axis=1)
    triples = np.stack([f[mid], s[mid], t], axis=1)
    for chain in (pairs, triples):
        rows.day[chain] = _order_chain_days(rows.day[chain], first, last)
        rows.person[chain] = rows.person[chain[:, :1]]


def annulled_moves(rows: MoveRows, share: float, year: int, rng: np.random.Generator) -> MoveRows:
    """Registrations later annulled: a real mover's route, an own event, never counted."""
    pick = rng.choice(len(rows), size=round(share * len(rows)), replace=False)
    out = rows.take(np.sort(pick))
    out.day = np.clip(
        out.day + rng.integers(-20, 21, out.day.size), year_start(year), year_start(year + 1) - 1
    )
    out.registered = out.day + registration_lags(rng, out.day.size, 0.85)
    out.status[:] = STATUSES.index("annulled")
    return out


@dataclass(frozen=True)
class BadCodes:
    """Indices of invalid codes appended after the year's valid codes."""

    unknown: np.ndarray
    malformed: np.ndarray
    stale: np.ndarray


def _templates(rows: MoveRows, mask: np.ndarray, k: int, rng: np.random.Generator) -> MoveRows:
    pool = np.flatnonzero(mask)
    out = rows.take(rng.choice(pool, size=k, replace=True))
    out.person = np.full(k, -1)
    out.status = np.zeros(k, dtype=np.int64)
    return out


def _set_code(rows: MoveRows, values: np.ndarray) -> MoveRows:
    side = np.arange(len(rows)) % 2 == 0
    rows.to_code = np.where(side, values, rows.to_code)
    rows.from_code = np.where(side, rows.from_code, values)
    return rows


def invalid_moves(
    rows: MoveRows, bad: BadCodes, counts: dict[str, int], rng: np.random.Generator
) -> MoveRows:
    """A few rows breaking each contract rule, on top of the counted moves."""
    domestic = (rows.from_code >= 0) & (rows.to_code >= 0) & (rows.from_code != rows.to_code)
    immigration, emigration = rows.from_code < 0, rows.to_code < 0
    anything = np.ones(len(rows), dtype=bool)
    parts = []

    def cycle(values: np.ndarray, k: int) -> np.ndarray:
        return values[np.arange(k) % values.size]

    k = counts["unknown_municipality_code"]
    parts.append(_set_code(_templates(rows, domestic, k, rng), cycle(bad.unknown, k)))
    k = counts["code_not_valid_on_move_date"]
    parts.append(_set_code(_templates(rows, domestic, k, rng), cycle(bad.stale, k)))
    k = counts["malformed_code"]
    parts.append(_set_code(_templates(rows, domestic, k, rng), cycle(bad.malformed, k)))
    k = counts["code_and_country_both_set"]
    both = _templates(rows, domestic, k, rng)
    country, origin = rng.choice(len(COUNTRIES), k), np.arange(k) % 2 == 0
    both.from_country = np.where(origin, country, -1)
    both.to_country = np.where(origin, -1, country)
    parts.append(both)
    k = counts["code_and_country_both_missing"]
    neither = _templates(rows, immigration | emigration, k, rng)
    neither.from_country = np.where(neither.from_code < 0, -1, neither.from_country)
    neither.to_country = np.where(neither.to_code < 0, -1, neither.to_country)
    parts.append(neither)
    k = counts["move_date_after_registered_date"]
    early = _templates(rows, anything, k, rng)
    early.registered = early.day - rng.integers(1, 31, k)
    parts.append(early)
    k = counts["status_outside_values"]
    status = _templates(rows, anything, k, rng)
    status.status = np.where(np.arange(k) % 2 == 0, 2, 3)
    parts.append(status)
    k = counts["missing_move_date"]
    missing = _templates(rows, anything, k, rng)
    missing.day_missing = np.ones(k, dtype=bool)
    parts.append(missing)
    return concat_moves(parts)


INVALID_MOVE_KINDS = (
    "unknown_municipality_code",
    "code_not_valid_on_move_date",
    "malformed_code",
    "code_and_country_both_set",
    "code_and_country_both_missing",
    "move_date_after_registered_date",
    "status_outside_values",
    "missing_move_date",
)
INVALID_VITAL_KINDS = ("unknown_municipality_code", "sex_outside_values", "date_after_registered")


def invalid_counts(
    kinds: tuple[str, ...], imp: Imperfections, scale: float, rng: np.random.Generator
) -> dict[str, int]:
    """How many invalid rows of each kind (5-20 at full scale, at least one)."""
    raw = rng.integers(imp.invalid_min, imp.invalid_max + 1, len(kinds))
    return {k: max(1, round(int(v) * min(1.0, scale))) for k, v in zip(kinds, raw, strict=True)}


def format_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Fixed-width identifiers such as ``M2015-0000001`` without a Python loop."""
    n = numbers.size
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    buf = np.empty((n, head.size + width), dtype=np.uint8)
    buf[:, : head.size] = head
    rest = numbers.astype(np.int64)
    for column in range(head.size + width - 1, head.size - 1, -1):  # last digit first
        rest, digit = np.divmod(rest, 10)
        buf[:, column] = digit + 48
    offsets = np.arange(n + 1, dtype=np.int32) * buf.shape[1]
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(buf.tobytes()))


def lookup(idx: np.ndarray, values: tuple[str, ...] | list[str]) -> pa.Array:
    """Strings by index; -1 gives NULL."""
    indices = pa.array(idx.astype(np.int32), mask=idx < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(values))).dictionary_decode()


def dates(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), mask=missing).cast(pa.date32())


@dataclass(frozen=True)
class Delivery:
    """Final row order: events numbered chronologically, duplicates right after originals."""

    order: np.ndarray  # event index for each output row
    number: np.ndarray  # event number (1-based) for each output row


def deliver(
    sort_day: np.ndarray, duplicable: np.ndarray, share: float, rng: np.random.Generator
) -> Delivery:
    order = random_tie_order(sort_day, rng)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    pool = np.flatnonzero(duplicable)
    twice = np.zeros(sort_day.size, dtype=np.int64)
    twice[
        rng.choice(pool, size=min(pool.size, max(1, round(share * pool.size))), replace=False)
    ] = 1
    rows = np.repeat(order, 1 + twice[order])
    return Delivery(rows, rank[rows] + 1)


def moves_table(
    rows: MoveRows,
    year: int,
    codes: list[str],
    person_ids: np.ndarray,
    delivery: Delivery,
    extra: dict[str, pa.Array] | None = None,
) -> pa.Table:
    """The migrations file; ``extra`` columns (one value per row of ``rows``, e.g. the
    optional birth_date and sex of contract v2) follow the contract's columns."""
    r = rows.take(delivery.order)
    return pa.table(
        {
            "event_id": format_ids(f"M{year}-", delivery.number, 7),
            "person_id": format_ids("P", person_ids[r.person], 8),
            "move_date": dates(r.day, r.day_missing),
            "registered_date": dates(r.registered),
            "from_municipality_code": lookup(r.from_code, codes),
            "to_municipality_code": lookup(r.to_code, codes),
            "from_country_code": lookup(r.from_country, COUNTRIES),
            "to_country_code": lookup(r.to_country, COUNTRIES),
            "status": lookup(r.status, STATUSES),
            **_in_delivery_order(extra, delivery),
        }
    )


def _in_delivery_order(
    extra: dict[str, pa.Array] | None, delivery: Delivery
) -> dict[str, pa.Array]:
    order = pa.array(delivery.order)
    return {name: column.take(order) for name, column in (extra or {}).items()}


@dataclass
class VitalRows:
    code: np.ndarray
    sex: np.ndarray
    day: np.ndarray
    registered: np.ndarray

    def take(self, idx: np.ndarray) -> VitalRows:
        return VitalRows(**{k: v[idx] for k, v in self.__dict__.items()})


def vital_rows(
    counts: np.ndarray,
    male_share: np.ndarray,
    year: int,
    weights: np.ndarray,
    rng: np.random.Generator,
) -> VitalRows:
    """One row per birth or death: municipality, sex, date and registration date."""
    code = np.repeat(np.arange(counts.size), counts)
    sex = (rng.random(code.size) >= male_share[code]).astype(np.int64)
    day = sample_days(rng, code.size, year, weights)
    return VitalRows(code, sex, day, day + 1 + registration_lags(rng, code.size, 0.9))


def invalid_vitals(
    rows: VitalRows, unknown: np.ndarray, counts: dict[str, int], rng: np.random.Generator
) -> VitalRows:
    """Rows with an unknown municipality, a sex outside M/F or a date after registration."""
    parts = []
    for kind, k in counts.items():
        part = rows.take(rng.choice(len(rows.day), size=k))
        if kind == "unknown_municipality_code":
            part.code = unknown[np.arange(k) % unknown.size]
        elif kind == "sex_outside_values":
            part.sex = 2 + np.arange(k) % 3
        else:
            part.registered = part.day - rng.integers(1, 31, k)
        parts.append(part)
    return VitalRows(
        *(
            np.concatenate([getattr(p, f) for p in parts])
            for f in ("code", "sex", "day", "registered")
        )
    )


def vitals_table(
    rows: VitalRows,
    prefix: str,
    year: int,
    date_column: str,
    codes: list[str],
    person_ids: np.ndarray,
    delivery: Delivery,
    extra: dict[str, pa.Array] | None = None,
) -> pa.Table:
    r = rows.take(delivery.order)
    return pa.table(
        {
            "event_id": format_ids(f"{prefix}{year}-", delivery.number, 7),
            "person_id": format_ids("P", person_ids[delivery.order], 8),
            date_column: dates(r.day),
            "registered_date": dates(r.registered),
            "municipality_code": lookup(r.code, codes),
            "sex": lookup(r.sex, SEXES),
            **_in_delivery_order(extra, delivery),
        }
    )
