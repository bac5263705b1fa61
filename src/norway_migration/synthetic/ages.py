"""Birth dates and sexes of the people in the synthetic register, one year at a time.

Every person keeps one birth date and one sex across all their events (their moves in the year,
an annulled registration of one of them) and in the population counts: a mover leaves the
cohort of their age at the origin and joins it at the destination, so the year-end stock the
register delivers is, cohort by cohort, the 1 January stock aged by a year plus births, minus
deaths, plus moves in, minus moves out (``cohorts.py``), up to the few discrepancies the flows
leave (``flows.py``) and the few unusable birth dates and sexes delivered on purpose.

Who moves follows ``schedules.py``: a mover leaving a municipality is drawn from its residents
at risk (after the year's deaths, ``mortality.py``) weighted by the schedule of the kind of move
(between municipalities or to abroad); immigrants from their own profile; children 0-15 move
with a parent on the same route and day (a family). A person with several moves in the year is
placed by the first one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from norway_migration.synthetic.cohorts import (
    CELLS,
    assign_cells,
    assign_cells_by_score,
    cohort_view,
    draw_counts,
    year_end_stock,
)
from norway_migration.synthetic.countries import COUNTRIES
from norway_migration.synthetic.events import SEXES, MoveRows, VitalRows
from norway_migration.synthetic.mortality import death_cells, death_risk
from norway_migration.synthetic.schedules import (
    AGES,
    BOY_SHARE,
    CHILD_AGE_LIMIT,
    DOMESTIC,
    EMIGRATION,
    IMMIGRATION,
    WESTERN_STANDARD,
    FlowProfile,
    immigrant_weights,
    parent_age_at_birth_weights,
)

DOMESTIC_MOVE, EMIGRATION_MOVE, IMMIGRATION_MOVE = 0, 1, 2
PROFILES: dict[int, FlowProfile] = {
    DOMESTIC_MOVE: DOMESTIC,
    EMIGRATION_MOVE: EMIGRATION,
    IMMIGRATION_MOVE: IMMIGRATION,
}
OPEN_CLASS_EXTRA_YEARS = 0.45  # geometric: how far beyond 105 the oldest are
INVALID_SEX = SEXES.index("X")
# How many delivered birth dates or sexes are unusable on purpose, per kind, at full scale.
UNUSABLE_MIN, UNUSABLE_MAX = 5, 20
RANDOM_KEY = 1 << 20  # random tie-breaks packed below a sort key
# Families between municipalities: how much likelier a family is on a move to a smaller
# municipality than on a move to a larger one (factors on the profile's first_child).
FAMILY_DIRECTION = (1.45, 0.55)
# Young adults go rather to the larger municipalities: the score of a mover's age (highest at
# 24), matched loosely (unit normal noise) with the log of the destination's residents
# divided by CITY_PULL.
CITY_PULL = 1.2
YOUNG_ADULT_SCORE = -np.abs(np.tile(np.arange(AGES), 2) - 24) / 8.0


@dataclass(frozen=True)
class YearPeople:
    """The year's events as the generator built them (counted moves first among ``moves``,
    valid births and deaths first among theirs), and the stocks around them."""

    year: int
    start: np.ndarray  # 1 January stock (n, 2, AGES)
    end_totals: np.ndarray  # planned population at the end of the year (n,)
    moves: MoveRows
    counted: int
    births: VitalRows
    clean_births: int
    deaths: VitalRows
    clean_deaths: int


@dataclass(frozen=True)
class PersonColumns:
    """The delivered optional columns, and the cohort-consistent stock at the end of the year."""

    move_birth_day: np.ndarray  # days since 1970-01-01, per move row
    move_birth_missing: np.ndarray  # birth_date NULL
    move_sex: np.ndarray  # index into events.SEXES
    death_birth_day: np.ndarray  # per death row
    death_birth_missing: np.ndarray
    year_end: np.ndarray  # (n, 2, AGES)


def _first_moves(rows: MoveRows, counted: int) -> tuple[np.ndarray, np.ndarray]:
    """Each counted person's first move (row index) and whether it is their only one."""
    person, day = rows.person[:counted], rows.day[:counted]
    order = np.argsort(person * 1024 + (day - day.min()), kind="stable")
    first = np.ones(counted, dtype=bool)
    first[1:] = person[order][1:] != person[order][:-1]
    rows_of_person = np.bincount(person, minlength=int(person.max()) + 1)
    first_rows = order[first]
    return first_rows, rows_of_person[person[first_rows]] == 1


def _move_kind(rows: MoveRows, idx: np.ndarray) -> np.ndarray:
    kind = np.full(idx.size, DOMESTIC_MOVE)
    kind[rows.to_code[idx] < 0] = EMIGRATION_MOVE
    kind[rows.from_code[idx] < 0] = IMMIGRATION_MOVE
    return kind


@dataclass(frozen=True)
class Families:
    parent: np.ndarray  # row index of each child's parent
    child: np.ndarray  # row index of each child


def _families(
    rows: MoveRows, singles: np.ndarray, size: np.ndarray, rng: np.random.Generator
) -> Families:
    """Parents and children among single moves on one route (origin, destination and their
    countries): in each route, in random order, blocks of three moves are a parent, maybe a
    child and maybe a second child, as often as the route's kind of move has families;
    families move rather from larger to smaller municipalities (FAMILY_DIRECTION) than the
    other way."""
    n = size.size
    width = len(COUNTRIES) + 1
    route = (rows.from_code[singles] + 1) * (n + 2) + (rows.to_code[singles] + 1)
    route = (route * width + rows.from_country[singles] + 1) * width + rows.to_country[singles] + 1
    order = np.argsort(route * RANDOM_KEY + rng.integers(0, RANDOM_KEY, route.size))
    route, members = route[order], singles[order]
    position = np.arange(route.size) - np.searchsorted(route, route, side="left")
    slot = position % 3
    head = np.arange(route.size) - slot  # the block's first member, its parent
    kind = _move_kind(rows, members)
    first = np.array([PROFILES[k].first_child for k in range(3)])[kind]
    domestic = kind == DOMESTIC_MOVE
    outward = size[rows.from_code[members]] > size[np.maximum(rows.to_code[members], 0)]
    first = np.where(domestic, first * np.where(outward, *FAMILY_DIRECTION), first)
    second = np.array([PROFILES[k].second_child for k in range(3)])[kind]
    draw = rng.random((2, route.size))
    has_first = draw[0] < first
    has_second = has_first & (draw[1] < second)
    child = ((slot == 1) & has_first[head]) | ((slot == 2) & has_second[head])
    return Families(members[head[child]], members[child])


def _draw_at_origin(
    rows: MoveRows,
    idx: np.ndarray,
    weights_of: dict[int, np.ndarray],
    available: np.ndarray,
    size: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Cells of the movers ``idx``: from their origin's residents available (consumed) for a
    move between municipalities or abroad, from the immigrant profile for an immigration.
    Among the movers between municipalities of one origin, the young adults go rather to the
    larger destinations (``size``: residents), the older rather to the smaller."""
    n = available.shape[0]
    cells = np.empty(idx.size, dtype=np.int64)
    kind = _move_kind(rows, idx)
    for k in (DOMESTIC_MOVE, EMIGRATION_MOVE):
        mine = np.flatnonzero(kind == k)
        origin = rows.from_code[idx[mine]]
        totals = np.bincount(origin, minlength=n)
        # Above scale 1 the moves can outnumber an origin's (real-size) residents: there the
        # movers follow the schedule alone and the residents stop at 0 (never at scale 1).
        short = totals > (available * (weights_of[k] > 0)).sum(axis=1)
        weights = np.where(short[:, None], weights_of[k][None, :], available * weights_of[k])
        capacity = np.where(short[:, None], np.iinfo(np.int64).max // 4, available)
        counts = draw_counts(totals, weights, capacity, rng)
        if k == DOMESTIC_MOVE:
            destination = np.log(np.maximum(size[rows.to_code[idx[mine]]], 1.0))
            cells[mine] = assign_cells_by_score(
                origin, destination / CITY_PULL, counts, YOUNG_ADULT_SCORE, rng
            )
        else:
            cells[mine] = assign_cells(origin, counts, rng)
        np.maximum(available - counts, 0, out=available)
    mine = np.flatnonzero(kind == IMMIGRATION_MOVE)
    weights = weights_of[IMMIGRATION_MOVE]
    cells[mine] = rng.choice(CELLS, size=mine.size, p=weights / weights.sum())
    return cells


def _children(
    rows: MoveRows,
    families: Families,
    parent_cell: np.ndarray,
    available: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Children's cells (age = the parent's age minus the parent's age at the birth, drawn
    among the children aged 0-15 a parent of that age can have; a boy with BOY_SHARE) and
    which children are kept: one whose parent cannot have a child of 0-15, or whose origin has
    no resident of that age and sex left, moves as an adult instead."""
    parent_age = parent_cell % AGES
    weights = parent_age_at_birth_weights()
    age = np.full(families.child.size, -1, dtype=np.int64)
    for years in np.unique(parent_age):
        mine = np.flatnonzero(parent_age == years)
        w = weights[years]
        if w.sum() > 0:
            age[mine] = rng.choice(AGES, size=mine.size, p=w / w.sum())
    sex = (rng.random(families.child.size) >= BOY_SHARE).astype(np.int64)
    cell = sex * AGES + np.clip(age, 0, AGES - 1)
    keep = (age >= 0) & (age <= CHILD_AGE_LIMIT)
    origin = rows.from_code[families.child]
    at_home = keep & (origin >= 0)
    key = np.where(at_home, origin * CELLS + cell, -1)
    order = np.argsort((key + 1) * RANDOM_KEY + rng.integers(0, RANDOM_KEY, key.size))
    sorted_key = key[order]
    rank = np.arange(key.size) - np.searchsorted(sorted_key, sorted_key, side="left")
    room = np.where(sorted_key >= 0, available.ravel()[np.maximum(sorted_key, 0)], 0)
    fits = np.ones(key.size, dtype=bool)
    fits[order] = (sorted_key < 0) | (rank < room)
    keep &= fits
    taken = keep & at_home
    np.subtract.at(available, (origin[taken], cell[taken]), 1)
    return cell, keep


def _mover_cells(
    rows: MoveRows, counted: int, available: np.ndarray, size: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The cell of every counted person (by person id) and a mask of the family members."""
    first_rows, single = _first_moves(rows, counted)
    families = _families(rows, first_rows[single], size, rng)
    parent_weights = {k: PROFILES[k].parent_weights() for k in (DOMESTIC_MOVE, EMIGRATION_MOVE)}
    residents = available.sum(axis=0)
    parent_weights[IMMIGRATION_MOVE] = immigrant_weights(residents, parent=True)
    parents, first_of = np.unique(families.parent, return_inverse=True)
    parent_cells = _draw_at_origin(rows, parents, parent_weights, available, size, rng)
    child_cells, kept = _children(rows, families, parent_cells[first_of], available, rng)
    in_family = np.zeros(rows.day.size, dtype=bool)
    in_family[parents] = True
    in_family[families.child[kept]] = True
    is_parent = np.zeros(rows.day.size, dtype=bool)
    is_parent[parents] = True
    regular = first_rows[~is_parent[first_rows]]
    regular = regular[~np.isin(regular, families.child[kept])]
    adult_weights = {k: PROFILES[k].adult_weights() for k in (DOMESTIC_MOVE, EMIGRATION_MOVE)}
    adult_weights[IMMIGRATION_MOVE] = immigrant_weights(residents)
    regular_cells = _draw_at_origin(rows, regular, adult_weights, available, size, rng)
    cell_of = np.full(int(rows.person.max()) + 1, -1, dtype=np.int64)
    cell_of[rows.person[parents]] = parent_cells
    cell_of[rows.person[families.child[kept]]] = child_cells[kept]
    cell_of[rows.person[regular]] = regular_cells
    # A family moves together: the child's move on the parent's day.
    child, parent = families.child[kept], families.parent[kept]
    rows.day[child] = rows.day[parent]
    rows.registered[child] = rows.registered[parent]
    return cell_of, in_family


def _year_start_day(year: np.ndarray) -> np.ndarray:
    return (
        (np.asarray(year, dtype=np.int64) - 1970)
        .astype("datetime64[Y]")
        .astype("datetime64[D]")
        .astype(np.int64)
    )


def birth_days(
    cell: np.ndarray, year: int, latest: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A birth date (days since 1970-01-01) for each person of a cohort cell: in the year
    ``year - age`` (beyond 105, a few years more), never after the day ``latest``."""
    age = cell % AGES
    extra = np.where(
        age == AGES - 1, np.minimum(rng.geometric(OPEN_CLASS_EXTRA_YEARS, age.size) - 1, 8), 0
    )
    born_in = year - age - extra
    first = _year_start_day(born_in)
    span = _year_start_day(born_in + 1) - first
    span = np.where(born_in == year, np.maximum(np.minimum(span, latest - first + 1), 1), span)
    return first + np.floor(rng.random(age.size) * span).astype(np.int64)


def _unusable(count: int, pool: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    wanted = max(1, round(int(rng.integers(UNUSABLE_MIN, UNUSABLE_MAX + 1)) * min(1.0, scale)))
    return rng.choice(pool, size=min(count * wanted, pool.size), replace=False)


def person_columns(
    people: YearPeople, scale: float, male_mortality: float, rng: np.random.Generator
) -> PersonColumns:
    """Birth dates and sexes for every move and death row of the year, and the stock at the
    end of the year that follows them. Moves the children of moving families onto their
    parent's day (in ``people.moves``)."""
    rows, n = people.moves, people.start.shape[0]
    valid_births = slice(0, people.clean_births)
    born = np.bincount(
        people.births.code[valid_births] * 2 + people.births.sex[valid_births], minlength=2 * n
    ).reshape(n, 2)
    at_risk = cohort_view(people.start, born)
    valid_deaths = slice(0, people.clean_deaths)
    dead_code = people.deaths.code[valid_deaths]
    dead_cell = death_cells(
        at_risk, dead_code, people.deaths.sex[valid_deaths], male_mortality, rng
    )
    change = np.zeros((n, CELLS), dtype=np.int64)
    np.subtract.at(change, (dead_code, dead_cell), 1)
    size = people.start.sum(axis=(1, 2)).astype(float)
    cell_of, in_family = _mover_cells(rows, people.counted, at_risk + change, size, rng)
    fresh = cell_of < 0  # address changes and invalid rows: anyone
    national = at_risk.sum(axis=0) * np.concatenate(
        [WESTERN_STANDARD["M"].full(np.arange(AGES)), WESTERN_STANDARD["F"].full(np.arange(AGES))]
    )
    cell_of[fresh] = rng.choice(CELLS, size=int(fresh.sum()), p=national / national.sum())
    counted = slice(0, people.counted)
    cell = cell_of[rows.person[counted]]
    origin, destination = rows.from_code[counted], rows.to_code[counted]
    np.subtract.at(change, (origin[origin >= 0], cell[origin >= 0]), 1)
    np.add.at(change, (destination[destination >= 0], cell[destination >= 0]), 1)
    year_end = year_end_stock(at_risk, change, people.end_totals, rng)
    latest = np.full(cell_of.size, np.iinfo(np.int64).max)
    np.minimum.at(latest, rows.person, rows.day)
    move_birth = birth_days(cell_of, people.year, latest, rng)[rows.person]
    move_sex = cell_of[rows.person] // AGES
    missing = _spoil_moves(rows, people.counted, in_family, move_birth, move_sex, scale, rng)
    death_birth = _death_birth_days(people, dead_cell, at_risk, male_mortality, scale, rng)
    no_death_missing = np.zeros(people.deaths.day.size, dtype=bool)
    return PersonColumns(move_birth, missing, move_sex, death_birth, no_death_missing, year_end)


def _spoil_moves(
    rows: MoveRows,
    counted: int,
    in_family: np.ndarray,
    birth: np.ndarray,
    sex: np.ndarray,
    scale: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Deliver a few unusable values (in place), on counted persons with one row and no
    family: a birth date after the move, a sex X, and (returned as a mask) no birth date."""
    rows_of_person = np.bincount(rows.person)
    lone = np.flatnonzero((rows_of_person[rows.person[:counted]] == 1) & ~in_family[:counted])
    after, wrong_sex, unknown = np.array_split(_unusable(3, lone, scale, rng), 3)
    birth[after] = rows.day[after] + rng.integers(1, 200, after.size)
    sex[wrong_sex] = INVALID_SEX
    missing = np.zeros(rows.day.size, dtype=bool)
    missing[unknown] = True
    return missing


def _death_birth_days(
    people: YearPeople,
    dead_cell: np.ndarray,
    at_risk: np.ndarray,
    male_mortality: float,
    scale: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Birth dates of the dead: by their cohort (the invalid rows after the valid ones: any
    cohort, by the country's deaths), a few delivered after the death."""
    deaths = people.deaths
    cell = np.empty(deaths.day.size, dtype=np.int64)
    cell[: people.clean_deaths] = dead_cell
    weights = at_risk.sum(axis=0) * death_risk(male_mortality)
    extra = deaths.day.size - people.clean_deaths
    cell[people.clean_deaths :] = rng.choice(CELLS, size=extra, p=weights / weights.sum())
    birth = birth_days(cell, people.year, deaths.day, rng)
    late = _unusable(1, np.arange(people.clean_deaths), scale, rng)
    birth[late] = deaths.day[late] + rng.integers(1, 200, late.size)
    return birth


def person_numbers(
    rng: np.random.Generator, size: int, year: int, first_year: int, last_year: int, pool: int
) -> np.ndarray:
    """Distinct person numbers 1..pool for the year's people, from a block of the pool of its
    own (one per year of the run), so that no person number stands for two people of
    different years: a person keeps one birth date and one sex in the whole register. Where the
    blocks are too small for the run (a very large scale over many years), the whole pool."""
    years = last_year - first_year + 1
    block = pool // years
    if size > block:
        return 1 + rng.choice(pool, size=size, replace=False)
    return 1 + (year - first_year) * block + rng.choice(block, size=size, replace=False)
