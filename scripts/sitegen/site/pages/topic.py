"""A topic's page: where tables from different documents speak to each other.

Each chart's "see the data as a table" link goes to a table on this page of exactly the
numbers the chart plots (``topic_chart.plotted`` picks them for both), with the units in
the headers and, in Japanese, the era year beside the Gregorian one; below it, links to
the full tables the series come from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitegen.charts.topic_chart import Series, plotted
from sitegen.core.i18n import lang_prefix, text
from sitegen.format.cells import format_cell
from sitegen.model.era import EraError, to_era_label
from sitegen.model.fields import is_time
from sitegen.model.topics import Topic, resolve
from sitegen.site.chart_index import ChartIndex
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.cards import card, figure_cards
from sitegen.site.pages.common import Page, front_matter, page_name, root_of


def topic_page(site: SiteInputs, topic: Topic, lang: str, charts: ChartIndex) -> Page:
    root = root_of(topic.slug, lang)
    datasets = []
    for ref in topic.descriptor.get("datasets", []):
        resource = resolve(site.validation.packages, ref)
        if resource is not None:
            item = card(site, resource, lang, root)
            item["publisher"] = text(resource.package.descriptor, "publisher", lang)
            datasets.append(item)
    tables = {str(view["name"]): chart_table(site, view, lang, root) for view in topic.descriptor.get("views", [])}
    shown = []
    for chart in charts.of_topic(topic, lang):
        table = tables.get(str(chart["name"]))
        shown.append({**chart, "table_href": f"#{table['id']}"} if table else chart)
    description = text(topic.descriptor, "description", lang)
    context = {
        "front_matter": front_matter(title=topic.title(lang), description=description),
        "s": site.s(lang),
        "lang": lang,
        "root": root,
        "title": topic.title(lang),
        "description": description,
        "caveat": text(topic.descriptor, "caveat", lang),
        "figures": figure_cards(site, topic, lang, root),
        "charts": shown,
        "tables": list(tables.values()),
        "datasets": datasets,
    }
    return Page(f"{topic.slug}{page_name(lang)}", "topic.md.j2", context)


def chart_table(site: SiteInputs, view: Mapping[str, Any], lang: str, root: str) -> dict[str, Any]:
    """One topic chart's numbers as a table: a row per x value (a year, as a rule), a
    column per series, the unit under each series' name; a value the chart does not
    plot reads as an empty cell. Reference lines the chart draws are listed under it."""
    series = plotted(view, site.validation, lang)
    strings = site.strings
    empty = strings.get("empty_cell", lang)
    xs = _ordered([p.x for s in series for p in s.points])
    x_field = series[0].x_field if series else {}
    era = lang == "ja" and is_time(x_field) and all(isinstance(x, int) for x in xs)
    columns = [{"title": text(view, "x_title", lang) or text(x_field, "title", lang), "unit": "", "numeric": False}]
    if era:
        columns.append({"title": strings.get("topic_table_era", lang), "unit": "", "numeric": False})
    for s in series:
        columns.append({"title": s.label, "unit": text(s.y_field, "unit", lang), "numeric": True})
    rows = []
    for x in xs:
        # a year as the chart's axis writes it (2008, never 2,008), anything else as its table does
        cells = [str(x) if isinstance(x, int) else format_cell(x, x_field, lang, strings)]
        if era:
            cells.append(_era(x, x_field))
        cells += [_cell(s, x, lang, site) or empty for s in series]
        rows.append(cells)
    sources = []
    for s in series:
        source = {"title": s.resource.title(lang), "url": f"{root}{lang_prefix(lang)}{s.resource.slug}#data"}
        if source not in sources:
            sources.append(source)
    return {
        "id": f"data-{view['name']}",
        "title": text(view, "title", lang),
        "columns": columns,
        "rows": rows,
        "rules": [strings.get("topic_table_rule", lang, label=text(r, "label", lang)) for r in view.get("rules") or []],
        "sources": sources,
    }


def _cell(series: Series, x: Any, lang: str, site: SiteInputs) -> str:
    """The series' value at ``x``, as the dataset table writes it (約960: the unit is in the header)."""
    texts = [series.value_text(p, lang, site.strings, with_unit=False) for p in series.points if p.x == x]
    return " / ".join(texts)


def _era(year: int, field: Mapping[str, Any]) -> str:
    try:
        return to_era_label(year, fiscal=field.get("time_kind") == "fiscal")
    except EraError:
        return ""


def _ordered(values: list[Any]) -> list[Any]:
    """Distinct x values in order (years ascending); in order of appearance when they
    cannot be compared."""
    distinct = list(dict.fromkeys(v for v in values if v is not None))
    try:
        return sorted(distinct)
    except TypeError:
        return distinct
