"""Integer allocation helpers for the synthetic register: rounding, IPF, exact-margin matrices."""

from __future__ import annotations

import numpy as np


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest-remainder rounding)."""
    w = np.asarray(weights, dtype=float)
    if total < 0:
        raise ValueError("total must be >= 0")
    if w.size == 0:
        if total:
            raise ValueError("cannot allocate to an empty set")
        return np.zeros(0, dtype=np.int64)
    if w.sum() <= 0:
        w = np.ones_like(w)
    exact = w / w.sum() * total
    base = np.floor(exact).astype(np.int64)
    short = int(total - base.sum())
    if short > 0:
        order = np.argsort(-(exact - base), kind="stable")
        base[order[:short]] += 1
    return base


def round_grouped(exact: np.ndarray, groups: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Round ``exact`` so that each group sums to ``totals[group]`` (largest remainders win)."""
    exact = np.asarray(exact, dtype=float)
    base = np.floor(exact).astype(np.int64)
    have = np.bincount(groups, weights=base, minlength=len(totals)).round().astype(np.int64)
    short = np.asarray(totals, dtype=np.int64) - have
    if (short < 0).any():
        raise ValueError("group totals below the floor of their parts")
    frac = exact - base
    order = np.lexsort((-frac, groups))
    sorted_groups = groups[order]
    first = np.searchsorted(sorted_groups, sorted_groups, side="left")
    rank = np.arange(order.size) - first
    bump = rank < short[sorted_groups]
    base[order[bump]] += 1
    return base


def allocate_grouped(weights: np.ndarray, groups: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Split each group's total over its members in proportion to ``weights``."""
    w = np.asarray(weights, dtype=float).copy()
    sums = np.bincount(groups, weights=w, minlength=len(totals))
    empty = sums[groups] <= 0
    w[empty] = 1.0
    sums = np.bincount(groups, weights=w, minlength=len(totals))
    exact = w / sums[groups] * np.asarray(totals, dtype=float)[groups]
    return round_grouped(exact, groups, totals)


def ipf(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, max_iter: int = 5000) -> np.ndarray:
    """Scale ``seed`` until its row and column sums match ``rows`` and ``cols``."""
    x = np.asarray(seed, dtype=float).copy()
    rows = np.asarray(rows, dtype=float)
    cols = np.asarray(cols, dtype=float)
    tol = 1e-9 * max(1.0, float(rows.max(initial=0.0)))
    for _ in range(max_iter):
        rs = x.sum(axis=1)
        x *= np.divide(rows, rs, out=np.zeros_like(rs), where=rs > 0)[:, None]
        cs = x.sum(axis=0)
        x *= np.divide(cols, cs, out=np.zeros_like(cs), where=cs > 0)[None, :]
        if np.abs(x.sum(axis=1) - rows).max(initial=0.0) <= tol:
            break
    return x


def _greedy_fill(
    frac: np.ndarray, allowed: np.ndarray, f: np.ndarray, need_r: np.ndarray, need_c: np.ndarray
) -> None:
    """Give one unit to the cells with the largest fractional parts while margins allow."""
    ncol = frac.shape[1]
    flat = np.where(allowed, frac, -1.0).ravel()
    for k in np.argsort(-flat, kind="stable"):
        if flat[k] <= 0:
            break
        i, j = divmod(int(k), ncol)
        if need_r[i] > 0 and need_c[j] > 0:
            f[i, j] += 1
            need_r[i] -= 1
            need_c[j] -= 1


def _place_leftover(
    allowed: np.ndarray, f: np.ndarray, need_r: np.ndarray, need_c: np.ndarray
) -> None:
    """Place one remaining unit, through a three-cell exchange when no direct cell is allowed."""
    rows = np.flatnonzero(need_r > 0)
    cols = np.flatnonzero(need_c > 0)
    hits = np.argwhere(allowed[np.ix_(rows, cols)])
    if hits.size:
        i, j = rows[hits[0, 0]], cols[hits[0, 1]]
        f[i, j] += 1
    else:
        i, j = rows[0], cols[0]
        cand = (f > 0) & allowed[i][None, :] & allowed[:, j][:, None]
        cand[i, :] = False
        cand[:, j] = False
        found = np.argwhere(cand)
        if not found.size:
            raise ValueError("margins cannot be met with the allowed cells")
        a, b = found[0]
        f[a, b] -= 1
        f[i, b] += 1
        f[a, j] += 1
    need_r[i] -= 1
    need_c[j] -= 1


def _trim_to_margins(f: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Take units off the largest cells of rows and columns that exceed their margin."""
    for axis, margin in ((1, rows), (0, cols)):
        view = f if axis == 1 else f.T
        for i in np.flatnonzero(view.sum(axis=1) > margin):
            while view[i].sum() > margin[i]:
                view[i, np.argmax(view[i])] -= 1
    return f


def integerise(
    x: np.ndarray, rows: np.ndarray, cols: np.ndarray, allowed: np.ndarray | None = None
) -> np.ndarray:
    """Round a fitted matrix to integers whose row and column sums are exactly the margins."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if rows.sum() != cols.sum():
        raise ValueError(f"margins differ: rows {rows.sum()} != cols {cols.sum()}")
    allowed = np.ones(x.shape, dtype=bool) if allowed is None else allowed
    x = np.where(allowed, np.maximum(x, 0.0), 0.0)
    f = _trim_to_margins(np.floor(x).astype(np.int64), rows, cols)
    need_r = rows - f.sum(axis=1)
    need_c = cols - f.sum(axis=0)
    _greedy_fill(x - f, allowed, f, need_r, need_c)
    while need_r.any():
        _place_leftover(allowed, f, need_r, need_c)
    assert (f.sum(axis=1) == rows).all() and (f.sum(axis=0) == cols).all()
    assert (f >= 0).all() and not f[~allowed].any()
    return f


def fit_integer_matrix(
    seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, allowed: np.ndarray | None = None
) -> np.ndarray:
    """IPF-fit ``seed`` to the margins, then integerise with exact margins."""
    allowed = np.ones(seed.shape, dtype=bool) if allowed is None else allowed
    fitted = ipf(np.where(allowed, seed, 0.0), rows, cols)
    return integerise(fitted, rows, cols, allowed)
