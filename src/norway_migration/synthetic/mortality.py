"""Deaths by age and sex for the synthetic register, consistent with the population by age.

Each death of a municipality and sex (their numbers come from ``generate.vital_counts``) is
given a cohort (age at the end of the year) drawn from the residents at risk of that sex and
cohort (StatBank 07459's 1 January stock in the first year, aged by a year; later years the
register's own cohort-consistent stocks) times the annual death risk: the Gompertz curve of
``population.death_rate`` for women, times ``MALE_MORTALITY`` (generate.py) for men. A cohort
never loses more persons than it has.
"""

from __future__ import annotations

import numpy as np

from norway_migration.synthetic.cohorts import assign_cells, draw_counts
from norway_migration.synthetic.population import DEATH_RATE
from norway_migration.synthetic.schedules import AGES


def death_risk(male_mortality: float) -> np.ndarray:
    """Annual death risk of the cells (M then F) by age."""
    return np.concatenate([np.minimum(0.9, DEATH_RATE * male_mortality), DEATH_RATE])


def death_cells(
    at_risk: np.ndarray,
    code: np.ndarray,
    sex: np.ndarray,
    male_mortality: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """The cohort cell (sex * AGES + age) of each death, given its municipality and sex."""
    n = at_risk.shape[0]
    risk = death_risk(male_mortality)
    groups = code * 2 + sex
    by_sex = at_risk.reshape(n * 2, AGES)  # rows: municipality, sex
    weights = by_sex * risk.reshape(2, AGES)[np.arange(n * 2) % 2]
    totals = np.bincount(groups, minlength=n * 2)
    counts = draw_counts(totals, weights, by_sex, rng)
    age = assign_cells(groups, counts, rng)
    return sex * AGES + age
