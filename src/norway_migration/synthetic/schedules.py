"""Who moves: the age and sex profiles of movers in the synthetic register.

Adults move by a multi-exponential model migration schedule of the Rogers-Castro kind
(A. Rogers and L. J. Castro, *Model Migration Schedules*, IIASA Research Report RR-81-30,
1981): a labour-force curve that rises steeply in the late teens, peaks in the early twenties
and falls exponentially with age, on top of a constant level,

    m(x) = a2 exp(-alpha2 (x - mu2) - exp(-lambda2 (x - mu2))) + c.

The parameter values are the "Western standard" model schedules by sex that UN DESA's
Population Division derived from Rogers and Castro's work (United Nations, *Preparing Migration
Data for Subnational Population Projections*, 1992), as the R package migest (G. J. Abel,
data set ``rc_model_un``) tabulates them, with gross migraproduction 1:

    males:   a1 0.0215  alpha1 0.105  a2 0.0694  alpha2 0.112   mu2 20.04   lambda2 0.391   c 0.0028
    females: a1 0.0233  alpha1 0.107  a2 0.0766  alpha2 0.1436  mu2 20.632  lambda2 0.4003  c 0.0036

Moves between municipalities use them as they are (peak at about 23 for both sexes).
Emigrants and immigrants, mostly labour migrants and their families in Norway, follow the same
UN table's "Old labour force entry" variant (mu2 23.99 for males, 24.132 for females, the
other parameters unchanged: the peak moves to about 27), with more men than women: a male
weight of 1.25 for emigrants (among the residents at risk) and a male share of 57 % among
immigrants. Immigrants have no population at risk in Norway; the country's own age structure
stands in for that of the countries they come from (so the schedule's constant level does not
bring as many 90-year-olds as 40-year-olds). The level of each flow is not the schedule's:
the number of moves comes from the flows of the register (``flows.py``); the schedule only
says who they are.

Children aged 0-15 do not follow a schedule of their own. They move with a parent: the
pre-labour-force component of the model (a1, alpha1, a "parental shift" of the labour-force
curve) is produced by families instead, each child being a parent's age minus the parent's age
at the child's birth (normal, mean 31 years, sd 5, within 18-45; Norwegian mothers and fathers
are on average about 31 and 34 at a birth). A child's age therefore follows the schedule of
its parents' ages, falling from birth as the parents' schedule falls past its peak. The
shares of families among moves (below) are chosen so that about one move in six is a child's,
close to the Norwegian pattern; they are not fitted to any table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

AGES = 106  # 0..105, the last meaning 105 or older
CHILD_AGE_LIMIT = 15  # children move with a parent up to this age (inclusive)
ADULT_AGE = 16  # movers from this age on follow the adult schedules


@dataclass(frozen=True)
class RogersCastro:
    """The parameters of a seven-parameter Rogers-Castro schedule."""

    a1: float
    alpha1: float
    a2: float
    alpha2: float
    mu2: float
    lambda2: float
    c: float

    def labour_force(self, age: np.ndarray) -> np.ndarray:
        """The labour-force curve plus the constant level (no pre-labour-force curve)."""
        x = age - self.mu2
        return self.a2 * np.exp(-self.alpha2 * x - np.exp(-self.lambda2 * x)) + self.c

    def full(self, age: np.ndarray) -> np.ndarray:
        """The whole schedule, pre-labour-force curve included."""
        return self.a1 * np.exp(-self.alpha1 * age) + self.labour_force(age)


# UN DESA (1992) Western standard schedules by sex (via migest's rc_model_un).
WESTERN_STANDARD = {
    "M": RogersCastro(0.0215, 0.105, 0.0694, 0.112, 20.04, 0.391, 0.0028),
    "F": RogersCastro(0.0233, 0.107, 0.0766, 0.1436, 20.632, 0.4003, 0.0036),
}
# The same table's "Old labour force entry" variant: the labour-force curve four years later.
OLD_LABOUR_FORCE_ENTRY = {
    "M": RogersCastro(0.0215, 0.105, 0.0691, 0.112, 23.99, 0.391, 0.0028),
    "F": RogersCastro(0.0233, 0.107, 0.0766, 0.1436, 24.132, 0.4003, 0.0036),
}

PARENT_AGE_AT_BIRTH = (31.0, 5.0)  # mean and sd, years
PARENT_AGE_AT_BIRTH_RANGE = (18, 45)
PARENT_AGES = (20, 55)  # ages (at the end of the year) a parent in a moving family can have
BOY_SHARE = 0.513


@dataclass(frozen=True)
class FlowProfile:
    """Who makes one kind of move: an adult schedule by sex and how often families move."""

    schedules: dict[str, RogersCastro]
    male_weight: float  # relative weight of men against women of the same age at risk
    first_child: float  # share of pairs of moves on one route that are a parent and a child
    second_child: float  # of those, the share with a second child

    def adult_weights(self) -> np.ndarray:
        """Weights of the 2 x AGES cells (M then F) for an adult mover, zero below 16."""
        age = np.arange(AGES, dtype=float)
        adult = age >= ADULT_AGE
        male = self.schedules["M"].labour_force(age) * adult * self.male_weight
        female = self.schedules["F"].labour_force(age) * adult
        return np.concatenate([male, female])

    def parent_weights(self) -> np.ndarray:
        """Weights of the cells for the parent of a moving family: an adult mover's, times
        the chance that a person of the age has a child aged 0-15."""
        has_child = parent_age_at_birth_weights().sum(axis=1)
        return self.adult_weights() * np.concatenate([has_child, has_child])


def parent_age_at_birth_weights() -> np.ndarray:
    """Weights (AGES x AGES) of a child's age (column) for a parent's age (row): the normal
    distribution of the parent's age at the birth (PARENT_AGE_AT_BIRTH, in whole years within
    PARENT_AGE_AT_BIRTH_RANGE) over the children aged 0-15; zero outside PARENT_AGES."""
    mean, sd = PARENT_AGE_AT_BIRTH
    low, high = PARENT_AGE_AT_BIRTH_RANGE
    parent = np.arange(AGES)[:, None]
    child = np.arange(AGES)[None, :]
    gap = parent - child
    density = np.exp(-0.5 * ((gap - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi))
    allowed = (gap >= low) & (gap <= high) & (child <= CHILD_AGE_LIMIT)
    allowed &= (parent >= PARENT_AGES[0]) & (parent <= PARENT_AGES[1])
    return np.where(allowed, density, 0.0)


DOMESTIC = FlowProfile(WESTERN_STANDARD, 1.0, 0.45, 0.4)
EMIGRATION = FlowProfile(OLD_LABOUR_FORCE_ENTRY, 1.25, 0.25, 0.35)
# Immigrants come from outside the population at risk: their male_weight is set so that men
# are IMMIGRANT_MALE_SHARE of the adults.
IMMIGRANT_MALE_SHARE = 0.57
IMMIGRATION = FlowProfile(OLD_LABOUR_FORCE_ENTRY, 1.0, 0.42, 0.4)


def immigrant_weights(population: np.ndarray, parent: bool = False) -> np.ndarray:
    """Cell weights of an immigrant: the immigration profile times the age structure of a
    population (2 x AGES cells; the country's own stands in for the countries of origin, so
    that few immigrants are very old), men IMMIGRANT_MALE_SHARE of the adults."""
    weights = IMMIGRATION.parent_weights() if parent else IMMIGRATION.adult_weights()
    weights = weights * np.asarray(population, dtype=float)
    male, female = weights[:AGES], weights[AGES:]
    share = IMMIGRANT_MALE_SHARE
    return np.concatenate([male / male.sum() * share, female / female.sum() * (1.0 - share)])
