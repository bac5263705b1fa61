"""Formatting and inline SVG: SSB-style numbers, axis scales and ticks, SVG elements."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

DASH = "\u2013"  # shown where a figure is unknown


def number(value: float | None, signed: bool = False) -> str:
    """A figure with a no-break space between thousands (SSB's style); a dash when unknown."""
    if value is None:
        return DASH
    text = f"{round(value):,}".replace(",", "\u00a0")
    return f"+{text}" if signed and value > 0 else text


def esc(text: object) -> str:
    """Text escaped for HTML and SVG."""
    return html.escape(str(text), quote=True)


def nice_step(span: float, ticks: int = 4) -> float:
    """A whole, round step (1, 2 or 5 times a power of ten) dividing span into about `ticks`."""
    raw = max(span / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def nice_range(values: Iterable[float]) -> tuple[float, float, float]:
    """Axis bounds that include zero and every value, rounded to a nice step."""
    values = list(values) or [0]
    low, high = min(0, *values), max(0, *values)
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step or step, step


def ticks(low: float, high: float, step: float) -> list[float]:
    """Tick values from low to high."""
    count = round((high - low) / step)
    return [low + i * step for i in range(count + 1)]


class Scale:
    """A linear map from data values to pixels."""

    def __init__(self, domain: tuple[float, float], pixels: tuple[float, float]) -> None:
        self.domain = domain
        self.pixels = pixels

    def __call__(self, value: float) -> float:
        (d0, d1), (p0, p1) = self.domain, self.pixels
        if d1 == d0:
            return (p0 + p1) / 2
        return p0 + (value - d0) * (p1 - p0) / (d1 - d0)


def svg(element_id: str, width: int, height: int, title: str, body: Sequence[str]) -> str:
    """An inline SVG element with an accessible title."""
    return (
        f'<svg id="{esc(element_id)}" class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{esc(title)}"><title>{esc(title)}</title>' + "".join(body) + "</svg>"
    )


def text(x: float, y: float, content: object, css: str = "", anchor: str = "start") -> str:
    """An SVG text element."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{esc(content)}</text>'
    )


def line(x1: float, y1: float, x2: float, y2: float, css: str) -> str:
    """An SVG line element."""
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="{css}"/>'
