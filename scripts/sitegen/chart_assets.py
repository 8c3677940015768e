"""Chart files of one resource in one language: the Vega-Lite spec the page loads and the
static SVG shown at once (and to readers without JavaScript)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import charts
from .i18n import Strings, text
from .packages import Resource
from .render import render_svg, svg_height

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
    for view in resource.views:
        name = str(view.get("name"))
        base = f"charts/{resource.package.name}/{resource.name}/{name}-{lang}"
        url_data = {"url": data_url, "format": {"type": "csv", "parse": parse_types(resource)}}
        chart = charts.build_chart(resource, view, lang, strings, url_data)
        spec = charts.chart_spec(chart)
        put(f"{base}-vl.json", json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
        static = inline_data(charts.static_spec(spec), data_url, rows)
        svg = render_svg(static, cache_dir)
        put(f"{base}.svg", svg)
        title = text(view, "title", lang)
        description = text(view, "description", lang)
        result.append(
            {
                "name": name,
                "title": title,
                "spec_url": f"{root}{base}-vl.json",
                "svg_url": f"{root}{base}.svg",
                "height": svg_height(svg),
                "alt": strings.get("chart_static_alt", lang, title=title, description=description),
                "description": description,
            }
        )
    return result


def parse_types(resource: Resource) -> dict[str, str]:
    kinds = {"integer": "number", "number": "number", "boolean": "boolean"}
    return {f["name"]: kinds[f["type"]] for f in resource.fields if f.get("type") in kinds}


def inline_data(spec: Any, url: str, rows: list[dict[str, Any]]) -> Any:
    """Replace the published-CSV URL with the rows themselves, for rendering offline."""
    if isinstance(spec, dict):
        if spec.get("url") == url:
            return {"values": rows}
        return {k: inline_data(v, url, rows) for k, v in spec.items()}
    if isinstance(spec, list):
        return [inline_data(v, url, rows) for v in spec]
    return spec
