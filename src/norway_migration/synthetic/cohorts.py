"""Cohort-consistent population stocks for the synthetic register.

Ages follow the raw-register contract (v2): an event's age is the statistical year minus the
year of birth (the cohort), and the population on 1 January Y counts ages at the end of Y - 1.
So the persons of cohort a (aged a at the end of Y) are those aged a - 1 on 1 January Y (for
the open class 105, aged 104 and 105+; for cohort 0, the year's births), and a municipality's
stock at the end of Y is, cohort by cohort, its stock on 1 January aged by a year plus births,
minus deaths, plus moves in, minus moves out. This module keeps that account: cells are
``sex * AGES + age`` (sex 0 = M, 1 = F), 2 x 106 of them per municipality.
"""

from __future__ import annotations

import numpy as np

from norway_migration.synthetic.geography import Transition
from norway_migration.synthetic.numeric import fit_integer_matrix, round_grouped
from norway_migration.synthetic.schedules import AGES

CELLS = 2 * AGES


def cohort_view(start: np.ndarray, births: np.ndarray) -> np.ndarray:
    """Persons at risk by cohort (n, CELLS): 1 January stocks (n, 2, AGES) aged by a year,
    the open class gathered, births (n, 2) as cohort 0."""
    n = start.shape[0]
    out = np.zeros((n, 2, AGES), dtype=np.int64)
    out[:, :, 1:] = start[:, :, :-1]
    out[:, :, -1] += start[:, :, -1]
    out[:, :, 0] = births
    return out.reshape(n, CELLS)


def draw_counts(
    totals: np.ndarray,
    weights: np.ndarray,
    capacity: np.ndarray | None,
    rng: np.random.Generator,
) -> np.ndarray:
    """For each group (row), ``totals[g]`` items spread over the cells in proportion to
    ``weights[g]``, never more than ``capacity[g]`` in a cell (when given): multinomial
    draws, the excess over a cell's capacity drawn again among cells with room."""
    totals = np.asarray(totals, dtype=np.int64)
    w = np.asarray(weights, dtype=float)
    if capacity is not None:
        w = np.where(capacity > 0, w, 0.0)
    counts = _multinomial(totals, w, rng)
    if capacity is None:
        return counts
    for _ in range(50):
        over = np.maximum(counts - capacity, 0)
        if not over.any():
            return counts
        counts -= over
        room = capacity - counts
        w = np.where(room > 0, np.where(w > 0, w, 1e-9), 0.0)
        counts += _multinomial(over.sum(axis=1), w, rng)
    over = np.maximum(counts - capacity, 0)
    if over.any():
        raise ValueError("more items than the cells can hold")
    return counts


def _multinomial(n: np.ndarray, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    sums = weights.sum(axis=1, keepdims=True)
    if ((sums[:, 0] <= 0) & (n > 0)).any():
        raise ValueError("items to place in a group without any cell")
    p = np.divide(weights, sums, out=np.full_like(weights, 1.0 / weights.shape[1]), where=sums > 0)
    return rng.multinomial(n, p)


def assign_cells(group: np.ndarray, counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The cell of each item, items of group g taking the cells counted in ``counts[g]``
    (which must sum to the group's items) in random order."""
    order = np.argsort(group * (1 << 20) + rng.integers(0, 1 << 20, group.size))
    cells = np.repeat(np.tile(np.arange(counts.shape[1]), counts.shape[0]), counts.ravel())
    out = np.empty(group.size, dtype=np.int64)
    out[order] = cells
    return out


def assign_cells_by_score(
    group: np.ndarray,
    item_score: np.ndarray,
    counts: np.ndarray,
    cell_score: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Like assign_cells, but within each group the items with the highest scores (plus unit
    normal noise) take the cells with the highest scores (plus unit normal noise): a loose
    matching, e.g. young adults rather to the cities."""
    item_order = np.lexsort((-(item_score + rng.normal(size=group.size)), group))
    cells = np.repeat(np.tile(np.arange(counts.shape[1]), counts.shape[0]), counts.ravel())
    cell_group = np.repeat(np.arange(counts.shape[0]), counts.sum(axis=1))
    cell_order = np.lexsort((-(cell_score[cells] + rng.normal(size=cells.size)), cell_group))
    out = np.empty(group.size, dtype=np.int64)
    out[item_order] = cells[cell_order]
    return out


def year_end_stock(
    at_risk: np.ndarray,
    change: np.ndarray,
    end_totals: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """The stock at the end of the year by cohort (n, 2, AGES): the persons at risk plus the
    year's net change by cell (deaths and moves), plus, where the municipality's account does
    not close on the planned year-end total (the flows could not meet it), the difference
    spread over its cohorts in proportion to their persons: the register's few recorded
    discrepancies."""
    stock = at_risk + change
    # Only above scale 1 (more moves than the real-size population can give) does a cohort
    # have more leavers than persons: its count stops at 0 and the account records the rest
    # as a discrepancy.
    np.maximum(stock, 0, out=stock)
    gap = np.asarray(end_totals, dtype=np.int64) - stock.sum(axis=1)
    weights = stock.astype(float) + 1e-6
    stock += draw_counts(np.maximum(gap, 0), weights, None, rng)
    stock -= draw_counts(np.maximum(-gap, 0), weights, stock, rng)
    return stock.reshape(-1, 2, AGES)


def next_division(stock: np.ndarray, tr: Transition, new_totals: np.ndarray) -> np.ndarray:
    """1 January of the next year in its division (n_new, 2, AGES) from the stock at the end
    of the year (n_old, 2, AGES): whole units carried as they are, a split unit's cohorts
    shared among its successors so that each successor gets its planned total (exactly, where
    it has only one split predecessor; by the transition's weights otherwise)."""
    if not tr.changed:
        return stock.copy()
    n_new = new_totals.size
    flat = stock.reshape(-1, CELLS)
    out = np.zeros((n_new, CELLS), dtype=np.int64)
    out_degree = np.bincount(tr.old_idx, minlength=flat.shape[0])
    whole = out_degree[tr.old_idx] == 1
    np.add.at(out, tr.new_idx[whole], flat[tr.old_idx[whole]])
    split_edges = np.flatnonzero(~whole)
    split_into = np.bincount(tr.new_idx[split_edges], minlength=n_new)
    for old in np.unique(tr.old_idx[split_edges]):
        edges = split_edges[tr.old_idx[split_edges] == old]
        targets = tr.new_idx[edges]
        need = np.asarray(new_totals, dtype=np.int64)[targets] - out[targets].sum(axis=1)
        cells = flat[old]
        if (split_into[targets] == 1).all() and (need >= 0).all() and need.sum() == cells.sum():
            seed = np.outer(cells + 1e-9, tr.weight[edges]) + 1e-12
            shares = fit_integer_matrix(seed, cells, need)
        else:
            exact = (cells[:, None] * tr.weight[edges][None, :]).ravel()
            groups = np.repeat(np.arange(CELLS), edges.size)
            shares = round_grouped(exact, groups, cells).reshape(CELLS, edges.size)
        out[targets] += shares.T
    return out.reshape(n_new, 2, AGES)
