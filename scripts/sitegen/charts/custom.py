"""Hand-written charts, for what a declared view cannot express. Each is declared by
name in ``model.views.CUSTOM_CHARTS`` (its keys and their check), drawn by its builder
in ``BUILDERS`` here, and chosen in a descriptor with ``chart: <name>``; like the
generic builder it reads every word from the schema and ``strings.yml``.

``waterfall``: how a stock moved from one date to the next: the opening figure, each
inflow and outflow as a floating bar that starts where the previous one ended, and the
closing figure. Mark and axes alone cannot say "start where the previous bar ended".

    chart: waterfall
    mark: bar
    y: [year_end_previous_year, dispatched, ended, year_end]   # opening, steps, closing
    inflows: [dispatched]                                       # added to the stock
    outflows: [ended]                                           # taken from it
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from sitegen.charts import text as ct
from sitegen.charts.context import CATEGORY_LABEL, SERIES, SHORT, TEXT, Context, filter_expr
from sitegen.core.i18n import text
from sitegen.format.cells import unit_template
from sitegen.model.views import numeric_fields


def _waterfall(ctx: Context) -> alt.TopLevelMixin:
    steps = list(ctx.view.y)
    inflows = set(numeric_fields(ctx.view.raw, "inflows", ctx.fields))
    start, end, lang = steps[0], steps[-1], ctx.lang
    kinds = {n: "total" if n in (start, end) else "increase" if n in inflows else "decrease" for n in steps}
    kind_labels = {k: ctx.s(f"chart_waterfall_{k}") for k in ("total", "increase", "decrease")}
    field = ctx.field(start)
    unit = unit_template(field, lang, ctx.strings)
    sign = "(datum._kind === 'increase' ? '+' : datum._kind === 'decrease' ? '−' : '')"
    transforms: list[dict[str, Any]] = [{"filter": t} for t in filter_expr(ctx)] + [
        {"fold": steps, "as": ["_key", "_value"]},
        {"calculate": ct.mapping_expr("datum._key", {n: ctx.title(n) for n in steps}), "as": SERIES},
        {"calculate": f"indexof({ct.js(steps)}, datum._key)", "as": "_order"},
        {"calculate": ct.mapping_expr("datum._key", kinds), "as": "_kind"},
        {"calculate": ct.mapping_expr("datum._kind", kind_labels), "as": "_kind_label"},
        # The closing bar adds nothing: it is drawn from zero to the closing figure.
        {
            "calculate": f"datum._key === {ct.js(end)} ? 0 : datum._kind === 'decrease' ? -datum._value : datum._value",
            "as": "_delta",
        },
        {"window": [{"op": "sum", "field": "_delta", "as": "_sum"}], "sort": [{"field": "_order"}]},
        {"calculate": "datum._kind === 'total' ? 0 : datum._sum - datum._delta", "as": "_lo"},
        {"calculate": "datum._kind === 'total' ? datum._value : datum._sum", "as": "_hi"},
        {"calculate": "max(datum._lo, datum._hi)", "as": "_end"},
        {
            "calculate": f"{sign} + {ct.template_expr(unit, ct.number_expr('datum._value', field, lang, True))}",
            "as": SHORT,
        },
        {"calculate": ct.template_expr(unit, ct.number_expr("datum._value", field, lang)), "as": TEXT},
    ]
    y = {"field": SERIES, "type": "nominal", "sort": {"field": "_order", "op": "min"}, "axis": None}
    unit_word = text(field, "unit", lang)
    axis = {"title": ctx.s("chart_unit_title", unit=ct.capitalise(unit_word)) if unit_word else None, "grid": True}
    bars = {
        "mark": {"type": "bar", "cornerRadiusEnd": 2, "height": {"band": 0.5}, "yOffset": 8},
        "encoding": {
            "y": y,
            "x": {"field": "_lo", "type": "quantitative", "axis": axis},
            "x2": {"field": "_hi"},
            "color": {
                "field": "_kind_label",
                "type": "nominal",
                "sort": [kind_labels["total"], kind_labels["decrease"], kind_labels["increase"]],
                "legend": None,  # the signed value labels say it, for every reader
            },
            "tooltip": [
                {"field": SERIES, "type": "nominal", "title": ctx.s("legend_series")},
                {"field": "_kind_label", "type": "nominal", "title": ctx.s("chart_waterfall_step")},
                {"field": TEXT, "type": "nominal", "title": ctx.s("axis_value")},
            ],
        },
    }
    names = {
        "mark": {**CATEGORY_LABEL},
        "encoding": {"y": {**y, "bandPosition": 0}, "x": {"value": 0}, "text": {"field": SERIES}},
    }
    values = {
        "mark": {"type": "text", "style": "odp-label", "align": "left", "baseline": "middle", "dx": 4, "yOffset": 8},
        "encoding": {
            "y": {**y, "bandPosition": 0.5},
            "x": {"field": "_end", "type": "quantitative"},
            "text": {"field": SHORT},
        },
    }
    data = ctx.data.to_dict() if isinstance(ctx.data, alt.Data) else ctx.data
    spec = {
        "data": data,
        "transform": transforms,
        "layer": [bars, names, values],
        "width": "container",
        "height": {"step": 46},
        "autosize": {"type": "fit-x", "contains": "padding"},
    }
    return alt.LayerChart.from_dict(spec)


#: The builder of each hand-written chart declared in ``model.views.CUSTOM_CHARTS``.
BUILDERS: dict[str, Callable[[Context], alt.TopLevelMixin]] = {"waterfall": _waterfall}
