"""The ``views:`` vocabulary of a resource: parsed, checked, and given its defaults.

A view is a contributor's declaration, so it is checked like any other input: an
unknown key, a field that does not exist or a mark we cannot draw is a ``ViewError``
whose message names the view and the key, instead of a chart that silently shows
something else. The vocabulary is declared here, each key as a ``ViewKey`` (its name,
the form of its value, what it does, the ``Choice`` of values it may take) and each
hand-written chart as a ``CustomChart``; ``datapackage/README.md`` documents every one
of them (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen.model.fields import is_time


@dataclass(frozen=True)
class Choice:
    """One value a key of a view may take (a mark, an orientation, ...), and what it means."""

    name: str
    description: str


@dataclass(frozen=True)
class ViewKey:
    """One key of a view, as ``datapackage/README.md`` documents it: its name, the form of
    its value, what it does, and the values it may take when those are a closed list."""

    name: str
    value: str
    description: str
    choices: tuple[Choice, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The values it may take, in the order messages list them."""
        return tuple(choice.name for choice in self.choices)


#: The keys of every view, a hand-written chart's included.
COMMON_VIEW_KEYS: tuple[ViewKey, ...] = (
    ViewKey("name", "text", "lowercase, unique in the resource: the chart's file names"),
    ViewKey("title", "text", "the chart's title (Japanese)"),
    ViewKey("title_en", "text", "the same in English"),
    ViewKey("description", "text", "one sentence: what the chart shows (Japanese)"),
    ViewKey("description_en", "text", "the same in English"),
    ViewKey("chart", "name", "a hand-written chart instead of the generic builder (below)"),
)

#: The marks a view may draw (``mark:``).
MARK_CHOICES: tuple[Choice, ...] = (
    Choice("line", "a line per series (the default): trends over time"),
    Choice("bar", "bars: amounts by category or period"),
    Choice("area", "filled areas: shares of a whole over time, stacked"),
    Choice("point", "points: values without a line between them"),
    Choice(
        "figures",
        "key figures, one tile per value; for one-row tables or unlike measures that bars would mislead on",
    ),
)

#: The keys of a view drawn by the generic builder, besides ``COMMON_VIEW_KEYS``.
VIEW_KEYS: tuple[ViewKey, ...] = (
    ViewKey("mark", "name", "how the values are drawn", MARK_CHOICES),
    ViewKey("x", "field", "time (a year, `yearmonth`) or category; required except for `figures` and several `y`"),
    ViewKey("y", "field or [fields]", "the number(s); several fields become series with their titles as names"),
    ViewKey(
        "color",
        "field",
        "a category field splitting the series (its `categories` give the labels and the order)",
    ),
    ViewKey("heading", "field", "`figures` only: the category that titles each tile (default: the field title)"),
    ViewKey("facet", "field", "small multiples, one per category (with `columns`)"),
    ViewKey(
        "columns",
        "number",
        "tiles per row for `figures` (default 3 in Japanese, 2 in English; one on a phone)",
    ),
    ViewKey(
        "stack",
        "`true`, `false`, `normalize`",
        "bars and areas; default: stacked for `color`, side by side for several `y`",
    ),
    ViewKey(
        "orient",
        "name",
        "which way bars run",
        (
            Choice("vertical", "bars stand up from the x axis (the default over time)"),
            Choice("horizontal", "bars run across (the default over categories), each label above its bar"),
        ),
    ),
    ViewKey("rules", "[{y: 1000, label, label_en}] or {x: 2001, ...}", "reference lines"),
    ViewKey("annotations", "[{x: 2001, y: 570, text, text_en}]", "a note at a point (`y` optional)"),
    ViewKey(
        "sort",
        "name",
        "the order of categories",
        (
            Choice("x", "declared or time order (the default)"),
            Choice("-x", "that order reversed"),
            Choice("y", "by value, smallest first"),
            Choice("-y", "by value, largest first"),
        ),
    ),
    ViewKey("scale", "{y: {...}, x: {...}}", "the axes' scales (`SCALE_KEYS`); `y` is the measure axis"),
    ViewKey("filter", "{field: value} or {field: [values]}", "draw only these rows"),
    ViewKey("labels", "`true`", "write the values on the marks (totals on stacked bars)"),
    ViewKey("unit_field", "field", "the unit comes from this category column (`value_unit`), row by row"),
    ViewKey("height", "pixels", "vertical charts (default 300)"),
    ViewKey("legend", "`false`", "hide the legend"),
)

#: The keys of ``scale.x`` and ``scale.y``.
SCALE_KEYS: tuple[ViewKey, ...] = (
    ViewKey(
        "type",
        "name",
        "how values map to positions",
        (
            Choice("linear", "the default"),
            Choice("log", "logarithmic: values spanning several orders of magnitude"),
            Choice("sqrt", "square root"),
            Choice("symlog", "logarithmic that also takes zero and negative values"),
        ),
    ),
    ViewKey("zero", "`true`, `false`", "whether the axis starts at zero"),
    ViewKey("domain", "[min, max]", "the axis' extent"),
    ViewKey("independent", "`true`", "each facet gets its own scale"),
)

_BY_NAME = {key.name: key for key in (*VIEW_KEYS, *SCALE_KEYS)}
MARKS = _BY_NAME["mark"].names
ORIENTS = _BY_NAME["orient"].names
SORTS = _BY_NAME["sort"].names
SCALE_TYPES = _BY_NAME["type"].names
COMMON_KEYS = frozenset(key.name for key in COMMON_VIEW_KEYS)
KEYS = COMMON_KEYS | {key.name for key in VIEW_KEYS}


class ViewError(ValueError):
    """A view declaration that cannot be drawn; the message says which key is wrong."""

    def __init__(self, message: str, key: str = "name", detail: str | None = None, detail_ja: str = "") -> None:
        super().__init__(message)
        self.key = key
        self.detail = detail or message
        #: The same in Japanese, for the Japanese line of the message.
        self.detail_ja = detail_ja or self.detail


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


def _fail(view: Mapping[str, Any], message: str, key: str, ja: str) -> ViewError:
    """The error of one key of a view, in English and Japanese."""
    return ViewError(f"view {view.get('name')!r}: {message}", key, message, ja)


def _field_name(view: Mapping[str, Any], key: str, fields: Mapping[str, Any], value: Any) -> str:
    if not isinstance(value, str) or value not in fields:
        raise _fail(
            view,
            f"`{key}` names {value!r}, which is not a field of this resource",
            key,
            f"`{key}` の {value!r} はこのリソースの列ではありません",
        )
    return value


def numeric_fields(raw: Mapping[str, Any], key: str, fields: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """The number fields a key names (one name or a list of names)."""
    value = raw.get(key)
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    for name in names:
        _field_name(raw, key, fields, name)
        if fields[name].get("type") not in ("integer", "number"):
            raise _fail(
                raw,
                f"`{key}` names {name!r}, which is not a number field",
                key,
                f"`{key}` の {name!r} は数値の列ではありません",
            )
    return tuple(names)


def view_problems(raw: Any, fields: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """What is wrong with a declared view, as (key, detail, detail in Japanese); empty
    when it can be drawn. The metadata lint reports these, so ``make validate`` and the
    build agree."""
    try:
        parse_view(raw, fields)
    except ViewError as error:
        return [(error.key, error.detail, error.detail_ja)]
    return []


def parse_view(raw: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]]) -> View:
    """Check a declared view against the resource's fields and fill in its defaults."""
    if not isinstance(raw, Mapping) or not raw.get("name"):
        raise ViewError(f"a view needs a name: {raw!r}", detail_ja=f"グラフには name が必要です: {raw!r}")
    for key in ("title", "title_en", "description", "description_en"):
        if not raw.get(key):
            raise _fail(raw, f"`{key}` is missing", key, f"`{key}` がありません")
    if raw.get("chart"):
        return _parse_custom(raw, fields)
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise _fail(
            raw,
            f"unknown key(s) {', '.join(unknown)}; see the Views section of datapackage/README.md",
            unknown[0],
            f"グラフにない項目です: {', '.join(unknown)}（datapackage/README.md の Views の節を参照）",
        )
    mark = raw.get("mark", "line")
    if mark not in MARKS:
        raise _fail(
            raw,
            f"`mark` is {mark!r}; it must be one of {', '.join(MARKS)}",
            "mark",
            f"`mark` の {mark!r} は使えません（使えるもの: {', '.join(MARKS)}）",
        )
    x = _field_name(raw, "x", fields, raw["x"]) if raw.get("x") is not None else None
    if x is None and mark != "figures" and not isinstance(raw.get("y"), list):
        raise _fail(
            raw,
            "`x` is required (only figures, or several y, may go without)",
            "x",
            "`x` が必要です（figures か、y を複数指定する場合だけ省略できます）",
        )
    y = numeric_fields(raw, "y", fields)
    if not y:
        raise _fail(
            raw, "`y` is required: a number field or a list of them", "y", "`y` が必要です（数値の列、またはその一覧）"
        )
    color = _field_name(raw, "color", fields, raw["color"]) if raw.get("color") else None
    heading = _field_name(raw, "heading", fields, raw["heading"]) if raw.get("heading") else None
    facet = _field_name(raw, "facet", fields, raw["facet"]) if raw.get("facet") else None
    unit_field = _field_name(raw, "unit_field", fields, raw["unit_field"]) if raw.get("unit_field") else None
    if unit_field is None and len(y) == 1:  # the measure's own unit column, if it declares one
        unit_field = next((str(n) for n, f in fields.items() if f.get("unit_of") == y[0]), None)
    if color and len(y) > 1:
        raise _fail(
            raw,
            "`color` cannot be combined with several y (the series already have colours)",
            "color",
            "`color` は y を複数指定したときには使えません（系列ごとに色が付きます）",
        )
    x_field = fields[x] if x else {}
    orient = raw.get("orient") or ("horizontal" if mark == "bar" and x and not is_time(x_field) else "vertical")
    if orient not in ORIENTS:
        raise _fail(
            raw,
            f"`orient` {orient!r} is not one of {', '.join(ORIENTS)}",
            "orient",
            f"`orient` の {orient!r} は使えません（使えるもの: {', '.join(ORIENTS)}）",
        )
    stack = raw.get("stack")
    if stack not in (None, True, False, "normalize"):
        raise _fail(
            raw, "`stack` is true, false or normalize", "stack", "`stack` は true、false、normalize のどれかです"
        )
    sort = str(raw.get("sort", "x"))
    if sort not in SORTS:
        raise _fail(
            raw,
            f"`sort` {sort!r} is not one of {', '.join(SORTS)}",
            "sort",
            f"`sort` の {sort!r} は使えません（使えるもの: {', '.join(SORTS)}）",
        )
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
    keys a view of it may have besides ``COMMON_VIEW_KEYS`` (declared like those of the
    generic builder), and the check of those keys. The builder that draws it is
    registered under the same name in ``charts.custom``; declaring it here lets
    validation check a view without loading any chart code."""

    name: str
    keys: tuple[ViewKey, ...]
    #: Raises ``ViewError`` when the view cannot be drawn.
    check: Callable[[Mapping[str, Any], Mapping[str, Mapping[str, Any]]], None]
    #: What it draws, for ``datapackage/README.md``.
    description: str

    @property
    def key_names(self) -> frozenset[str]:
        return frozenset(key.name for key in self.keys)


def _check_waterfall(raw: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]]) -> None:
    name = raw.get("name")
    if raw.get("mark", "bar") != "bar":
        raise ViewError(
            f"view {name!r}: a waterfall is drawn with bars (`mark: bar`)",
            "mark",
            detail_ja="滝グラフは棒で描きます（`mark: bar`）",
        )
    steps = numeric_fields(raw, "y", fields)
    inflows, outflows = numeric_fields(raw, "inflows", fields), numeric_fields(raw, "outflows", fields)
    if len(steps) < 3 or not (inflows or outflows):
        raise ViewError(
            f"view {name!r}: a waterfall needs y: [opening, steps..., closing]",
            "y",
            detail_ja="滝グラフの y は [期首, 増減…, 期末] です",
        )
    middle = set(steps[1:-1])
    if set(inflows) | set(outflows) != middle or set(inflows) & set(outflows):
        raise ViewError(
            f"view {name!r}: each step between opening and closing is one inflow or one outflow",
            "y",
            detail_ja="期首と期末のあいだの各段は、1つの増加か1つの減少です",
        )


#: Every hand-written chart a view may name with ``chart:``.
CUSTOM_CHARTS: dict[str, CustomChart] = {
    chart.name: chart
    for chart in (
        CustomChart(
            name="waterfall",
            keys=(
                ViewKey("mark", "`bar`", "the only mark of a waterfall (the default)"),
                ViewKey("x", "field", "optional; not drawn: the bars are the `y` fields"),
                ViewKey("y", "[fields]", "[opening, steps..., closing]: at least three number fields"),
                ViewKey("inflows", "[fields]", "the steps added to the stock"),
                ViewKey("outflows", "[fields]", "the steps taken from it; each step is one inflow or one outflow"),
                ViewKey("filter", "{field: value} or {field: [values]}", "draw only these rows"),
            ),
            check=_check_waterfall,
            description="how a stock moved from one date to the next: opening, inflows, outflows, closing",
        ),
    )
}


def _parse_custom(raw: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]]) -> View:
    custom = CUSTOM_CHARTS.get(str(raw["chart"]))
    if custom is None:
        raise _fail(
            raw,
            f"`chart` names {raw['chart']!r}, which is no hand-written chart",
            "chart",
            f"`chart` の {raw['chart']!r} という専用のグラフはありません",
        )
    unknown = sorted(set(raw) - COMMON_KEYS - custom.key_names)
    if unknown:
        raise _fail(
            raw,
            f"unknown key(s) for a {custom.name} chart: {', '.join(unknown)}",
            unknown[0],
            f"{custom.name} のグラフにない項目です: {', '.join(unknown)}",
        )
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
        raise _fail(raw, f"`{key}` must be a positive whole number", key, f"`{key}` は正の整数です")
    return value


def _rules(raw: Mapping[str, Any]) -> tuple[Rule, ...]:
    rules = []
    for item in raw.get("rules") or []:
        axes = [k for k in ("x", "y") if isinstance(item, Mapping) and k in item]
        if len(axes) != 1 or not (item.get("label") and item.get("label_en")):
            raise _fail(
                raw,
                f"a rule needs exactly one of x or y, and label with label_en: {item!r}",
                "rules",
                f"基準線には x か y のどちらか1つと、label と label_en が必要です: {item!r}",
            )
        rules.append(Rule(axes[0], item[axes[0]], item))
    return tuple(rules)


def _annotations(raw: Mapping[str, Any]) -> tuple[Annotation, ...]:
    notes = []
    for item in raw.get("annotations") or []:
        if not isinstance(item, Mapping) or "x" not in item or not (item.get("text") and item.get("text_en")):
            raise _fail(
                raw,
                f"an annotation needs x, and text with text_en: {item!r}",
                "annotations",
                f"注記には x と、text と text_en が必要です: {item!r}",
            )
        notes.append(Annotation(item["x"], item.get("y"), item))
    return tuple(notes)


def _scales(raw: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    scales = raw.get("scale") or {}
    if not isinstance(scales, Mapping) or set(scales) - {"x", "y"}:
        raise _fail(raw, "`scale` is {x: {...}, y: {...}}", "scale", "`scale` は {x: {...}, y: {...}} の形です")
    result: dict[str, dict[str, Any]] = {}
    for axis, spec in scales.items():
        spec = dict(spec or {})
        unknown = set(spec) - {key.name for key in SCALE_KEYS}
        if unknown:
            raise _fail(
                raw,
                f"`scale.{axis}` has unknown key(s) {', '.join(sorted(unknown))}",
                "scale",
                f"`scale.{axis}` にない項目です: {', '.join(sorted(unknown))}",
            )
        if spec.get("type", "linear") not in SCALE_TYPES:
            raise _fail(
                raw,
                f"`scale.{axis}.type` is one of {', '.join(SCALE_TYPES)}",
                "scale",
                f"`scale.{axis}.type` は {', '.join(SCALE_TYPES)} のどれかです",
            )
        domain = spec.get("domain")
        if domain is not None and not (isinstance(domain, list) and len(domain) == 2):
            raise _fail(
                raw, f"`scale.{axis}.domain` is [min, max]", "scale", f"`scale.{axis}.domain` は [最小, 最大] の形です"
            )
        result[axis] = spec
    return result


def _filter(raw: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    spec = raw.get("filter") or {}
    if not isinstance(spec, Mapping):
        raise _fail(
            raw,
            "`filter` is {field: value} or {field: [values]}",
            "filter",
            "`filter` は {列: 値} または {列: [値, …]} の形です",
        )
    for name in spec:
        _field_name(raw, "filter", fields, name)
    return dict(spec)
