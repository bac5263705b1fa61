"""The country seed (``seeds/countries.csv``) from two maintained code lists, byte-identically
on every run for the pinned package versions (pyproject.toml):

* ``pycountry`` (the ISO 3166 database of Debian's iso-codes): every current ISO 3166-1
  alpha-2 code with its name (the common name where ISO gives one), and the alpha-2 codes
  ISO 3166-3 has withdrawn (``retired``; a withdrawn code ISO reassigned, such as ``AI``,
  keeps its current meaning);
* ``country_converter`` (its bundled ``country_data.tsv``): continent and UN M49 region of
  every code, EEA membership, and the codes outside ISO that registers use (``XK`` Kosovo,
  ``user_assigned``).

A code neither list knows (``XX`` for an unknown country, say) is not in the seed: the marts
keep such moves and label them as unknown.
"""

from __future__ import annotations

import csv
import re
from importlib import resources
from importlib.metadata import version

import pycountry

_ALTERNATIVE = re.compile(r"\^([A-Z]{2})\$")

COLUMNS = [
    "country_code",
    "country_name",
    "code_status",
    "continent",
    "world_region",
    "is_eea_member",
    "source",
]


def _converter_rows() -> dict[str, dict[str, str]]:
    """country_converter's table by ISO2 code, read as text (no value is taken for NULL:
    Namibia's code is NA). Its ISO2 column gives a code, or a pattern of alternatives such
    as ``^GB$|^UK$``, whose first is the ISO code."""
    text = (resources.files("country_converter") / "country_data.tsv").read_text("utf-8")
    table: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        codes = _ALTERNATIVE.findall(row["ISO2"]) or [row["ISO2"]]
        if codes[0]:
            table.setdefault(codes[0], row)
    return table


def _retired_names() -> dict[str, str]:
    """ISO 3166-3 withdrawn alpha-2 codes and their names (several names for a code that
    ISO withdrew twice, in the order of withdrawal)."""
    names: dict[str, list[tuple[str, str]]] = {}
    for country in pycountry.historic_countries:
        code = getattr(country, "alpha_2", "")
        if code:
            names.setdefault(code, []).append(
                (getattr(country, "withdrawal_date", ""), country.name)
            )
    return {code: " / ".join(n for _, n in sorted(entries)) for code, entries in names.items()}


def build_countries() -> list[dict[str, str]]:
    """One row per country code: current ISO codes, retired ISO codes not reassigned, and
    the user-assigned codes country_converter lists; sorted by code."""
    converter = _converter_rows()
    source_iso = f"pycountry {version('pycountry')}"
    source_coco = f"country_converter {version('country_converter')}"
    rows: dict[str, dict[str, str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        rows[code] = {
            "country_code": code,
            "country_name": getattr(country, "common_name", None) or country.name,
            "code_status": "current",
            "source": source_iso,
        }
    for code, name in _retired_names().items():
        if code not in rows:
            rows[code] = {
                "country_code": code,
                "country_name": name,
                "code_status": "retired",
                "source": source_iso,
            }
    for code, entry in converter.items():
        if code not in rows and len(code) == 2 and code.isalpha() and code.isupper():
            rows[code] = {
                "country_code": code,
                "country_name": entry["name_short"],
                "code_status": "user_assigned",
                "source": source_coco,
            }
    for code, row in rows.items():
        entry = converter.get(code, {})
        row["continent"] = entry.get("continent", "")
        row["world_region"] = entry.get("UNregion", "")
        row["is_eea_member"] = "true" if entry.get("EEA", "") else "false"
    return [rows[code] for code in sorted(rows)]
