"""The ``views:`` vocabulary of a resource: parsed, checked, and given its defaults.

A view is a contributor's declaration, so it is checked like any other input: an
unknown key, a field that does not exist or a mark we cannot draw is a ``ViewError``
whose message names the view and the key, instead of a chart that silently shows
something else. The vocabulary is documented in ``datapackage/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen.model.fields import is_time

MARKS = ("line", "bar", "area", "point", "figures")
ORIENTS = ("vertical", "horizontal")
SORTS = ("x", "-x", "y", "-y")
SCALE_TYPES = ("linear", "log", "sqrt", "symlog")
COMMON_KEYS = {"name", "title", "title_en", "description", "description_en", "chart"}
KEYS = COMMON_KEYS | {
    "mark",
    "x",
    "y",
    "color",
    "heading",
    "facet",
    "columns",
    "stack",
    "orient",
    "rules",
    "annotations",
    "sort",
    "scale",
    "filter",
    "labels",
    "unit_field",
    "height",
    "legend",
}


class ViewError(ValueError):
    """A view declaration that cannot be drawn; the message says which key is wrong."""

    def __init__(self, message: str, key: str = "name", detail: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.detail = detail or message


@dataclass(frozen=True)
class Rule:
    """A reference line: ``axis`` "y" is a value of the measure, "x" a position on x."""

    axis: str
    value: Any
    label: Mapping[str, Any]


@dataclass(frozen=True)
class Annotation:
    x: Any
    y: Any
    note: Mapping[str, Any]


@dataclass(frozen=True)
class View:
    name: str
    raw: Mapping[str, Any]
    mark: str
    x: str | None
    y: tuple[str, ...]
    chart: str | None = None
    color: str | None = None
    heading: str | None = None
    facet: str | None = None
    columns: int | None = None
    stack: bool | str | None = None
    orient: str = "vertical"
    rules: tuple[Rule, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    sort: str = "x"
    scale: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    filter: Mapping[str, Any] = field(default_factory=dict)
    labels: bool = False
    unit_field: str | None = None
    height: int | None = None
    legend: bool = True

    @property
    def folded(self) -> bool:
        """Several measures drawn as series of one chart."""
        return len(self.y) > 1

    @property
    def horizontal(self) -> bool:
        return self.orient == "horizontal"


def _fail(view: Mapping[str, Any], message: str, key: str = "name") -> ViewError:
    return ViewError(f"view {view.get('name')!r}: {message}", key, message)


def _field_name(view: Mapping[str, Any], key: str, fields: Mapping[str, Any], value: Any) -> str:
    if not isinstance(value, str) or value not in fields:
        raise _fail(view, f"`{key}` names {value!r}, which is not a field of this resource", key)
    return value


def numeric_fields(raw: Mapping[str, Any], key: str, fields: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """The number fields a key names (one name or a list of names)."""
    value = raw.get(key)
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    for name in names:
        _field_name(raw, key, fields, name)
        if fields[name].get("type") not in ("integer", "number"):
            raise _fail(raw, f"`{key}` names {name!r}, which is not a number field", key)
    return tuple(names)


def view_problems(raw: Any, fields: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """What is wrong with a declared view, as (key, detail) pairs; empty when it can be
    drawn. The metadata lint reports these, so ``make validate`` and the build agree."""
    try:
        parse_view(raw, fields)
    except ViewError as error:
        return [(error.key, error.detail)]
    return []


def parse_view(raw: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]]) -> View:
    """Check a declared view against the resource's fields and fill in its defaults."""
    if not isinstance(raw, Mapping) or not raw.get("name"):
        raise ViewError(f"a view needs a name: {raw!r}")
    for key in ("title", "title_en", "description", "description_en"):
        if not raw.get(key):
            raise _fail(raw, f"`{key}` is missing", key)
    if raw.get("chart"):
        return _parse_custom(raw, fields)
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise _fail(
            raw, f"unknown key(s) {', '.join(unknown)}; see the Views section of datapackage/README.md", unknown[0]
        )
    mark = raw.get("mark", "line")
    if mark not in MARKS:
        raise _fail(raw, f"`mark` is {mark!r}; it must be one of {', '.join(MARKS)}", "mark")
    x = _field_name(raw, "x", fields, raw["x"]) if raw.get("x") is not None else None
    if x is None and mark != "figures" and not isinstance(raw.get("y"), list):
        raise _fail(raw, "`x` is required (only figures, or several y, may go without)", "x")
    y = numeric_fields(raw, "y", fields)
    if not y:
        raise _fail(raw, "`y` is required: a number field or a list of them", "y")
    color = _field_name(raw, "color", fields, raw["color"]) if raw.get("color") else None
    heading = _field_name(raw, "heading", fields, raw["heading"]) if raw.get("heading") else None
    facet = _field_name(raw, "facet", fields, raw["facet"]) if raw.get("facet") else None
    unit_field = _field_name(raw, "unit_field", fields, raw["unit_field"]) if raw.get("unit_field") else None
    if color and len(y) > 1:
        raise _fail(raw, "`color` cannot be combined with several y (the series already have colours)", "color")
    x_field = fields[x] if x else {}
    orient = raw.get("orient") or ("horizontal" if mark == "bar" and x and not is_time(x_field) else "vertical")
    if orient not in ORIENTS:
        raise _fail(raw, f"`orient` {orient!r} is not one of {', '.join(ORIENTS)}", "orient")
    stack = raw.get("stack")
    if stack not in (None, True, False, "normalize"):
        raise _fail(raw, "`stack` is true, false or normalize", "stack")
    sort = str(raw.get("sort", "x"))
    if sort not in SORTS:
        raise _fail(raw, f"`sort` {sort!r} is not one of {', '.join(SORTS)}", "sort")
    return View(
        name=str(raw["name"]),
        raw=raw,
        mark=mark,
        x=x,
        y=y,
        color=color,
        heading=heading,
        facet=facet,
        columns=_positive(raw, "columns"),
        stack=stack,
        orient=orient,
        rules=_rules(raw),
        annotations=_annotations(raw),
        sort=sort,
        scale=_scales(raw),
        filter=_filter(raw, fields),
        labels=bool(raw.get("labels", False)),
        unit_field=unit_field,
        height=_positive(raw, "height"),
        legend=bool(raw.get("legend", True)),
    )


# Hand-written charts ----------------------------------------------------------------


@dataclass(frozen=True)
class CustomChart:
    """A hand-written chart as a descriptor sees it: its name (``chart: <name>``), the
    keys a view of it may have besides ``COMMON_KEYS``, and the check of those keys.
    The builder that draws it is registered under the same name in ``charts.custom``;
    declaring it here lets validation check a view without loading any chart code."""

    name: str
    keys: frozenset[str]
    #: Raises ``ViewError`` when the view cannot be drawn.
    check: Callable[[Mapping[str, Any], Mapping[str, Mapping[str, Any]]], None]
    #: What it draws, for ``datapackage/README.md``.
    description: str


def _check_waterfall(raw: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]]) -> None:
    name = raw.get("name")
    if raw.get("mark", "bar") != "bar":
        raise ViewError(f"view {name!r}: a waterfall is drawn with bars (`mark: bar`)", "mark")
    steps = numeric_fields(raw, "y", fields)
    inflows, outflows = numeric_fields(raw, "inflows", fields), numeric_fields(raw, "outflows", fields)
    if len(steps) < 3 or not (inflows or outflows):
        raise ViewError(f"view {name!r}: a waterfall needs y: [opening, steps..., closing]", "y")
    middle = set(steps[1:-1])
    if set(inflows) | set(outflows) != middle or set(inflows) & set(outflows):
        raise ViewError(f"view {name!r}: each step between opening and closing is one inflow or one outflow", "y")


#: Every hand-written chart a view may name with ``chart:``.
CUSTOM_CHARTS: dict[str, CustomChart] = {
    chart.name: chart
    for chart in (
        CustomChart(
            name="waterfall",
            keys=frozenset({"mark", "x", "y", "inflows", "outflows", "filter"}),
            check=_check_waterfall,
            description="how a stock moved from one date to the next: opening, inflows, outflows, closing",
        ),
    )
}


def _parse_custom(raw: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]]) -> View:
    custom = CUSTOM_CHARTS.get(str(raw["chart"]))
    if custom is None:
        raise _fail(raw, f"`chart` names {raw['chart']!r}, which is no hand-written chart", "chart")
    unknown = sorted(set(raw) - COMMON_KEYS - custom.keys)
    if unknown:
        raise _fail(raw, f"unknown key(s) for a {custom.name} chart: {', '.join(unknown)}", unknown[0])
    custom.check(raw, fields)
    x = _field_name(raw, "x", fields, raw["x"]) if raw.get("x") is not None else None
    return View(
        name=str(raw["name"]),
        raw=raw,
        mark=str(raw.get("mark", "custom")),
        x=x,
        y=numeric_fields(raw, "y", fields),
        chart=custom.name,
        filter=_filter(raw, fields),
    )


def _positive(raw: Mapping[str, Any], key: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise _fail(raw, f"`{key}` must be a positive whole number", key)
    return value


def _rules(raw: Mapping[str, Any]) -> tuple[Rule, ...]:
    rules = []
    for item in raw.get("rules") or []:
        axes = [k for k in ("x", "y") if isinstance(item, Mapping) and k in item]
        if len(axes) != 1 or not (item.get("label") and item.get("label_en")):
            raise _fail(raw, f"a rule needs exactly one of x or y, and label with label_en: {item!r}", "rules")
        rules.append(Rule(axes[0], item[axes[0]], item))
    return tuple(rules)


def _annotations(raw: Mapping[str, Any]) -> tuple[Annotation, ...]:
    notes = []
    for item in raw.get("annotations") or []:
        if not isinstance(item, Mapping) or "x" not in item or not (item.get("text") and item.get("text_en")):
            raise _fail(raw, f"an annotation needs x, and text with text_en: {item!r}", "annotations")
        notes.append(Annotation(item["x"], item.get("y"), item))
    return tuple(notes)


def _scales(raw: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    scales = raw.get("scale") or {}
    if not isinstance(scales, Mapping) or set(scales) - {"x", "y"}:
        raise _fail(raw, "`scale` is {x: {...}, y: {...}}", "scale")
    result: dict[str, dict[str, Any]] = {}
    for axis, spec in scales.items():
        spec = dict(spec or {})
        unknown = set(spec) - {"type", "zero", "domain", "independent"}
        if unknown:
            raise _fail(raw, f"`scale.{axis}` has unknown key(s) {', '.join(sorted(unknown))}", "scale")
        if spec.get("type", "linear") not in SCALE_TYPES:
            raise _fail(raw, f"`scale.{axis}.type` is one of {', '.join(SCALE_TYPES)}", "scale")
        domain = spec.get("domain")
        if domain is not None and not (isinstance(domain, list) and len(domain) == 2):
            raise _fail(raw, f"`scale.{axis}.domain` is [min, max]", "scale")
        result[axis] = spec
    return result


def _filter(raw: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    spec = raw.get("filter") or {}
    if not isinstance(spec, Mapping):
        raise _fail(raw, "`filter` is {field: value} or {field: [values]}", "filter")
    for name in spec:
        _field_name(raw, "filter", fields, name)
    return dict(spec)
