"""Chart files of one resource in one language, and what the page template needs.

Per view: the Vega-Lite spec the live chart loads (data by URL), the static SVG shown at
once and to readers without JavaScript, in Material's light and dark schemes, and a PNG
that serves as Open Graph image and as a download. The static renders inline the rows;
the spec and the page never do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import charts
from .chart_theme import recolour_svg
from .i18n import Strings, text
from .packages import Resource
from .render import render_png, render_svg, svg_height, svg_width

Put = Callable[[str, "bytes | str"], Path]


def write_charts(
    resource: Resource,
    rows: list[dict[str, Any]],
    lang: str,
    strings: Strings,
    root: str,
    data_url: str,
    cache_dir: Path,
    put: Put,
) -> list[dict[str, Any]]:
    """Write every view's files; return what the page template needs to show them."""
    result = []
    csv_text = resource.path.read_text(encoding="utf-8") if resource.views else ""
    for view in resource.views:
        name = str(view.get("name"))
        data = {"url": data_url, "format": {"type": "csv", "parse": parse_types(resource)}}
        chart = charts.build_chart(resource, view, lang, strings, data, rows=rows)
        result.append(
            publish_chart(
                charts.chart_spec(chart),
                f"charts/{resource.package.name}/{resource.name}/{name}-{lang}",
                name=name,
                title=text(view, "title", lang),
                description=text(view, "description", lang),
                lang=lang,
                strings=strings,
                root=root,
                cache_dir=cache_dir,
                put=put,
                inline={data_url: csv_text},
            )
        )
    return result


def publish_chart(
    spec: dict[str, Any],
    base: str,
    *,
    name: str,
    title: str,
    description: str,
    lang: str,
    strings: Strings,
    root: str,
    cache_dir: Path,
    put: Put,
    inline: dict[str, str | list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Write one chart's spec, SVGs (light, dark) and PNG under ``base``; any Vega-Lite
    spec works (topic pages too). ``inline`` maps data URLs to their content (the CSV
    text, or rows) for the renders, which cannot fetch."""
    put(f"{base}-vl.json", json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
    static = charts.static_spec(spec)
    for url, rows in (inline or {}).items():
        static = inline_data(static, url, rows)
    svg = render_svg(charts.with_scheme(static, "default"), cache_dir)
    put(f"{base}.svg", svg)
    put(f"{base}-dark.svg", recolour_svg(svg, "slate"))
    put(f"{base}.png", render_png(svg, cache_dir))
    return {
        "name": name,
        "title": title,
        "description": description,
        "spec_url": f"{root}{base}-vl.json",
        "svg_url": f"{root}{base}.svg",
        "svg_dark_url": f"{root}{base}-dark.svg",
        "png_url": f"{root}{base}.png",
        "png_path": f"{base}.png",
        "width": svg_width(svg),
        "height": svg_height(svg),
        "alt": strings.get("chart_static_alt", lang, title=title, description=description),
    }


def parse_types(resource: Resource) -> dict[str, str]:
    kinds = {"integer": "number", "number": "number", "boolean": "boolean"}
    return {f["name"]: kinds[f["type"]] for f in resource.fields if f.get("type") in kinds}


def inline_data(spec: Any, url: str, content: str | list[dict[str, Any]]) -> Any:
    """Replace a data URL with the data itself, for rendering offline. CSV text keeps the
    spec's ``format``, so the render parses exactly what a browser fetching the URL does."""
    if isinstance(spec, dict):
        if spec.get("url") == url:
            if isinstance(content, str):
                return {"values": content, "format": spec.get("format", {"type": "csv"})}
            return {"values": content}
        return {k: inline_data(v, url, content) for k, v in spec.items()}
    if isinstance(spec, list):
        return [inline_data(v, url, content) for v in spec]
    return spec
