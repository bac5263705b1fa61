"""Countries of origin and destination of the synthetic register's moves from and to abroad.

Each country's weight is the moves of a calibration year, in persons, built from two parts:

* foreign citizens: the eleven citizenships SSB's table "In-migration and out-migration, by
  citizenship" selects for 2020 (StatBank table 05476; ssb.no/452042: Poland, Syria,
  Lithuania, Sweden, India, the Philippines, Germany, Denmark, Romania, the United Kingdom,
  Spain) take SSB's 2020 immigrations and emigrations; the other countries are rough levels
  of our own in the same proportions to those, read from SSB's totals by continent for 2020
  (EU/EEA 23 607 in, 18 382 out; Africa 2 178 / 1 027; Asia 7 495 / 4 749; the Americas
  1 825 / 1 215; Oceania 194 / 189), and are the country of origin and destination as well;
* Norwegian citizens (7 257 immigrations and 6 884 emigrations in 2020, same table): spread
  over countries as SSB's 2003 table of moves by citizenship and country of emigration and
  immigration has them (ssb.no/a/static/innvutv, table 13: Sweden 1 814 / 3 097, Denmark
  1 231 / 1 762, ...), with rough shares of our own for the countries that excerpt does not
  give (the United States, the United Kingdom, Spain, Thailand, Australia, ...).

`XX` stands for moves whose country the register does not know (SSB: "stateless and
unknown"), a small share of our own, so that every build meets a code the country seed does
not list. Period shifts: Syrian refugees (2015-2016) and Ukrainians (from 2022).
"""

from __future__ import annotations

import numpy as np

# (immigrations, emigrations) of foreign citizens, 2020: SSB's selected citizenships.
FOREIGN_SELECTED_2020: dict[str, tuple[float, float]] = {
    "PL": (3674, 2931),
    "SY": (1455, 387),
    "LT": (1769, 1246),
    "SE": (1800, 1482),
    "IN": (1034, 1028),
    "PH": (850, 1042),
    "DE": (1076, 699),
    "DK": (1018, 981),
    "RO": (946, 436),
    "GB": (985, 419),
    "ES": (725, 492),
}

# (immigrations, emigrations) of foreign citizens of other countries: rough levels of our
# own, within SSB's 2020 totals by continent.
FOREIGN_OTHER: dict[str, tuple[float, float]] = {
    "ER": (900, 100),
    "LV": (640, 480),
    "SO": (500, 90),
    "AF": (560, 60),
    "IT": (560, 330),
    "FR": (520, 420),
    "TH": (500, 260),
    "IS": (430, 380),
    "US": (480, 440),
    "UA": (380, 120),
    "EE": (330, 260),
    "BG": (340, 200),
    "IQ": (320, 60),
    "PK": (330, 90),
    "CN": (360, 280),
    "NL": (380, 300),
    "HU": (300, 210),
    "PT": (330, 220),
    "SK": (290, 220),
    "VN": (260, 60),
    "RU": (270, 150),
    "FI": (300, 280),
    "TR": (240, 70),
    "ET": (230, 40),
    "BR": (240, 150),
    "IR": (230, 70),
    "GR": (200, 120),
    "CZ": (190, 150),
    "HR": (170, 100),
    "AU": (90, 120),
    "CA": (90, 90),
    "CH": (70, 60),
}

# (immigrations, emigrations) of Norwegian citizens: SSB's 2003 table by country of
# emigration and immigration where the excerpt gives them, rough shares of our own else.
NORWEGIAN_2003: dict[str, tuple[float, float]] = {
    "SE": (1814, 3097),
    "DK": (1231, 1762),
    "FI": (61, 85),
    "IS": (60, 66),
    "GL": (7, 2),
    "FO": (18, 13),
    "BE": (128, 69),
    "FR": (168, 227),
    "GR": (43, 38),
    "IE": (47, 55),
    "IT": (83, 89),
    "GB": (900, 1000),
    "US": (1100, 1150),
    "ES": (700, 900),
    "DE": (450, 450),
    "NL": (200, 220),
    "CH": (150, 200),
    "TH": (350, 300),
    "AU": (250, 300),
    "CA": (120, 150),
    "PL": (150, 120),
    "PH": (150, 100),
}
NORWEGIAN_2020 = (7257, 6884)

# moves whose country the register does not know
UNKNOWN: dict[str, tuple[float, float]] = {"XX": (80, 40)}

# year factors on a country's weight (refugees from Syria, Ukrainians from 2022)
PERIOD_SHIFTS = {"SY": ((2015, 2016), 1.3, 0.5), "UA": ((2022, 9999), 12.0, 1.0)}


def _country_levels(direction: int) -> dict[str, float]:
    """Persons per country for immigration (0) or emigration (1)."""
    levels: dict[str, float] = {}
    for table in (FOREIGN_SELECTED_2020, FOREIGN_OTHER, UNKNOWN):
        for code, pair in table.items():
            levels[code] = levels.get(code, 0.0) + pair[direction]
    norwegian = sum(pair[direction] for pair in NORWEGIAN_2003.values())
    for code, pair in NORWEGIAN_2003.items():
        share = pair[direction] / norwegian * NORWEGIAN_2020[direction]
        levels[code] = levels.get(code, 0.0) + share
    return levels


IMMIGRATION_COUNTRIES = _country_levels(0)
EMIGRATION_COUNTRIES = _country_levels(1)
COUNTRIES = tuple(sorted(set(IMMIGRATION_COUNTRIES) | set(EMIGRATION_COUNTRIES)))


def country_weights(table: dict[str, float], year: int) -> np.ndarray:
    """Shares over ``COUNTRIES`` for one year, with the period shifts."""
    w = np.array([table.get(c, 0.0) for c in COUNTRIES])
    for code, ((first, last), inside, outside) in PERIOD_SHIFTS.items():
        w[COUNTRIES.index(code)] *= inside if first <= year <= last else outside
    return w / w.sum()
