"""Vega-Lite through vl-convert: chart specs rendered to static SVG (the report), and the
JavaScript of Vega, Vega-Lite and Vega-Embed, bundled by vl-convert from the versions it
ships, for pages that draw their charts in the browser (the site). Nothing is fetched from the
network, when building or when viewing."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

import vl_convert as vlc

VEGA_LITE_VERSION = "6.4"  # the Vega-Lite version the specs are written for (Altair 6)


def vl_version() -> str:
    """The Vega-Lite version vl-convert renders: the spec's, else its newest."""
    versions = vlc.get_vegalite_versions()
    return VEGA_LITE_VERSION if VEGA_LITE_VERSION in versions else versions[-1]


def to_svg(spec: dict[str, Any]) -> str:
    """A chart as a static SVG document (no script, no external reference)."""
    svg: str = vlc.vegalite_to_svg(spec, vl_version=vl_version())
    return svg


def bundle(version: str) -> str:
    """The JavaScript of Vega, Vega-Lite and Vega-Embed in one script (no snippet: the
    libraries only, as window globals)."""
    # vl-convert's stub types the snippet as str; None (its default) means "no snippet"
    script: str = vlc.javascript_bundle(None, vl_version=version)  # type: ignore[arg-type]
    return script


def bundle_marker() -> str:
    """First line of the bundle: what it holds, so a build can reuse a bundle it wrote."""
    return (
        f"// Vega {vlc.get_vega_version()}, Vega-Lite {vl_version()}, Vega-Embed "
        f"{vlc.get_vega_embed_version()}, bundled by vl-convert {version('vl-convert-python')}\n"
    )


def write_bundle(path: Path) -> bool:
    """Write the JavaScript bundle (window.vegaEmbed, window.vega, window.vegaLite) to path,
    unless the file there is already this bundle; whether it was written."""
    marker = bundle_marker()
    if path.is_file():
        with path.open(encoding="utf-8") as existing:
            if existing.readline() == marker:
                return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(marker + bundle(vl_version()), encoding="utf-8")
    return True
