"""A topic's chart: one chart whose series come from several resources, with inline data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt

from sitegen.charts.theme import LIGHT
from sitegen.core.i18n import Strings, text
from sitegen.model.topics import Topic, matching, resolve
from sitegen.validate.validation import Validation


def topic_chart(
    topic: Topic, view: Mapping[str, Any], validation: Validation, lang: str, strings: Strings
) -> dict[str, Any]:
    """One chart whose series come from several resources, as a Vega-Lite spec with inline data."""
    values = []
    labels = []
    dashed = []
    for series in view.get("series", []):
        resource = resolve(validation.packages, series["resource"])
        if resource is None:
            continue
        label = text(series, "label", lang)
        labels.append(label)
        if series.get("dashed"):
            dashed.append(label)
        for row in matching([r for _, r in validation.for_resource(resource).rows], series.get("where") or {}):
            if row.get(series["y"]) is not None:
                values.append({"x": row[series["x"]], "y": row[series["y"]], "series": label})
    year_template = strings.get("year_calendar", lang)
    before, _, after = year_template.partition("{year}")
    x_axis = alt.Axis(
        title=text(view, "x_title", lang), format="d", tickMinStep=1, labelExpr=f"{before!r} + datum.value + {after!r}"
    )
    y_title = text(view, "y_title", lang)
    base = alt.Chart(_inline(values)).encode(
        x=alt.X("x:Q", axis=x_axis, scale=alt.Scale(zero=False, nice=False, padding=12)),
        y=alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=",d")),
        color=alt.Color(
            "series:N",
            title=None,
            sort=labels,
            scale=alt.Scale(domain=labels, range=list(LIGHT.series)),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
        ),
        strokeDash=alt.StrokeDash(
            "series:N",
            sort=labels,
            legend=None,
            scale=alt.Scale(domain=labels, range=[[6, 4] if lab in dashed else [1, 0] for lab in labels]),
        ),
        tooltip=[
            alt.Tooltip("series:N", title=strings.get("legend_series", lang)),
            alt.Tooltip("x:Q", title=text(view, "x_title", lang), format="d"),
            alt.Tooltip("y:Q", title=y_title, format=",d"),
        ],
    )
    layers: list[Any] = [base.mark_line(point=alt.OverlayMarkDef(size=50, filled=True), strokeWidth=2.5)]
    for rule in view.get("rules", []) or []:
        rule_data = alt.Chart(_inline([{"y": rule["y"], "label": text(rule, "label", lang)}]))
        layers.append(rule_data.mark_rule(color="#b00020", strokeDash=[2, 3]).encode(y="y:Q"))
        layers.append(
            rule_data.mark_text(align="left", dx=4, dy=-7, color="#b00020").encode(
                y="y:Q", text="label:N", x=alt.value(0)
            )
        )
    title = text(view, "title", lang)
    description = text(view, "description", lang)
    chart = alt.layer(*layers).properties(
        title=alt.TitleParams(text=title, anchor="start", fontSize=15, limit=0),
        description=f"{title}. {description}",
        width="container",
        height=300,
    )
    return chart.to_dict(validate=True)


def _inline(values: list[dict[str, Any]]) -> alt.Data:
    """Rows given inline. ``alt.Data`` is generated code without annotations."""
    return alt.Data(values=values)  # type: ignore[no-untyped-call]
