"""HTML from Jinja2 templates (the package's ``templates/`` folder), with SSB-style number
formatting as filters. The report and the site share the environment and the base template."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

DASH = "\u2013"  # shown where a figure is unknown
NBSP = "\u00a0"


def number(value: float | None, signed: bool = False) -> str:
    """A figure with a no-break space between thousands (SSB's style); a dash when unknown.
    Whole numbers are shown whole; a harmonised estimate is rounded to whole persons."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    text = f"{round(value):,}".replace(",", NBSP)
    return f"+{text}" if signed and round(value) > 0 else text


def signed(value: float | None) -> str:
    """A figure with its sign (+ for a gain)."""
    return number(value, signed=True)


@cache
def environment() -> Environment:
    """The Jinja2 environment of the publications: templates from the package, HTML escaped
    everywhere, an undefined name an error."""
    env = Environment(
        loader=PackageLoader("norway_migration.publish", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = number
    env.filters["signed"] = signed
    return env


def render(template: str, **context: Any) -> str:
    """One template rendered with its context."""
    return environment().get_template(template).render(**context)
