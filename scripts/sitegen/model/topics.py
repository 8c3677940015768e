"""Topic pages: where tables from different documents speak to each other.

A topic is declared in ``datapackage/topics/<name>.yaml``: which datasets it links,
which single figures it quotes (with the document's qualifiers), and charts whose series
come from several resources. Like everything else, no topic needs code of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt

from sitegen.core.i18n import Strings, text
from sitegen.core.problems import Problem
from sitegen.format.cells import QUALIFIER_WORDS, format_cell
from sitegen.model.packages import Resource, read_descriptor
from sitegen.validate.validation import Validation

PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]


@dataclass
class Topic:
    path: Path
    rel: str
    descriptor: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or self.path.stem)

    @property
    def slug(self) -> str:
        return f"topics/{self.name}/"

    def title(self, lang: str) -> str:
        return text(self.descriptor, "title", lang, self.name)


def load_topics(root: Path) -> tuple[list[Topic], list[Problem]]:
    folder = root / "datapackage" / "topics"
    topics: list[Topic] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return topics, problems
    for path in sorted(folder.glob("*.y*ml")):
        rel = path.relative_to(root).as_posix()
        try:
            topics.append(Topic(path, rel, read_descriptor(path)))
        except ValueError as error:
            problems.append(Problem("descriptor-unreadable", rel, values={"detail": str(error)}))
    return topics, problems


def resolve(validation: Validation, ref: str) -> Resource | None:
    package_name, _, resource_name = ref.partition("/")
    for package in validation.packages:
        if package.name == package_name:
            for resource in package.resources:
                if resource.name == resource_name:
                    return resource
    return None


def check_topic(topic: Topic, validation: Validation) -> list[Problem]:
    """Every reference names a real resource and field: a renamed table must not leave a dead link."""
    problems = []
    refs: list[tuple[str, str | None, str]] = [(ref, None, "datasets") for ref in topic.descriptor.get("datasets", [])]
    refs += [(f.get("resource", ""), f.get("field"), "figures") for f in topic.descriptor.get("figures", [])]
    for view in topic.descriptor.get("views", []):
        refs += [(s.get("resource", ""), s.get("y"), f"views.{view.get('name')}") for s in view.get("series", [])]
    for ref, field, where in refs:
        resource = resolve(validation, ref)
        if resource is None:
            detail = f"{where}: no resource {ref!r} (expected package/resource)"
        elif field and field not in {f["name"] for f in resource.fields}:
            detail = f"{where}: resource {ref!r} has no field {field!r}"
        else:
            continue
        problems.append(Problem("topic-reference", topic.rel, column=where, values={"detail": detail}))
    return problems


def _matching(rows: list[dict[str, Any]], where: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [row for row in rows if all(row.get(k) == v for k, v in (where or {}).items())]


def figure_value(
    resource: Resource, rows: list[dict[str, Any]], spec: Mapping[str, Any], lang: str, strings: Strings
) -> str:
    """The quoted value as the document states it: 約960人 / about 960 people."""
    matches = _matching(rows, spec.get("where") or {})
    if not matches:
        return strings.get("empty_cell", lang)
    row, name = matches[0], str(spec["field"])
    fields = {f["name"]: f for f in resource.fields}
    value = format_cell(row.get(name), fields[name], lang, strings)
    unit = text(fields[name], "unit", lang)
    if unit:
        value = f"{value}{unit}" if lang == "ja" else f"{value} {unit}"
    for f in resource.fields:
        if f.get("qualifier_of") == name and row.get(f["name"]):
            words = QUALIFIER_WORDS.get(str(row[f["name"]]))
            if words:
                value = words[lang].format(v=value)
    return value


def topic_chart(
    topic: Topic, view: Mapping[str, Any], validation: Validation, lang: str, strings: Strings
) -> dict[str, Any]:
    """One chart whose series come from several resources, as a Vega-Lite spec with inline data."""
    values = []
    labels = []
    dashed = []
    for series in view.get("series", []):
        resource = resolve(validation, series["resource"])
        if resource is None:
            continue
        label = text(series, "label", lang)
        labels.append(label)
        if series.get("dashed"):
            dashed.append(label)
        for row in _matching([r for _, r in validation.for_resource(resource).rows], series.get("where") or {}):
            if row.get(series["y"]) is not None:
                values.append({"x": row[series["x"]], "y": row[series["y"]], "series": label})
    year_template = strings.get("year_calendar", lang)
    before, _, after = year_template.partition("{year}")
    x_axis = alt.Axis(
        title=text(view, "x_title", lang), format="d", tickMinStep=1, labelExpr=f"{before!r} + datum.value + {after!r}"
    )
    y_title = text(view, "y_title", lang)
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("x:Q", axis=x_axis, scale=alt.Scale(zero=False, nice=False, padding=12)),
        y=alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=",d")),
        color=alt.Color(
            "series:N",
            title=None,
            sort=labels,
            scale=alt.Scale(domain=labels, range=PALETTE),
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
        rule_data = alt.Chart(alt.Data(values=[{"y": rule["y"], "label": text(rule, "label", lang)}]))
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
