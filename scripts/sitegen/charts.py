"""Charts: a declarative view from the descriptor becomes an Altair chart, one per language.

The view says what to draw (mark, x, y, colour, reference lines); everything a reader
sees (axis titles, legend, tooltips, number and year formats) comes from the schema's
bilingual field metadata and ``site_src/strings.yml``. No dataset-specific code here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import altair as alt

from .i18n import Strings, text
from .packages import Resource

SERIES_KEY = "series"
SERIES_VALUE = "value"
SERIES_LABEL = "series_label"
#: Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


class ViewError(ValueError):
    """A view declaration that cannot be drawn; the message says which key is wrong."""


def _js_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _label_expr(mapping: Mapping[str, str], field: str) -> str:
    """A Vega expression mapping raw values to labels (strings JSON-escaped)."""
    expr = "datum." + field
    for raw, label in reversed(list(mapping.items())):
        expr = f"datum.{field} === {_js_string(raw)} ? {_js_string(label)} : ({expr})"
    return expr


def _unit(field: Mapping[str, Any], lang: str) -> str:
    return text(field, "unit", lang)


def _axis_title(field: Mapping[str, Any], lang: str) -> str:
    unit = _unit(field, lang)
    title = text(field, "title", lang, str(field.get("name")))
    return f"{title}（{unit}）" if unit and lang == "ja" else f"{title} ({unit})" if unit else title


def _year_label_expr(field: Mapping[str, Any], strings: Strings, lang: str) -> str:
    key = "year_fiscal" if field.get("time_kind") == "fiscal" else "year_calendar"
    template = strings.get(key, lang)  # e.g. "{year}年度" / "FY{year}"
    before, _, after = template.partition("{year}")
    return f"{_js_string(before)} + datum.value + {_js_string(after)}"


def _number_format(field: Mapping[str, Any]) -> str:
    return ",.1f" if field.get("type") == "number" else ",d"


def build_chart(resource: Resource, view: Mapping[str, Any], lang: str, strings: Strings, data: Any) -> alt.Chart:
    """An Altair chart for one view in one language. ``data`` is an ``alt.Data``/URL or rows."""
    fields = {f["name"]: f for f in resource.fields}
    x_name = view.get("x")
    y_names = _as_list(view.get("y"))
    if x_name not in fields:
        raise ViewError(f"view {view.get('name')!r}: x {x_name!r} is not a field")
    for name in y_names:
        if name not in fields:
            raise ViewError(f"view {view.get('name')!r}: y {name!r} is not a field")
    if not y_names:
        raise ViewError(f"view {view.get('name')!r}: y is required")
    color_name = view.get("color")
    if color_name and color_name not in fields:
        raise ViewError(f"view {view.get('name')!r}: color {color_name!r} is not a field")

    x_field = fields[x_name]
    is_time = x_field.get("role") == "time" or x_field.get("time_kind") in ("fiscal", "calendar")
    mark = view.get("mark", "line")
    chart = alt.Chart(data)

    x_axis = alt.Axis(title=text(x_field, "title", lang), labelAngle=0, grid=False)
    if is_time:
        x_axis = alt.Axis(
            title=text(x_field, "title", lang),
            labelExpr=_year_label_expr(x_field, strings, lang),
            format="d",
            labelOverlap=True,
            grid=False,
        )
    x_type = "quantitative" if is_time and mark in ("line", "area", "point") else "ordinal"
    x_enc = alt.X(
        f"{x_name}:{'Q' if x_type == 'quantitative' else 'O'}",
        axis=x_axis,
        scale=alt.Scale(zero=False) if x_type == "quantitative" else alt.Undefined,
    )

    tooltip: list[Any] = [
        alt.Tooltip(
            f"{x_name}:{'Q' if x_type == 'quantitative' else 'O'}",
            title=text(x_field, "title", lang),
            format="d" if is_time else "",
        )
    ]
    units = {_unit(fields[n], lang) for n in y_names}
    if len(y_names) > 1:
        labels = {n: text(fields[n], "title", lang, n) for n in y_names}
        chart = chart.transform_fold(y_names, as_=[SERIES_KEY, SERIES_VALUE]).transform_calculate(
            **{SERIES_LABEL: _label_expr(labels, SERIES_KEY)}
        )
        unit = units.pop() if len(units) == 1 else ""
        y_title = strings.get("axis_value", lang) + (
            f"（{unit}）" if unit and lang == "ja" else f" ({unit})" if unit else ""
        )
        y_enc = alt.Y(f"{SERIES_VALUE}:Q", title=y_title, axis=alt.Axis(format=_number_format(fields[y_names[0]])))
        color = alt.Color(
            f"{SERIES_LABEL}:N",
            title=strings.get("legend_series", lang),
            sort=[labels[n] for n in y_names],
            scale=alt.Scale(range=PALETTE),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
        )
        tooltip += [
            alt.Tooltip(f"{SERIES_LABEL}:N", title=strings.get("legend_series", lang)),
            alt.Tooltip(f"{SERIES_VALUE}:Q", title=y_title, format=_number_format(fields[y_names[0]])),
        ]
        chart = chart.encode(x=x_enc, y=y_enc, color=color, tooltip=tooltip)
    else:
        y_field = fields[y_names[0]]
        y_enc = alt.Y(
            f"{y_names[0]}:Q", title=_axis_title(y_field, lang), axis=alt.Axis(format=_number_format(y_field))
        )
        tooltip.append(alt.Tooltip(f"{y_names[0]}:Q", title=_axis_title(y_field, lang), format=_number_format(y_field)))
        encoding: dict[str, Any] = {"x": x_enc, "y": y_enc, "tooltip": tooltip}
        if color_name:
            cfield = fields[color_name]
            categories = {
                str(c["value"]): text(c, "label", lang, str(c["value"])) for c in cfield.get("categories", [])
            }
            if categories:
                chart = chart.transform_calculate(**{SERIES_LABEL: _label_expr(categories, color_name)})
                encoding["color"] = alt.Color(
                    f"{SERIES_LABEL}:N",
                    title=text(cfield, "title", lang),
                    scale=alt.Scale(range=PALETTE),
                    legend=alt.Legend(orient="bottom"),
                )
            else:
                encoding["color"] = alt.Color(
                    f"{color_name}:N",
                    title=text(cfield, "title", lang),
                    scale=alt.Scale(range=PALETTE),
                    legend=alt.Legend(orient="bottom"),
                )
            tooltip.insert(
                1, alt.Tooltip(f"{SERIES_LABEL if categories else color_name}:N", title=text(cfield, "title", lang))
            )
        else:
            encoding["color"] = alt.value(PALETTE[0])
        chart = chart.encode(**encoding)

    if mark == "bar":
        chart = chart.mark_bar()
    elif mark == "area":
        chart = chart.mark_area(opacity=0.8)
    elif mark == "point":
        chart = chart.mark_point(filled=True, size=60)
    else:
        chart = chart.mark_line(point=alt.OverlayMarkDef(size=18), strokeWidth=2)

    layers: list[alt.Chart] = [chart]
    for rule in view.get("rules", []) or []:
        base = alt.Chart(alt.Data(values=[{"y": rule["y"], "label": text(rule, "label", lang)}]))
        layers.append(base.mark_rule(strokeDash=[6, 4], color="#b00020").encode(y="y:Q"))
        layers.append(
            base.mark_text(align="left", dx=4, dy=-6, color="#b00020").encode(y="y:Q", text="label:N", x=alt.value(0))
        )
    result: alt.TopLevelMixin = alt.layer(*layers) if len(layers) > 1 else chart
    title = text(view, "title", lang)
    description = text(view, "description", lang)
    return result.properties(
        title=alt.TitleParams(text=title, anchor="start", fontSize=15, limit=0),
        description=f"{title}. {description}" if description else title,
        width="container",
        height=320,
    )


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite JSON of a chart, validated against the Vega-Lite schema by Altair."""
    return chart.to_dict(validate=True)


def static_spec(spec: Mapping[str, Any], width: int = 720) -> dict[str, Any]:
    """The same spec with a fixed width: a container width means nothing to vl-convert."""
    fixed = json.loads(json.dumps(spec))
    if fixed.get("width") == "container":
        fixed["width"] = width
    return fixed
