"""What every chart builder works from: the resource, the parsed view, the language,
and the names of the columns a chart's transforms compute."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitegen.charts import text as ct
from sitegen.core.i18n import Strings, text
from sitegen.model.fields import is_time
from sitegen.model.packages import Resource
from sitegen.model.views import View

# Columns computed by the chart's transforms. One prefix, so no CSV column collides.
KEY, VALUE, SERIES, X, XO, C, CO, F, FO = "_key", "_value", "_series", "_x", "_xo", "_c", "_co", "_f", "_fo"
TEXT, SHORT, STATUS, UNIT = "_text", "_short", "_status", "_unit"
#: The x as the readout names it (with the era year in Japanese), the lines of a category
#: label above its bar, and a value label as the plot's width lets it read.
XT, XL, LABEL = "_xt", "_xl", "_label"

#: A category's name written above its bar, left-aligned and cut to the chart's width.
CATEGORY_LABEL: dict[str, Any] = {
    "type": "text",
    "style": "odp-category",
    "align": "left",
    "baseline": "top",
    "dy": 1,
    "lineHeight": 15,
    "limit": {"expr": "width"},
}


@dataclass
class Context:
    """Everything a chart builder needs: the resource, the parsed view, the language."""

    resource: Resource
    view: View
    lang: str
    strings: Strings
    data: Any
    rows: list[dict[str, Any]] | None = None

    @property
    def fields(self) -> dict[str, dict[str, Any]]:
        return {f["name"]: f for f in self.resource.fields}

    def field(self, name: str) -> dict[str, Any]:
        return self.fields[name]

    def title(self, name: str) -> str:
        return text(self.field(name), "title", self.lang, name)

    def s(self, key: str, **values: Any) -> str:
        return self.strings.get(key, self.lang, **values)

    def companion(self, name: str, role: str) -> str | None:
        """The field declared as ``qualifier_of``/``status_of`` ``name``, if any."""
        for f in self.resource.fields:
            if f.get(role) == name:
                return str(f["name"])
        return None

    def label_py(self, name: str, value: Any) -> str:
        """Python twin of ``label_expr``: the reader's label of one known value."""
        field = self.field(name)
        labels = ct.category_labels(field, self.lang)
        if str(value) in labels:
            return labels[str(value)]
        if field.get("type") == "yearmonth" and isinstance(value, str) and len(value) >= 7:
            year, month = value[:4], int(value[5:7])
            return f"{year}年{month}月" if self.lang == "ja" else f"{ct.MONTHS_EN[month - 1]} {year}"
        if is_time(field):
            return ct.year_label(value, field, self.strings, self.lang)
        return str(value)

    @property
    def shown_rows(self) -> list[dict[str, Any]] | None:
        """The rows the view's filter keeps (for layout decisions only)."""
        if self.rows is None:
            return None
        wanted = {k: {str(v) for v in (w if isinstance(w, list) else [w])} for k, w in self.view.filter.items()}
        return [r for r in self.rows if all(str(r.get(k)) in values for k, values in wanted.items())]

    @property
    def row_count(self) -> int | None:
        rows = self.shown_rows
        return None if rows is None else len(rows)

    def measure_title(self) -> str:
        """Title of the measure axis: the field and its unit, or the shared unit of series."""
        view, lang = self.view, self.lang
        if view.unit_field:
            # one unit across the rows shown (人 for every programme): the axis names it,
            # not the generic title of the value column (数値 / Value)
            shown = {str(r.get(view.unit_field, "")) for r in self.shown_rows or []}
            labels = ct.category_labels(self.field(view.unit_field), lang)
            if len(shown) == 1 and (only := shown.pop()) in labels:
                return self.s("chart_unit_title", unit=ct.capitalise(labels[only]))
            return self.title(view.y[0])
        units = {text(self.field(n), "unit", lang) for n in view.y}
        unit = units.pop() if len(units) == 1 else ""
        if not view.folded:
            title = self.title(view.y[0])
            return f"{title}（{unit}）" if unit and lang == "ja" else f"{title} ({unit})" if unit else title
        return self.s("chart_unit_title", unit=ct.capitalise(unit)) if unit else self.s("axis_value")


def filter_expr(ctx: Context) -> list[str]:
    tests = []
    for name, wanted in ctx.view.filter.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        tests.append(f"indexof({ct.js([str(v) for v in values])}, '' + {ct.datum(name)}) >= 0")
    return tests
