"""Charts: one generic builder turns a declared view into an Altair chart, per language.

The view says what to draw (``chart_views``: mark, x, y, colour, facets, stacking,
reference lines, annotations, sort, scale); everything a reader sees (titles, axis
titles, legends, tooltips, number, unit and year formats, category labels) comes from
the schema's bilingual metadata through ``chart_text``, and every colour from
``chart_theme``. No dataset is named here: a chart that a declaration cannot express is
written by hand in ``chart_custom`` and registered by name (``chart: <name>``).

The data of a chart is the published CSV, by URL; the rows, when given, only inform
layout choices (how many categories, whether to draw points) and never end up inlined
here, so no build meets Altair's row limit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import altair as alt

from sitegen.charts import text as ct
from sitegen.charts.context import (
    CATEGORY_LABEL,
    CO,
    FO,
    KEY,
    LABEL,
    SERIES,
    SHORT,
    STATUS,
    TEXT,
    UNIT,
    VALUE,
    XL,
    XO,
    XT,
    C,
    Context,
    F,
    X,
    filter_expr,
)
from sitegen.charts.custom import BUILDERS
from sitegen.charts.theme import vega_config
from sitegen.core.i18n import Strings, text
from sitegen.format.cells import unit_template
from sitegen.model.fields import is_time
from sitegen.model.packages import Resource
from sitegen.model.views import Annotation, Rule, ViewError, parse_view

__all__ = ["Context", "ViewError", "build_chart", "chart_spec", "static_spec", "with_scheme"]

STATIC_WIDTH = 720
#: At most this many rows get a dot on each point of a line; beyond, the line alone.
MAX_POINTS = 30
#: Height of one category row of horizontal bars whose one-line label sits above the bar.
ROW_STEP = 46
#: Below this width (px) key-figure tiles stack in one column.
FIGURES_NARROW = 520
#: Below this plot width (px) a chart takes its phone layout: labels wrapped shorter,
#: fewer ticks, value labels without their unit (the axis title gives it).
NARROW = 560
#: The plot width a phone leaves a chart (a 360 px one, with value labels beside the
#: bars), for wrapping labels at build time.
PHONE_PLOT = 260
#: One line of 12 px label text, and the thickness of a horizontal bar.
LINE_PX, BAR_PX = 15, 22
#: Room (px) each tick of a time axis gets: a label (1970年度, FY1970) and a gap.
TICK_PX = 80
#: The layer whose items mark each x the readout can stop at, and the signal that says
#: which x it shows; charts.js moves it with the pointer, a tap or the arrow keys.
READOUT, READOUT_AT = "odp_readout", "odp_at"

# Transforms ---------------------------------------------------------------------


def _per_series(ctx: Context, role: str) -> str | None:
    """An expression giving, for each row after folding, the value of the series'
    ``qualifier_of``/``status_of`` companion column (or None when no series has one)."""
    mapping = {n: ctx.companion(n, role) for n in ctx.view.y}
    if not any(mapping.values()):
        return None
    expr = "null"
    for name, companion in reversed(list(mapping.items())):
        if companion:
            expr = f"(datum.{KEY} === {ct.js(name)} ? {ct.datum(companion)} : {expr})"
    return expr


def _status_label_expr(ctx: Context, status: str) -> str:
    labels: dict[str, str] = {}
    for name in ctx.view.y:
        companion = ctx.companion(name, "status_of")
        if companion:
            labels.update(ct.category_labels(ctx.field(companion), ctx.lang))
    return ct.mapping_expr(status, labels)


def value_text(ctx: Context, number_source: str, compact: bool, unit: bool = True) -> str:
    """The formatted value of the current series with unit and qualifier, as Vega
    expression: 約30,000,000人 / about 30 million people; without ``unit``, 約3,000万."""
    lang, view = ctx.lang, ctx.view
    by_series: dict[str, str] = {}
    for name in view.y:
        number = ct.number_expr(number_source, ctx.field(name), lang, compact)
        if not unit:
            by_series[name] = number
        elif view.unit_field:
            by_series[name] = ct.dynamic_unit_expr(number, ct.datum(UNIT), lang)
        else:
            by_series[name] = ct.template_expr(unit_template(ctx.field(name), lang, ctx.strings), number)
    expr = by_series[view.y[-1]]
    for name in reversed(view.y[:-1]):
        expr = f"(datum.{KEY} === {ct.js(name)} ? {by_series[name]} : {expr})"
    return ct.qualified_expr(expr, "datum._qual", lang, ctx.strings) if _per_series(ctx, "qualifier_of") else expr


def base_transforms(ctx: Context) -> list[dict[str, Any]]:
    """Filter, fold the measures into ``_key``/``_value``, and compute every label the
    chart shows, so that all layers and the tooltip read the same columns."""
    view, lang, strings = ctx.view, ctx.lang, ctx.strings
    steps: list[dict[str, Any]] = [{"filter": test} for test in filter_expr(ctx)]
    if view.folded:
        steps.append({"fold": list(view.y), "as": [KEY, VALUE]})
    else:
        steps.append({"calculate": ct.js(view.y[0]), "as": KEY})
        steps.append({"calculate": ct.datum(view.y[0]), "as": VALUE})
    series = ct.mapping_expr(f"datum.{KEY}", {n: ctx.title(n) for n in view.y})
    steps.append({"calculate": series, "as": SERIES})
    steps.append({"calculate": f"indexof({ct.js(list(view.y))}, datum.{KEY})", "as": "_so"})
    if view.x:
        x_field = ctx.field(view.x)
        label = ct.label_expr(x_field, strings, lang)
        status = ctx.companion(view.x, "status_of")
        if status:  # a missing year that the document explains ("recent years")
            status_label = ct.mapping_expr(ct.datum(status), ct.category_labels(ctx.field(status), lang))
            label = f"({ct.present(ct.datum(view.x))} ? {label} : {status_label})"
        steps.append({"calculate": label, "as": X})
        steps.append({"calculate": ct.order_expr(x_field), "as": XO})
        if _has_readout(ctx):
            steps.append({"calculate": _readout_x(ctx), "as": XT})
        if _labels_above(ctx):
            narrow, wide = _category_lines(ctx)
            lines = (
                f"(width < {NARROW} ? {ct.mapping_expr(f'datum.{X}', narrow)} : {ct.mapping_expr(f'datum.{X}', wide)})"
            )
            steps.append({"calculate": lines, "as": XL})
    for name, label_as, order_as in ((view.color, C, CO), (view.facet, F, FO), (view.heading, "_heading", "_ho")):
        if name:
            steps.append({"calculate": ct.label_expr(ctx.field(name), strings, lang), "as": label_as})
            steps.append({"calculate": ct.order_expr(ctx.field(name)), "as": order_as})
    if view.unit_field:
        unit = ct.mapping_expr(ct.datum(view.unit_field), ct.category_labels(ctx.field(view.unit_field), lang))
        steps.append({"calculate": unit, "as": UNIT})
    qualifier = _per_series(ctx, "qualifier_of")
    if qualifier:
        steps.append({"calculate": qualifier, "as": "_qual"})
    status = _per_series(ctx, "status_of")
    if status:
        shown = f"(!isValid(datum.{VALUE}) && isValid({status}) ? {_status_label_expr(ctx, status)} : '')"
        steps.append({"calculate": shown, "as": STATUS})
    valid = f"isValid(datum.{VALUE})"
    steps.append({"calculate": f"{valid} ? {value_text(ctx, f'datum.{VALUE}', compact=False)} : ''", "as": TEXT})
    steps.append({"calculate": f"{valid} ? {value_text(ctx, f'datum.{VALUE}', compact=True)} : ''", "as": SHORT})
    if view.labels:
        bare = value_text(ctx, f"datum.{VALUE}", compact=True, unit=False)
        steps.append({"calculate": _label_expr(ctx, f"datum.{SHORT}", f"({valid} ? {bare} : '')"), "as": LABEL})
    return steps


def _label_expr(ctx: Context, with_unit: str, bare: str) -> str:
    """A value label on a mark: on a phone without a worded unit (325, not 325 people),
    so that labels of neighbouring bars do not run into each other; the measure axis
    title gives the unit. A symbol unit (人, %, 米ドル) stays: it costs little room."""
    view = ctx.view
    units = {unit_template(ctx.field(n), ctx.lang, ctx.strings).replace("{v}", "").strip() for n in view.y}
    if view.unit_field or len(units) != 1 or len(units.pop()) <= 3:
        return with_unit
    return f"(width < {NARROW} ? {bare} : {with_unit})"


# Encodings ----------------------------------------------------------------------


def _quantitative_time(ctx: Context) -> bool:
    view = ctx.view
    if not view.x or view.mark not in ("line", "area", "point"):
        return False
    field = ctx.field(view.x)
    return is_time(field) and field.get("type") in ("integer", "number", "year")


def _position(ctx: Context) -> dict[str, Any]:
    """The encoding of the category/time axis (x when vertical, y when horizontal)."""
    view, lang = ctx.view, ctx.lang
    assert view.x
    if _quantitative_time(ctx):
        field = ctx.field(view.x)
        spec = _scale_spec(ctx, "x")
        spec.setdefault("zero", False)
        spec.setdefault("nice", False)
        spec.setdefault("padding", 14)
        return {
            "field": view.x,
            "type": "quantitative",
            "scale": spec,
            "axis": {
                "title": None,
                "format": "d",
                "tickMinStep": 1,
                # As many ticks as the width has room for: 1970年度 needs about 80 px.
                "tickCount": {"expr": f"clamp(floor(width / {TICK_PX}), 2, 12)"},
                "labelExpr": ct.year_expr("datum.value", field, ctx.strings, lang),
                "labelOverlap": True,
                "labelSeparation": 8,
                "grid": False,
            },
        }
    if view.sort in ("y", "-y"):
        # "max", not "sum": layers of one chart union their domains, which Vega-Lite
        # can sort only by count, min or max.
        sort: Any = {"field": VALUE, "op": "max", "order": "descending" if view.sort == "-y" else "ascending"}
    else:
        sort = {"field": XO, "op": "min", "order": "descending" if view.sort == "-x" else "ascending"}
    encoding: dict[str, Any] = {"field": X, "type": "nominal", "sort": sort}
    if _labels_above(ctx):  # a band scale even for points, so labels can sit above them
        encoding.update(axis=None, scale={"type": "band", "paddingInner": 0.1, "paddingOuter": 0.05})
        return encoding
    axis: dict[str, Any] = {"title": None, "grid": False}
    labels = _x_labels(ctx)
    if view.horizontal:
        axis.update(labelLimit=240)
    else:
        axis.update(labelAngle=0, labelOverlap=True, labelSeparation=4)
        if labels:  # wrapped to the room each category has, on a phone and wider
            count = _x_count(ctx)
            narrow = ct.label_lines(labels, lang, max(40, (PHONE_PLOT - 20) // count))
            wide = ct.label_lines(labels, lang, max(60, (STATIC_WIDTH - 80) // count))
            by_width = ct.mapping_expr("datum.label", narrow), ct.mapping_expr("datum.label", wide)
            axis["labelExpr"] = f"(width < {NARROW} ? {by_width[0]} : {by_width[1]})"
    encoding["axis"] = axis
    return encoding


def _x_labels(ctx: Context) -> list[str]:
    """Every label the category axis can show: its declared categories, else the labels
    of the shown rows' values (known at build time, for wrapping only)."""
    view = ctx.view
    assert view.x
    labels = list(ct.category_labels(ctx.field(view.x), ctx.lang).values())
    rows = ctx.shown_rows
    if not labels and rows is not None:
        values = [r.get(view.x) for r in rows if r.get(view.x) not in (None, "")]
        labels = list(dict.fromkeys(ctx.label_py(view.x, v) for v in values))
    return labels


def _x_count(ctx: Context) -> int:
    """How many categories share the axis (those the shown rows use, when known)."""
    rows = ctx.shown_rows
    if rows is not None:
        return max(1, len({str(r.get(str(ctx.view.x))) for r in rows}))
    return max(1, len(_x_labels(ctx)))


def _category_lines(ctx: Context) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The lines of each category label written above its bar: on a phone, and wider.
    Wrapped, not cut: a label ends with an ellipsis only past three lines."""
    labels = _x_labels(ctx)
    return ct.label_lines(labels, ctx.lang, PHONE_PLOT), ct.label_lines(labels, ctx.lang, NARROW - 20)


def _label_rows(ctx: Context) -> tuple[int, int]:
    """The most lines a category label above a bar takes: on a phone, and wider."""
    narrow, wide = _category_lines(ctx)
    return max((len(v) for v in narrow.values()), default=1), max((len(v) for v in wide.values()), default=1)


def _row_step(ctx: Context) -> int:
    """Height of a category row of bars with labels above: room for the longest label."""
    return ROW_STEP + LINE_PX * (max(_label_rows(ctx)) - 1)


def _bar_offset(ctx: Context, above: float = 0) -> dict[str, str]:
    """How far a bar (and its value label) sits below the middle of its row: below the
    most lines a label takes at this width; with ``above``, from the top of the row to
    that many px above the bar, where its label's last line ends."""
    half = _row_step(ctx) / 2
    narrow, wide = (LINE_PX * n + BAR_PX // 2 + 4 - half for n in _label_rows(ctx))
    if above:
        narrow, wide = (half + offset - BAR_PX / 2 - above for offset in (narrow, wide))
    return {"expr": f"width < {NARROW} ? {narrow:g} : {wide:g}"}


def _labels_above(ctx: Context) -> bool:
    """Horizontal bars carry their category label above the bar, full width, so long
    labels stay readable on a phone; grouped bars keep the axis labels instead."""
    view = ctx.view
    return view.horizontal and not (_series_colour(ctx) and _stack(ctx) is None)


def _scale_spec(ctx: Context, axis: str) -> dict[str, Any]:
    spec = dict(ctx.view.scale.get(axis, {}))
    spec.pop("independent", None)
    return spec


def _measure(ctx: Context, stacked: Any) -> dict[str, Any]:
    """The encoding of the measure axis (y when vertical, x when horizontal)."""
    field = ctx.field(ctx.view.y[0])
    fmt = "%" if stacked == "normalize" else None
    label = ct.number_expr("datum.value", field, ctx.lang, compact=True) if fmt is None else None
    scale = _scale_spec(ctx, "y")
    title = ctx.measure_title()
    if scale.get("type") in ("log", "symlog"):  # equal steps are ×10, and the axis says so
        title = ctx.s("chart_log_scale", title=title)
    axis: dict[str, Any] = {"title": ct.lines_for(title, ctx.lang, narrow=True), "tickCount": 6}
    if label:
        axis["labelExpr"] = label
    else:
        axis["format"] = fmt
    if ctx.view.horizontal:  # along the width: as many ticks as it has room for
        axis.update(
            grid=True, labelOverlap=True, labelSeparation=8, tickCount={"expr": "clamp(floor(width / 90), 2, 6)"}
        )
    enc: dict[str, Any] = {"field": VALUE, "type": "quantitative", "axis": axis, "stack": stacked}
    if scale:
        enc["scale"] = scale
    return enc


def _series_colour(ctx: Context) -> dict[str, Any] | None:
    """The colour encoding of the series, or None for a single series. Its order is an
    explicit scale domain (not a sort), so that the colour legend and the dash or shape
    legend of the same series merge into one."""
    view = ctx.view
    legend: dict[str, Any] = {"orient": "top", "direction": "horizontal", "labelLimit": 0, "symbolType": "square"}
    if view.folded:
        labels = [ctx.title(n) for n in view.y]
        field, title = SERIES, None
    elif view.color:
        labels = _colour_labels(ctx, view.color)
        field, title = C, ctx.title(view.color)
    else:
        return None
    encoding: dict[str, Any] = {"field": field, "type": "nominal", "sort": labels}
    if labels:
        encoding = {"field": field, "type": "nominal", "scale": {"domain": labels}}
    else:  # free-text colours: in order of first appearance
        encoding["sort"] = {"field": CO, "op": "min"}
    encoding["legend"] = (
        {**legend, "title": title, "columns": _legend_columns(labels, ctx.lang)} if view.legend else None
    )
    return encoding


def _colour_labels(ctx: Context, name: str) -> list[str]:
    """Declared category labels of a colour field, in declared order; only those the
    shown rows use, when the rows are known (a legend lists what the chart shows)."""
    categories = ct.category_labels(ctx.field(name), ctx.lang)
    rows = ctx.shown_rows
    if rows is not None:
        used = {str(r.get(name)) for r in rows}
        return [label for value, label in categories.items() if value in used]
    return list(categories.values())


def _order_of(colour: dict[str, Any]) -> Any:
    """The sort of an offset channel that matches the colour order."""
    return colour["scale"]["domain"] if "scale" in colour else colour["sort"]


def _legend_columns(labels: list[str], lang: str) -> int:
    """Legend entries in one row when they fit a phone's width, else in a column."""
    width = sum(len(label) * (13 if lang == "ja" else 7) + 30 for label in labels)
    if not labels or width <= 320:
        return max(1, len(labels))
    return 1 if max(len(label) for label in labels) * (13 if lang == "ja" else 7) > 140 else 2


def _stack(ctx: Context) -> Any:
    view = ctx.view
    if view.mark not in ("bar", "area") or not (view.folded or view.color):
        return None
    default = view.mark == "area" or bool(view.color)
    chosen = default if view.stack is None else view.stack
    return "normalize" if chosen == "normalize" else ("zero" if chosen else None)


def _tooltip(ctx: Context) -> list[dict[str, Any]]:
    view = ctx.view
    tips: list[dict[str, Any]] = []
    if view.x:
        tips.append({"field": X, "type": "nominal", "title": ctx.title(view.x)})
    if view.heading:
        tips.append({"field": "_heading", "type": "nominal", "title": ctx.title(view.heading)})
    if view.facet:
        tips.append({"field": F, "type": "nominal", "title": ctx.title(view.facet)})
    if view.color:
        tips.append({"field": C, "type": "nominal", "title": ctx.title(view.color)})
    if view.folded:
        tips.append({"field": SERIES, "type": "nominal", "title": ctx.s("legend_series")})
        tips.append({"field": TEXT, "type": "nominal", "title": ctx.s("axis_value")})
    else:
        tips.append({"field": TEXT, "type": "nominal", "title": ctx.title(view.y[0])})
    return tips


def _channels(ctx: Context) -> tuple[str, str, str]:
    """(category channel, measure channel, offset channel) for the orientation."""
    return ("y", "x", "yOffset") if ctx.view.horizontal else ("x", "y", "xOffset")


# Layers -------------------------------------------------------------------------


def _main_layer(ctx: Context) -> dict[str, Any]:
    view = ctx.view
    cat, mea, offset = _channels(ctx)
    stacked = _stack(ctx)
    encoding: dict[str, Any] = {mea: _measure(ctx, stacked)}
    if not _has_readout(ctx):
        encoding["tooltip"] = _tooltip(ctx)
    if view.x:
        encoding[cat] = _position(ctx)
    colour = _series_colour(ctx)
    if colour:
        encoding["color"] = colour
        if view.mark == "bar" and stacked is None:
            encoding[offset] = {"field": colour["field"], "type": "nominal", "sort": _order_of(colour)}
        if stacked:  # the first category sits on the axis, in every language
            encoding["order"] = {"field": CO if view.color else "_so", "sort": "ascending"}
        # A second cue besides colour, merged into the same legend: dashes for lines,
        # shapes for points.
        if view.mark == "line":
            legend = colour["legend"] and {**colour["legend"], "symbolType": "stroke", "symbolSize": 500}
            encoding["color"] = encoding["strokeDash"] = {**colour, "legend": legend}
        elif view.mark == "point":
            legend = colour["legend"] and {k: v for k, v in colour["legend"].items() if k != "symbolType"}
            encoding["color"] = encoding["shape"] = {**colour, "legend": legend}
    mark: dict[str, Any] = {"type": view.mark}
    if _labels_above(ctx):
        mark["yOffset"] = _bar_offset(ctx)
        if view.mark == "bar":
            mark["height"] = BAR_PX
    if view.mark == "line":
        count = ctx.row_count
        if count is None or count <= MAX_POINTS:
            mark["point"] = {"filled": True, "size": 36}
    elif view.mark == "bar":
        mark["cornerRadiusEnd"] = 2
    elif view.mark == "point":
        mark["size"] = 70
    return {"mark": mark, "encoding": encoding}


def _has_readout(ctx: Context) -> bool:
    """Whether charts.js gives the chart its readout (``_readout_layer``): every chart
    along a time or category axis but a faceted one, whose panels each have their own x."""
    view = ctx.view
    return bool(view.x) and not view.facet and view.mark in ("line", "area", "point", "bar")


def _readout_x(ctx: Context) -> str:
    """The x as the readout heads its list: a year with its era year in Japanese."""
    view = ctx.view
    assert view.x
    field = ctx.field(view.x)
    if not (is_time(field) and field.get("type") in ("integer", "number", "year")):
        return f"datum.{X}"
    era = ct.year_readout_expr(ct.datum(view.x), field, ctx.strings, ctx.lang)
    return f"({ct.present(ct.datum(view.x))} ? {era} : datum.{X})"


def _readout_layer(ctx: Context) -> dict[str, Any] | None:
    """One invisible item per x, a rule across a time axis or a band across a category,
    holding every series' row there (``_rows``, each with its label ``_rl``, value text
    ``_rv`` and order ``_ro``). charts.js picks the item nearest the pointer, a tap or the
    arrow keys, shows it through the ``odp_at`` signal and lists its rows beside it: a
    reader sees every series at that x at once, on any device, instead of one tooltip
    per mark that only a mouse on a 7 px dot could open."""
    if not _has_readout(ctx):
        return None
    view = ctx.view
    missing = ct.js(ctx.s("chart_missing"))
    if _per_series(ctx, "status_of"):
        missing = f"(datum.{STATUS} !== '' ? datum.{STATUS} : {missing})"
    group = [X, XO, XT] + ([str(view.x)] if _quantitative_time(ctx) else [])
    transform = [
        {"calculate": f"datum.{C if view.color else SERIES}", "as": "_rl"},
        {"calculate": f"(datum.{TEXT} !== '' ? datum.{TEXT} : {missing})", "as": "_rv"},
        {"calculate": f"datum.{CO if view.color else '_so'}", "as": "_ro"},
        # The largest value too: a category axis sorted by value sorts this layer alike.
        {"aggregate": [{"op": "values", "as": "_rows"}, {"op": "max", "field": VALUE, "as": VALUE}], "groupby": group},
    ]
    position = _position(ctx)
    band = view.mark == "bar" or _labels_above(ctx)
    shown = {"condition": {"test": f"datum.{X} === {READOUT_AT}", "value": 1}, "value": 0}
    return {
        "name": READOUT,
        "transform": transform,
        "mark": {"type": "rect", "style": "odp-band", "aria": False}
        if band
        else {"type": "rule", "style": "odp-cursor", "aria": False},
        "encoding": {_channels(ctx)[0]: position, "opacity": shown},
    }


def _category_labels_layer(ctx: Context) -> dict[str, Any] | None:
    """The category names above horizontal bars (see ``_labels_above``)."""
    if not _labels_above(ctx):
        return None
    position = {**_position(ctx), "bandPosition": 0}
    # Its last line ends just above the bar (Vega sets a multi-line text from its first
    # line down, so it is raised by the others): a short label sits on its bar too.
    raise_by = {"expr": f"-{LINE_PX} * (length(datum.{XL}) - 1)"}
    mark = {**CATEGORY_LABEL, "baseline": "bottom", "dy": raise_by, "yOffset": _bar_offset(ctx, above=3)}
    return {"mark": mark, "encoding": {"y": position, "x": {"value": 0}, "text": {"field": XL}}}


def _labels_layer(ctx: Context) -> dict[str, Any] | None:
    """Values written on the marks, when the view asks for ``labels: true``."""
    view = ctx.view
    if not view.labels:
        return None
    cat, mea, offset = _channels(ctx)
    stacked = _stack(ctx)
    encoding: dict[str, Any] = {mea: {"field": VALUE, "type": "quantitative", "stack": None}, "text": {"field": LABEL}}
    if view.x:
        encoding[cat] = _position(ctx)
    colour = _series_colour(ctx)
    mark: dict[str, Any] = {"type": "text", "style": "odp-label"}
    transform: list[dict[str, Any]] = []
    if stacked:  # one total per bar: segment values are in the tooltip
        group = [X, XO] + ([F, FO] if view.facet else [])
        unit = unit_template(ctx.field(view.y[0]), ctx.lang, ctx.strings)
        number = ct.number_expr("datum._total", ctx.field(view.y[0]), ctx.lang, True)
        transform = [
            {"aggregate": [{"op": "sum", "field": VALUE, "as": "_total"}], "groupby": group},
            {"calculate": "datum._total", "as": VALUE},
            {"calculate": _label_expr(ctx, ct.template_expr(unit, number), number), "as": LABEL},
        ]
    elif colour:
        if view.mark == "bar":
            encoding[offset] = {"field": colour["field"], "type": "nominal", "sort": _order_of(colour)}
        encoding["detail"] = {"field": colour["field"], "type": "nominal"}
    if view.horizontal:
        mark.update(align="left", baseline="middle", dx=4)
        encoding[cat] = {**encoding[cat], "bandPosition": 0.5}
        if _labels_above(ctx):
            mark["yOffset"] = _bar_offset(ctx)
    elif view.mark == "bar":
        mark.update(align="center", baseline="bottom", dy=-3)
    else:
        mark.update(align="center", baseline="bottom", dy=-8)
    layer: dict[str, Any] = {"mark": mark, "encoding": encoding}
    return {"transform": transform, **layer} if transform else layer


def _status_layer(ctx: Context) -> dict[str, Any] | None:
    """Where a value is missing for a reason the document gives (公表予定), say so on
    the chart instead of leaving a silent gap."""
    view = ctx.view
    if not view.x or not any(ctx.companion(n, "status_of") for n in view.y):
        return None
    if _scale_spec(ctx, "y").get("type", "linear") not in ("linear", "sqrt", "symlog"):
        return None
    cat, mea, offset = _channels(ctx)
    encoding: dict[str, Any] = {
        cat: _position(ctx),
        mea: {"datum": 0, "type": "quantitative"},
        "text": {"field": STATUS},
    }
    if not _has_readout(ctx):
        encoding["tooltip"] = [*_tooltip(ctx)[:-1], {"field": STATUS, "type": "nominal", "title": ctx.title(view.y[0])}]
    colour = _series_colour(ctx)
    if colour and view.mark == "bar" and _stack(ctx) is None:
        encoding[offset] = {"field": colour["field"], "type": "nominal", "sort": _order_of(colour)}
    # Upright text reads up from the axis at its x: written across, it would run past the
    # last year and squeeze the plot on a phone.
    mark: dict[str, Any] = {"type": "text", "style": "odp-status", "align": "left", "baseline": "middle"}
    mark.update({"dx": 4, "dy": -10} if view.horizontal else {"angle": 270, "dy": 0, "dx": 4})
    return {"mark": mark, "encoding": encoding}


def _rule_layers(ctx: Context, rule: Rule) -> list[dict[str, Any]]:
    view = ctx.view
    cat, mea, _ = _channels(ctx)
    label = text(rule.label, "label", ctx.lang)
    if rule.axis == "y":
        channel, value, kind = mea, rule.value, "quantitative"
    else:
        channel = cat
        quantitative = _quantitative_time(ctx)
        value = rule.value if quantitative else ctx.label_py(str(view.x), rule.value)
        kind = "quantitative" if quantitative else "nominal"
    data = {"values": [{"_rv": value, "_rl": label}]}
    position = {"field": "_rv", "type": kind}
    line = {"data": data, "mark": {"type": "rule", "style": "odp-reference"}, "encoding": {channel: position}}
    text_mark: dict[str, Any] = {"type": "text", "style": "odp-reference-label"}
    text_enc: dict[str, Any] = {channel: position, "text": {"field": "_rl"}}
    if channel == "y":  # a horizontal line: its label sits above it, at the right end
        text_mark.update(align="right", baseline="bottom", dy=-3)
        text_enc["x"] = {"value": "width"}
    else:  # a vertical line: its label at the top, to its right
        text_mark.update(align="left", baseline="top", dx=4)
        text_enc["y"] = {"value": 0}
    return [line, {"data": data, "mark": text_mark, "encoding": text_enc}]


def _annotation_layers(ctx: Context, note: Annotation) -> list[dict[str, Any]]:
    view = ctx.view
    cat, mea, _ = _channels(ctx)
    quantitative = _quantitative_time(ctx)
    x_value = note.x if quantitative or not view.x else ctx.label_py(view.x, note.x)
    data = {"values": [{"_ax": x_value, "_ay": note.y, "_at": text(note.note, "text", ctx.lang)}]}
    position = {"field": "_ax", "type": "quantitative" if quantitative else "nominal"}
    if view.x and not quantitative:
        position["sort"] = _position(ctx)["sort"]
    layers: list[dict[str, Any]] = []
    encoding: dict[str, Any] = {cat: position, "text": {"field": "_at"}}
    if note.y is not None:
        encoding[mea] = {"field": "_ay", "type": "quantitative"}
        ring = {"type": "point", "shape": "circle", "size": 160, "filled": False, "style": "odp-reference"}
        layers.append({"data": data, "mark": ring, "encoding": {k: v for k, v in encoding.items() if k != "text"}})
    else:
        encoding[mea] = {"value": 0}
    mark: dict[str, Any] = {"type": "text", "style": "odp-annotation"}
    mark.update({"align": "left", "dx": 12, "dy": 0} if view.horizontal else {"align": "center", "dy": -16})
    layers.append({"data": data, "mark": mark, "encoding": encoding})
    return layers


def _figures(ctx: Context) -> dict[str, Any]:
    """Key figures: one tile per value, for tables of one row or of unlike measures,
    where bars of different units side by side would mislead. Tiles reflow to one
    column on a narrow screen."""
    view, lang = ctx.view, ctx.lang
    rows = ctx.shown_rows
    count = len(view.y) if rows is None else sum(r.get(n) is not None for r in rows for n in view.y)
    wide = min(view.columns or (3 if lang == "ja" else 2), max(1, count))
    columns = f"(width < {FIGURES_NARROW} ? 1 : {wide})"
    if view.heading:
        labels = list(ct.category_labels(ctx.field(view.heading), lang).values())
        heading_source = "datum._heading"
    else:
        labels = [ctx.title(n) for n in view.y]
        heading_source = f"datum.{SERIES}"
    tile_px = STATIC_WIDTH // wide - 40
    size, em = (28, 0.85) if lang == "ja" else (24, 0.58)
    steps = [
        {"filter": f"isValid(datum.{VALUE})"},
        {"window": [{"op": "row_number", "as": "_n"}]},
        {"calculate": f"(datum._n - 1) % {columns}", "as": "_col"},
        {"calculate": f"floor((datum._n - 1) / {columns})", "as": "_row"},
        {"calculate": ct.mapping_expr(heading_source, ct.label_lines(labels, lang, tile_px, 13, 2)), "as": "_hl"},
        # The value's font shrinks to fit its tile: a phone's tile, or a long English figure.
        {
            "calculate": f"clamp(floor((width / {columns} - 40) / (length(datum.{SHORT}) * {em})), 14, {size})",
            "as": "_fs",
        },
    ]
    x = {"field": "_col", "type": "ordinal", "scale": {"paddingInner": 0.06}, "axis": None}
    y = {"field": "_row", "type": "ordinal", "scale": {"paddingInner": 0.1}, "axis": None}
    tooltip = [{"field": heading_source.removeprefix("datum."), "type": "nominal", "title": ctx.s("legend_series")}]
    if view.x:
        tooltip.append({"field": X, "type": "nominal", "title": ctx.title(view.x)})
    tooltip.append({"field": TEXT, "type": "nominal", "title": ctx.s("axis_value")})
    limit = {"expr": f"width / {columns} - 36"}
    layers = [
        {"mark": {"type": "rect", "style": "odp-tile"}, "encoding": {"x": x, "y": y, "tooltip": tooltip}},
        _figure_text(x, y, "_hl", {"style": "odp-figure-label", "baseline": "top", "dy": -48, "limit": limit}),
        _figure_text(x, y, SHORT, {"style": "odp-figure", "dy": 10, "limit": limit}, size="_fs"),
    ]
    if view.x:
        layers.append(_figure_text(x, y, X, {"style": "odp-figure-caption", "dy": 42, "limit": limit}))
    return {"transform": steps, "layer": layers, "height": {"step": 136}}


def _figure_text(
    x: dict[str, Any], y: dict[str, Any], field: str, mark: dict[str, Any], size: str | None = None
) -> dict[str, Any]:
    encoding: dict[str, Any] = {
        "x": {**x, "bandPosition": 0},
        "y": {**y, "bandPosition": 0.5},
        "text": {"field": field, "type": "nominal"},
    }
    if size:
        encoding["size"] = {"field": size, "type": "quantitative", "scale": None}
    return {"mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 16, **mark}, "encoding": encoding}


def _generic(ctx: Context) -> dict[str, Any]:
    """The spec body (layers, transforms, size) of a declared view."""
    view = ctx.view
    if view.mark == "figures":
        return _figures(ctx)
    readout = _readout_layer(ctx)  # first: its rule or band lies behind the marks
    layers: list[dict[str, Any]] = [readout] if readout else []
    layers.append(_main_layer(ctx))
    for extra in (_category_labels_layer(ctx), _labels_layer(ctx), _status_layer(ctx)):
        if extra:
            layers.append(extra)
    for rule in view.rules:
        layers += _rule_layers(ctx, rule)
    for note in view.annotations:
        layers += _annotation_layers(ctx, note)
    body: dict[str, Any] = {"layer": layers}
    if _labels_above(ctx):
        body["height"] = {"step": _row_step(ctx)}
    elif view.horizontal:
        groups = (
            len(view.y)
            if view.folded
            else len(ct.category_labels(ctx.field(view.color), ctx.lang))
            if view.color
            else 1
        )
        body["height"] = {"step": 24 * max(1, groups) + 8}
    else:
        body["height"] = view.height or 300
    return body


# The chart ----------------------------------------------------------------------


def _heading(ctx: Context, narrow: bool = False) -> dict[str, Any]:
    """Title and source line (the licence asks for the source wherever the image goes),
    wrapped for 720 px, or for a phone with ``narrow``."""
    resource, lang = ctx.resource, ctx.lang
    title = text(ctx.view.raw, "title", lang)
    package = resource.package.descriptor
    source = (resource.descriptor.get("sources") or [{}])[0]
    publisher = text(source, "publisher", lang) or text(package, "publisher", lang)
    document = text(package, "document", lang) or text(package, "title", lang)
    # "National Personnel Authority, National Personnel Authority Annual Report" says the
    # publisher twice: a document named after its publisher is named alone.
    key = "chart_source_document" if publisher and document.startswith(publisher) else "chart_source"
    subtitle = ctx.s(key, publisher=publisher, document=document)
    return {"text": ct.lines_for(title, lang, narrow), "subtitle": ct.lines_for(subtitle, lang, narrow)}


def build_chart(
    resource: Resource,
    view: Mapping[str, Any],
    lang: str,
    strings: Strings,
    data: Any,
    *,
    rows: list[dict[str, Any]] | None = None,
) -> alt.TopLevelMixin:
    """An Altair chart of one declared view in one language. ``data`` is the published
    CSV as ``{"url": ..., "format": ...}``; ``rows``, when given, inform layout only."""
    parsed = parse_view(view, {f["name"]: f for f in resource.fields})
    ctx = Context(resource, parsed, lang, strings, data, rows)
    chart = BUILDERS[parsed.chart](ctx) if parsed.chart else _assemble(ctx)
    title = text(view, "title", lang)
    description = text(view, "description", lang)
    odp: dict[str, Any] = {"narrowTitle": _heading(ctx, narrow=True)}
    if _has_readout(ctx) and not parsed.chart:
        odp["readout"] = {"axis": _channels(ctx)[0], "hint": ctx.s("chart_readout_hint")}
    return chart.properties(
        title=alt.TitleParams(**_heading(ctx), anchor="start"),
        # The text alternative, as on the static image: Vega puts it on the live chart.
        description=ctx.s("chart_static_alt", title=title, description=description),
        # charts.js swaps in the narrow title on a phone, and runs the readout.
        usermeta={"odp": odp},
    )


def _assemble(ctx: Context) -> alt.TopLevelMixin:
    view = ctx.view
    body = _generic(ctx)
    transforms = base_transforms(ctx) + body.pop("transform", [])
    spec: dict[str, Any] = {"data": ctx.data, "transform": transforms}
    if view.facet:
        columns = view.columns or 2
        width = max(120, (STATIC_WIDTH - 40) // columns - 40)
        inner = {"layer": body["layer"], "width": width, "height": body["height"]}
        spec.update(
            facet={"field": F, "type": "nominal", "sort": {"field": FO, "op": "min"}, "title": None},
            columns=columns,
            spec=inner,
        )
        independent = {a: "independent" for a in ("x", "y") if view.scale.get(a, {}).get("independent")}
        if independent:
            spec["resolve"] = {"scale": independent}
        spec["autosize"] = {"type": "pad"}
        return alt.FacetChart.from_dict({**spec, "data": _data_dict(ctx.data)})
    spec.update(body, width="container", autosize={"type": "fit-x", "contains": "padding"})
    if _has_readout(ctx):
        spec["params"] = [{"name": READOUT_AT, "value": None}]
    return alt.LayerChart.from_dict({**spec, "data": _data_dict(ctx.data)})


def _data_dict(data: Any) -> Any:
    if isinstance(data, alt.Data):
        return data.to_dict()
    return data


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite JSON of a chart, validated against the Vega-Lite schema by Altair,
    with the light theme as ``config`` and the dark one in ``usermeta`` for charts.js."""
    spec = chart.to_dict(validate=True)
    spec["config"] = vega_config("default")
    spec["usermeta"] = {"odp": {**spec.get("usermeta", {}).get("odp", {}), "dark": vega_config("slate")}}
    return spec


def with_scheme(spec: Mapping[str, Any], scheme: str) -> dict[str, Any]:
    """The spec themed for one of Material's schemes (``default`` or ``slate``)."""
    themed: dict[str, Any] = json.loads(json.dumps(spec))
    dark = (themed.get("usermeta") or {}).get("odp", {}).get("dark")
    if scheme == "slate":
        themed["config"] = dark or vega_config("slate")
    return themed


def static_spec(spec: Mapping[str, Any], width: int = STATIC_WIDTH) -> dict[str, Any]:
    """The same spec with a fixed width: a container width means nothing to vl-convert;
    and without the readout, which an image cannot move."""
    fixed: dict[str, Any] = json.loads(json.dumps(spec))
    if fixed.get("width") == "container":
        fixed["width"] = width
    if "layer" in fixed:
        fixed["layer"] = [layer for layer in fixed["layer"] if layer.get("name") != READOUT]
    fixed["params"] = [p for p in fixed.get("params", []) if p.get("name") != READOUT_AT]
    if not fixed["params"]:
        del fixed["params"]
    return fixed
