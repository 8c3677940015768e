"""A topic's chart: one chart whose series come from several resources, with inline data.

The numbers are picked once, by ``plotted``: the chart draws them and the topic page's
table lists them, so the table a reader is sent to holds exactly what the chart shows.
The chart follows the dataset charts' conventions: a measure axis from zero, a source
line naming every document drawn on, a title wrapped for a phone, and colours only from
the theme's config (light in ``config``, dark in ``usermeta.odp.dark``), never written
into a mark, so that both schemes keep their contrast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from sitegen.charts import text as ct
from sitegen.charts.spec import READOUT, READOUT_AT
from sitegen.charts.theme import vega_config
from sitegen.core.i18n import Strings, text
from sitegen.format.cells import format_cell, qualified, unit_template
from sitegen.model.packages import Package, Resource
from sitegen.model.topics import matching, resolve
from sitegen.validate.validation import Validation

#: Below this width (px) the legend's labels wrap: a phone's chart is about 340 px wide.
LEGEND_WIDTH = 300
#: The dash of a series the topic declares ``dashed`` (a target, a plan), else a solid line.
DASHED, SOLID = [6, 4], [1, 0]


@dataclass(frozen=True)
class Point:
    """One plotted value: the x (a year, as a rule) and the y with its qualifier, if any."""

    x: Any
    y: int | float
    qualifier: str | None = None


@dataclass(frozen=True)
class Series:
    """One line of a topic chart: which resource and fields it reads, and its points."""

    label: str
    resource: Resource
    x_field: Mapping[str, Any]
    y_field: Mapping[str, Any]
    dashed: bool
    points: tuple[Point, ...]

    def value_text(self, point: Point, lang: str, strings: Strings, with_unit: bool = True) -> str:
        """The value as the table and the tooltip write it: 約960 or 約960人 / about 960 people."""
        number = format_cell(point.y, self.y_field, lang, strings)
        if with_unit:
            number = unit_template(self.y_field, lang, strings).replace("{v}", number)
        return qualified(number, point.qualifier, lang, strings)


def plotted(view: Mapping[str, Any], validation: Validation, lang: str) -> list[Series]:
    """The series of a topic view with the rows they plot, in declared order. A series
    whose resource is gone is left out (validation reports the dead reference); a row
    without a value is not a point."""
    result = []
    for declared in view.get("series", []):
        resource = resolve(validation.packages, declared["resource"])
        if resource is None:
            continue
        fields = {f["name"]: f for f in resource.fields}
        x, y = str(declared["x"]), str(declared["y"])
        qualifier = next((str(f["name"]) for f in resource.fields if f.get("qualifier_of") == y), None)
        rows = matching([r for _, r in validation.for_resource(resource).rows], declared.get("where") or {})
        points = tuple(
            Point(row[x], row[y], str(row[qualifier]) if qualifier and row.get(qualifier) else None)
            for row in rows
            if row.get(y) is not None
        )
        label = text(declared, "label", lang)
        result.append(Series(label, resource, fields[x], fields[y], bool(declared.get("dashed")), points))
    return result


def sources(series: Sequence[Series], lang: str, strings: Strings) -> list[str]:
    """One source line per document the series come from, in order, each named once, as
    the dataset charts name theirs (``chart_source``; a document named after its
    publisher is named alone)."""
    lines: list[str] = []
    for item in series:
        resource = item.resource
        package: Package = resource.package
        source = (resource.descriptor.get("sources") or [{}])[0]
        publisher = text(source, "publisher", lang) or text(package.descriptor, "publisher", lang)
        document = text(package.descriptor, "document", lang) or text(package.descriptor, "title", lang)
        key = "chart_source_document" if publisher and document.startswith(publisher) else "chart_source"
        line = strings.get(key, lang, publisher=publisher, document=document)
        if line not in lines:
            lines.append(line)
    return lines


def _heading(title: str, source_lines: list[str], lang: str, narrow: bool) -> dict[str, Any]:
    subtitle = [part for line in source_lines for part in ct.lines_for(line, lang, narrow)]
    return {"text": ct.lines_for(title, lang, narrow), "subtitle": subtitle}


def topic_chart(view: Mapping[str, Any], validation: Validation, lang: str, strings: Strings) -> dict[str, Any]:
    """One chart whose series come from several resources, as a Vega-Lite spec with
    inline data and both schemes' configs."""
    series = plotted(view, validation, lang)
    values = [
        {
            "x": p.x,
            "y": p.y,
            "series": s.label,
            "_text": s.value_text(p, lang, strings),
            "_so": order,
        }
        for order, s in enumerate(series)
        for p in s.points
    ]
    line = {"type": "line", "point": {"filled": True, "size": 50}, "strokeWidth": 2.5}
    readout = _readout_layer(series, lang, strings)
    layers = [readout, {"mark": line, "encoding": _encoding(series, view, lang, strings)}, *_rule_layers(view, lang)]
    title = text(view, "title", lang)
    source_lines = sources(series, lang, strings)
    spec: dict[str, Any] = {
        "data": {"values": values},
        "layer": layers,
        "title": {**_heading(title, source_lines, lang, narrow=False), "anchor": "start"},
        "description": strings.get("chart_static_alt", lang, title=title, description=text(view, "description", lang)),
        "width": "container",
        "height": int(view.get("height") or 300),
        "autosize": {"type": "fit-x", "contains": "padding"},
        # charts.js swaps in the narrow title on a phone, and the dark config in dark mode.
        # charts.js runs the readout: every series at the x nearest a pointer, tap or key.
        "params": [{"name": READOUT_AT, "value": None}],
        "usermeta": {
            "odp": {
                "narrowTitle": _heading(title, source_lines, lang, narrow=True),
                "readout": {"axis": "x", "hint": strings.get("chart_readout_hint", lang)},
            }
        },
    }
    # Validated by Altair against the Vega-Lite schema; returned as written, so the rows
    # stay inline in ``data`` (Altair would move them to a named dataset).
    schema = alt.LayerChart.from_dict(spec).to_dict(validate=True)["$schema"]
    spec["usermeta"]["odp"]["dark"] = vega_config("slate")
    return {"$schema": schema, **spec, "config": vega_config("default")}


def _readout_layer(series: list[Series], lang: str, strings: Strings) -> dict[str, Any]:
    """The dataset charts' readout (``spec._readout_layer``), for a topic: one invisible
    rule per year holding every series' value there as the table writes it (``_rows`` of
    label ``_rl``, value ``_rv``, legend order ``_ro``), headed by the year with its era
    year in Japanese. charts.js shows the one nearest the pointer, a tap or the keys."""
    x_field = series[0].x_field if series else {}
    return {
        "name": READOUT,
        "transform": [
            {"calculate": "datum.series", "as": "_rl"},
            {"calculate": "datum._text", "as": "_rv"},
            {"calculate": "datum._so", "as": "_ro"},
            {"aggregate": [{"op": "values", "as": "_rows"}], "groupby": ["x"]},
            {"calculate": "datum.x", "as": "_x"},
            {"calculate": ct.year_readout_expr("datum.x", x_field, strings, lang), "as": "_xt"},
        ],
        "mark": {"type": "rule", "style": "odp-cursor", "aria": False},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "opacity": {"condition": {"test": f"datum._x === {READOUT_AT}", "value": 1}, "value": 0},
        },
    }


def _encoding(series: list[Series], view: Mapping[str, Any], lang: str, strings: Strings) -> dict[str, Any]:
    """Years along x, values up y from zero, one colour and dash per series (the readout
    layer gives every value at a year; no tooltip per point)."""
    labels = [s.label for s in series]
    x_field = series[0].x_field if series else {}
    y_field = series[0].y_field if series else {}
    x_title = text(view, "x_title", lang)
    y_title = text(view, "y_title", lang)
    legend = {
        "orient": "bottom",
        "direction": "vertical",
        "title": None,
        "labelLimit": 0,
        "symbolType": "stroke",
        "symbolSize": 500,
        "labelExpr": ct.mapping_expr("datum.label", ct.label_lines(labels, lang, LEGEND_WIDTH)),
    }
    # Colour and dash encode the same series with the same domain, so the legend shows
    # each line's colour and dash together. No colour range: the theme's config gives it.
    colour = {"field": "series", "type": "nominal", "scale": {"domain": labels}, "legend": legend}
    dashes = [DASHED if s.dashed else SOLID for s in series]
    return {
        "x": {
            "field": "x",
            "type": "quantitative",
            "scale": {"zero": False, "nice": False, "padding": 14},
            "axis": {
                "title": x_title or None,
                "format": "d",
                "tickMinStep": 1,
                "labelExpr": ct.year_expr("datum.value", x_field, strings, lang),
                "labelOverlap": True,
                "grid": False,
            },
        },
        # From zero, as the dataset charts' measure axis: a line that starts at 910
        # makes a rise of 5% look like a doubling.
        "y": {
            "field": "y",
            "type": "quantitative",
            "scale": {"zero": True},
            "axis": {
                "title": ct.lines_for(y_title, lang, narrow=True) if y_title else None,
                "tickCount": 6,
                "labelExpr": ct.number_expr("datum.value", y_field, lang, compact=True),
            },
        },
        "color": colour,
        "strokeDash": {**colour, "scale": {"domain": labels, "range": dashes}},
    }


def _rule_layers(view: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """Each declared reference line (a target) and its label, above the line at the
    left, in the theme's reference style (so dark mode gives it its dark colour)."""
    layers: list[dict[str, Any]] = []
    for rule in view.get("rules") or []:
        data = {"values": [{"y": rule["y"], "label": text(rule, "label", lang)}]}
        label = {
            "type": "text",
            "style": "odp-reference-label",
            "align": "left",
            "baseline": "bottom",
            "dx": 4,
            "dy": -3,
        }
        layers.append({"data": data, "mark": {"type": "rule", "style": "odp-reference"}, "encoding": {"y": _rv()}})
        layers.append(
            {"data": data, "mark": label, "encoding": {"y": _rv(), "x": {"value": 0}, "text": {"field": "label"}}}
        )
    return layers


def _rv() -> dict[str, Any]:
    return {"field": "y", "type": "quantitative"}
