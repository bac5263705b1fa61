"""The publications' charts as Vega-Lite specs, written with Altair (one function per chart).

A spec names its data (``alt.Data(name=...)``) and gets the values as top-level
``datasets``, so a chart's layout is built once and every page only adds its figures. The
report renders the specs to static SVG (``vega.to_svg``); the site's pages draw them in the
browser with the bundled Vega-Embed. Adding a chart is a function here and a query.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache
from typing import Any

import altair as alt

Values = Sequence[dict[str, Any]]

PUBLISHED = "as published"
BLUE, GREEN, RED, AMBER, GREY = "#2b6cb0", "#2f855a", "#c53030", "#b7791f", "#4a5568"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


def _data(name: str) -> alt.Data:
    """Data the spec names, filled in by with_data."""
    return alt.Data(name=name)  # type: ignore[no-untyped-call]


def _finish(chart: alt.TopLevelMixin, description: str) -> dict[str, Any]:
    """The spec of a chart, with an accessible description and without a schema URL."""
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec.pop("$schema", None)
    spec["description"] = description
    spec.setdefault("config", {}).update(
        {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11}}
    )
    return spec


def with_data(spec: dict[str, Any], description: str | None = None, **datasets: Values) -> dict:
    """A copy of a spec with its named datasets filled in (and its description, if given)."""
    filled = copy.copy(spec)
    filled["datasets"] = {name: list(values) for name, values in datasets.items()}
    if description:
        filled["description"] = description
    return filled


def _year_axis() -> alt.X:
    return alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1))


def _break_rules(height: int) -> alt.Chart:
    """Dashed vertical rules between the years where the table's area changed."""
    return (
        alt.Chart(_data("breaks"))
        .mark_rule(color=RED, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(
            x="position:Q",
            tooltip=[alt.Tooltip("label:N", title="Break line")],
        )
        .properties(height=height)
    )


@cache
def municipal_table_spec(width: int | str = "container") -> dict[str, Any]:
    """A municipal table's chart: population on 1 January (as published), and net migration
    as published beside the same series in today's boundaries (the harmonised mart); dashed
    red rules mark the break lines. Datasets: ``population`` (year, population_start,
    estimated), ``migration`` (year, series, net_migration), ``breaks`` (position, label)."""
    population = (
        alt.Chart(_data("population"))
        .mark_line(point=True, color=BLUE)
        .encode(
            x=_year_axis(),
            y=alt.Y(
                "population_start:Q", title="Population 1 January", scale=alt.Scale(zero=False)
            ),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("population_start:Q", title="Population 1 January", format=","),
            ],
        )
        .properties(width=width, height=170)
    )
    migration = (
        alt.Chart(_data("migration"))
        .mark_line(point=True)
        .encode(
            x=_year_axis(),
            y=alt.Y("net_migration:Q", title="Net migration"),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(range=[BLUE, AMBER]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("series:N", title=None),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("series:N", title="Boundaries"),
                alt.Tooltip("net_migration:Q", title="Net migration", format=",.0f"),
            ],
        )
        .properties(width=width, height=170)
    )
    chart = alt.vconcat(
        alt.layer(population, _break_rules(170)),
        alt.layer(migration, _break_rules(170)),
    ).resolve_scale(x="shared")
    return _finish(chart, "Population on 1 January and net migration by year")


@cache
def county_panels_spec() -> dict[str, Any]:
    """Net migration by county and year, one panel per county of one division (the
    harmonised county mart), on one shared scale. Dataset ``counties``: year, county,
    net_migration, estimated."""
    chart = (
        alt.Chart(_data("counties"))
        .mark_line(point=True, color=BLUE)
        .encode(
            x=_year_axis(),
            y=alt.Y("net_migration:Q", title="Net migration"),
            tooltip=[
                alt.Tooltip("county:N", title="County"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("net_migration:Q", title="Net migration", format=",.0f"),
            ],
        )
        .properties(width=200, height=110)
        .facet(
            facet=alt.Facet("county:N", title=None, header=alt.Header(labelFontSize=12)), columns=4
        )
    )
    return _finish(chart, "Net migration by county and year, every year in one division")


def flow_matrix_spec(labels: Sequence[str]) -> dict[str, Any]:
    """Moves between counties in one year: rows are origins, columns destinations, darker is
    more. Dataset ``flows``: origin, destination, moves (labels in the order given)."""
    base = alt.Chart(_data("flows")).encode(
        x=alt.X("destination:N", title="to", sort=list(labels), axis=alt.Axis(labelAngle=-55)),
        y=alt.Y("origin:N", title="from", sort=list(labels)),
    )
    cells = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color(
            "moves:Q",
            scale=alt.Scale(type="sqrt", scheme="blues"),
            legend=alt.Legend(title="moves"),
        ),
        tooltip=[
            alt.Tooltip("origin:N", title="From"),
            alt.Tooltip("destination:N", title="To"),
            alt.Tooltip("moves:Q", title="Moves", format=","),
        ],
    )
    values = base.mark_text(fontSize=9).encode(
        text=alt.Text("moves:Q", format=","),
        color=alt.condition("datum.share > 0.3", alt.value("#ffffff"), alt.value("#1a202c")),
    )
    size = max(len(labels), 1) * 38
    chart = alt.layer(cells, values).properties(width=size, height=size)
    return _finish(chart, "Moves between counties: rows are origins, columns destinations")


@cache
def account_spec() -> dict[str, Any]:
    """The components of population change per year, whole country, as grouped bars.
    Dataset ``account``: year, component, persons."""
    components = ["Births", "Deaths (negative)", "Net migration", "Account discrepancy"]
    chart = (
        alt.Chart(_data("account"))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            xOffset=alt.XOffset("component:N", sort=components),
            y=alt.Y("persons:Q", title="Persons"),
            color=alt.Color(
                "component:N",
                sort=components,
                scale=alt.Scale(domain=components, range=[GREEN, RED, BLUE, AMBER]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("component:N", title="Component"),
                alt.Tooltip("persons:Q", title="Persons", format=","),
            ],
        )
        .properties(width=900, height=260)
    )
    return _finish(chart, "Components of population change per year, whole country")


@cache
def county_series_spec(width: int | str = "container") -> dict[str, Any]:
    """One county's in-, out- and net migration by year in one division (the harmonised
    county mart). Dataset ``county``: year, measure, persons."""
    chart = (
        alt.Chart(_data("county"))
        .mark_line(point=True)
        .encode(
            x=_year_axis(),
            y=alt.Y("persons:Q", title="Persons"),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(range=[GREEN, RED, BLUE]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("persons:Q", title="Persons", format=",.0f"),
            ],
        )
        .properties(width=width, height=220)
    )
    return _finish(chart, "Migration of the county by year, in today's boundaries")


@cache
def age_profile_spec() -> dict[str, Any]:
    """Net migration by age at the end of the year in one year: one panel for a municipality
    (every move across its border) and one for the whole country (moves to and from abroad;
    internal moves cancel out), each on its own scale. Dataset ``ages``: series, age,
    net_migration."""
    chart = (
        alt.Chart(_data("ages"))
        .mark_line(point=True, color=BLUE)
        .encode(
            x=alt.X("age:Q", title="Age at the end of the year", scale=alt.Scale(domain=[0, 105])),
            y=alt.Y("net_migration:Q", title="Net migration"),
            tooltip=[
                alt.Tooltip("series:N", title="Area"),
                alt.Tooltip("age:Q", title="Age"),
                alt.Tooltip("net_migration:Q", title="Net migration", format=",.0f"),
            ],
        )
        .properties(width=420, height=200)
        .facet(
            facet=alt.Facet("series:N", title=None, header=alt.Header(labelFontSize=12)),
            columns=2,
        )
        .resolve_scale(y="independent")
    )
    return _finish(chart, "Net migration by age, a municipality and the whole country")
