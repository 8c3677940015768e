"""Chart files of one resource in one language, and what the page template needs.

Per view: the Vega-Lite spec the live chart loads (data by URL), the static SVG shown at
once and to readers without JavaScript (one file: Material's light scheme, and its dark
one by a ``prefers-color-scheme`` style of its own), and a PNG that serves as Open Graph
image and as a download. The static renders inline the rows; the spec and the page
never do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitegen.charts import spec as vega
from sitegen.charts.render import render_png, render_svg, svg_height, svg_width
from sitegen.charts.theme import scheme_aware_svg
from sitegen.core.cache import Store, key
from sitegen.core.files import sha256
from sitegen.core.i18n import Strings, text
from sitegen.model.packages import Resource

Put = Callable[[str, "bytes | str"], Path]


#: The PNG of a chart (its download and its Open Graph card) at the SVG's own size: a
#: 720 px card is above the 600 px Open Graph asks for, and the SVG download is the one to
#: print or scale. At 2× PNGs were three fifths of a synthetic site's bytes, so only the
#: charts the home page features keep a 2× PNG (sharp on high-density screens).
PNG, SHARP_PNG = 1.0, 2.0


def write_charts(
    resource: Resource,
    rows: Callable[[], list[dict[str, Any]]],
    lang: str,
    strings: Strings,
    root: str,
    data_url: str,
    cache_dir: Path,
    put: Put,
    sharp: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """Write every view's files; return what the page template needs to show them.
    ``sharp`` names the views (featured on the home page) whose PNG is rendered at 2×.

    The Altair spec of a view comes from the cache when the table, its descriptor, the
    view and the UI strings are unchanged (assembling and validating it is most of the
    cost of a chart once its renders are cached); ``rows`` is called only when it is not.
    """
    result = []
    csv_bytes = resource.path.read_bytes() if resource.views else b""
    specs = Store(cache_dir, "specs")
    for view in resource.views:
        name = str(view.get("name"))
        data = {"url": data_url, "format": {"type": "csv", "parse": parse_types(resource)}}
        entry = key(
            "chart", resource.descriptor, resource.package.metadata, sha256(csv_bytes), view, lang, strings.table, data
        )

        def assemble(view: dict[str, Any] = view, data: dict[str, Any] = data) -> bytes:
            chart = vega.build_chart(resource, view, lang, strings, data, rows=rows())
            return json.dumps(vega.chart_spec(chart), ensure_ascii=False, sort_keys=True).encode("utf-8")

        result.append(
            publish_chart(
                json.loads(specs.through(entry, assemble)),
                f"charts/{resource.package.name}/{resource.name}/{name}-{lang}",
                name=name,
                title=text(view, "title", lang),
                description=text(view, "description", lang),
                lang=lang,
                strings=strings,
                root=root,
                cache_dir=cache_dir,
                put=put,
                inline={data_url: csv_bytes.decode("utf-8")},
                png_scale=SHARP_PNG if name in sharp else PNG,
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
    png_scale: float = 1.0,
) -> dict[str, Any]:
    """Write one chart's spec, SVG (light, and dark under ``prefers-color-scheme: dark``)
    and PNG (light) under ``base``; any Vega-Lite spec works (topic pages too). ``inline``
    maps data URLs to their content (the CSV text, or rows) for the renders, which cannot
    fetch."""
    put(f"{base}-vl.json", json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
    static = vega.static_spec(spec)
    for url, rows in (inline or {}).items():
        static = inline_data(static, url, rows)
    svg = render_svg(vega.with_scheme(static, "default"), cache_dir)
    # One SVG for both of Material's schemes (it turns dark by itself); the PNG is drawn
    # from the plain light render, which resvg reads without a media query.
    put(f"{base}.svg", scheme_aware_svg(svg))
    put(f"{base}.png", render_png(svg, cache_dir, scale=png_scale))
    return {
        "name": name,
        "title": title,
        "description": description,
        "spec_url": f"{root}{base}-vl.json",
        "svg_url": f"{root}{base}.svg",
        "png_url": f"{root}{base}.png",
        "png_path": f"{base}.png",
        "svg_path": f"{base}.svg",
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
