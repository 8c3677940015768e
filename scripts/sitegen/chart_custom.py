"""Hand-written charts, for what a declared view cannot express. Each is registered by
name and chosen in a descriptor with ``chart: <name>`` plus its own keys; like the
generic builder it reads every word from the schema and ``strings.yml``.

``waterfall``: how a stock moved from one date to the next: the opening figure, each
inflow and outflow as a floating bar, and the closing figure. A declaration of mark and
axes cannot say "start where the previous bar ended".

    chart: waterfall
    start: year_end_previous_year     # opening stock
    inflows: [dispatched]             # added
    outflows: [ended]                 # taken away
    end: year_end                     # closing stock
"""

from __future__ import annotations

from typing import Any

import altair as alt

from . import chart_text as ct
from .charts import SERIES, SHORT, TEXT, Context, ViewError, custom_chart

WATERFALL_KEYS = {"start", "inflows", "outflows", "end", "filter"}


def _names(ctx: Context, key: str) -> list[str]:
    raw = ctx.view.raw.get(key)
    names = [raw] if isinstance(raw, str) else list(raw or [])
    for name in names:
        if name not in ctx.fields or ctx.field(name).get("type") not in ("integer", "number"):
            raise ViewError(f"view {ctx.view.name!r}: {key} {name!r} is not a number field")
    return names


@custom_chart("waterfall")
def waterfall(ctx: Context) -> alt.TopLevelMixin:
    from .chart_views import COMMON_KEYS

    unknown = set(ctx.view.raw) - COMMON_KEYS - WATERFALL_KEYS
    if unknown:
        raise ViewError(f"view {ctx.view.name!r}: unknown key(s) for a waterfall: {', '.join(sorted(unknown))}")
    start, inflows, outflows, end = (_names(ctx, k) for k in ("start", "inflows", "outflows", "end"))
    if len(start) != 1 or len(end) != 1 or not (inflows or outflows):
        raise ViewError(f"view {ctx.view.name!r}: a waterfall needs one start, one end and some inflows or outflows")
    steps = start + inflows + outflows + end
    lang = ctx.lang
    kind = {start[0]: "total", end[0]: "total", **{n: "increase" for n in inflows}, **{n: "decrease" for n in outflows}}
    unit = ct.unit_template(ctx.field(start[0]), lang)
    number = ct.number_expr("datum._value", ctx.field(start[0]), lang, compact=True)
    sign = "(datum._kind === 'increase' ? '+' : datum._kind === 'decrease' ? '−' : '')"
    transforms: list[dict[str, Any]] = [
        {"fold": steps, "as": ["_key", "_value"]},
        {"calculate": ct.mapping_expr("datum._key", {n: ctx.title(n) for n in steps}), "as": SERIES},
        {"calculate": f"indexof({ct.js(steps)}, datum._key)", "as": "_order"},
        {"calculate": ct.mapping_expr("datum._key", kind), "as": "_kind"},
        {
            "calculate": ct.mapping_expr(
                "datum._kind",
                {
                    "total": ctx.s("chart_waterfall_total"),
                    "increase": ctx.s("chart_waterfall_increase"),
                    "decrease": ctx.s("chart_waterfall_decrease"),
                },
            ),
            "as": "_kind_label",
        },
        {
            "calculate": f"datum._key === {ct.js(end[0])} ? 0 : datum._kind === 'decrease' ? -datum._value"
            " : datum._value",
            "as": "_delta",
        },
        {"window": [{"op": "sum", "field": "_delta", "as": "_sum"}], "sort": [{"field": "_order"}]},
        {"calculate": "datum._kind === 'total' ? 0 : datum._sum - datum._delta", "as": "_lo"},
        {"calculate": "datum._kind === 'total' ? datum._value : datum._sum", "as": "_hi"},
        {"calculate": f"{sign} + {ct.template_expr(unit, number)}", "as": SHORT},
        {"calculate": ct.template_expr(unit, ct.number_expr("datum._value", ctx.field(start[0]), lang)), "as": TEXT},
    ]
    y = {"field": SERIES, "type": "nominal", "sort": {"field": "_order", "op": "min"}, "axis": {"title": None, "labelLimit": 260}}
    measure_axis = {"title": ctx.s("chart_unit_title", unit=ct.capitalise(ct.first([ct_unit(ctx, start[0])]))), "grid": True}
    bars = {
        "mark": {"type": "bar", "cornerRadiusEnd": 2},
        "encoding": {
            "y": y,
            "x": {"field": "_lo", "type": "quantitative", "axis": measure_axis},
            "x2": {"field": "_hi"},
            "color": {
                "field": "_kind_label",
                "type": "nominal",
                "sort": [ctx.s("chart_waterfall_total"), ctx.s("chart_waterfall_decrease"), ctx.s("chart_waterfall_increase")],
                "legend": None,
            },
            "tooltip": [
                {"field": SERIES, "type": "nominal", "title": ctx.s("legend_series")},
                {"field": "_kind_label", "type": "nominal", "title": ctx.s("chart_waterfall_step")},
                {"field": TEXT, "type": "nominal", "title": ctx.s("axis_value")},
            ],
        },
    }
    labels = {
        "mark": {"type": "text", "style": "odp-label", "align": "left", "baseline": "middle", "dx": 4},
        "encoding": {"y": y, "x": {"field": "_hi", "type": "quantitative"}, "text": {"field": SHORT}},
    }
    spec = {
        "data": ctx.data if not isinstance(ctx.data, alt.Data) else ctx.data.to_dict(),
        "transform": [{"filter": t} for t in _filter(ctx)] + transforms,
        "layer": [bars, labels],
        "width": "container",
        "height": {"step": 40},
        "autosize": {"type": "fit-x", "contains": "padding"},
    }
    return alt.LayerChart.from_dict(spec)


def ct_unit(ctx: Context, name: str) -> str:
    from .i18n import text

    return text(ctx.field(name), "unit", ctx.lang)


def _filter(ctx: Context) -> list[str]:
    tests = []
    for name, wanted in (ctx.view.raw.get("filter") or {}).items():
        values = wanted if isinstance(wanted, list) else [wanted]
        tests.append(f"indexof({ct.js([str(v) for v in values])}, '' + {ct.datum(name)}) >= 0")
    return tests
