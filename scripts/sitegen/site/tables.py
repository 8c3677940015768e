"""The data table of each dataset page, as HTML rows: the biggest part of a page.

The same until the table, its descriptor or the UI strings change, so each body is
kept in the cache rather than formatted cell by cell on every build, and made on the
worker threads with the charts, before any page is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from sitegen.core import cache
from sitegen.format import cells
from sitegen.model.fields import is_time
from sitegen.model.inferences import inferences
from sitegen.model.packages import Resource
from sitegen.site.inputs import SiteInputs

#: Cells of a column whose longest value is wider than this (in half-width characters) may wrap.
WRAP_AFTER = 24


@dataclass(frozen=True)
class TableBody:
    html: Markup
    rows: int
    #: The cells of a one-row table, each with its mark: the page shows such a table as a
    #: list of label and value (11 columns side by side do not fit a phone, nor a desktop).
    record: tuple[Markup, ...] = ()


_DAGGER = Markup('<a class="odp-inferred" href="#{}" title="{}" aria-label="{}">†</a>')
#: Table bodies by (package, resource, lang).
TableIndex = dict[tuple[str, str, str], TableBody]


def qualifiers(resource: Resource) -> dict[str, str]:
    """The qualifier column of each number that has one: {"staff": "staff_qualifier"}."""
    names = {f["name"] for f in resource.fields}
    return {str(f["qualifier_of"]): str(f["name"]) for f in resource.fields if f.get("qualifier_of") in names}


def page_fields(resource: Resource) -> list[dict[str, Any]]:
    """The columns of the page's table: a qualifier column is read with its number
    (約960, one reading), not as a column of its own; the downloads keep both."""
    merged = set(qualifiers(resource).values())
    return [f for f in resource.fields if f["name"] not in merged]


def numeric_columns(resource: Resource) -> list[bool]:
    """Which columns hold quantities (aligned right); years are labels, not quantities."""
    return [f.get("type") in ("integer", "number") and not is_time(f) for f in page_fields(resource)]


def table_body(site: SiteInputs, resource: Resource, lang: str) -> TableBody:
    store = cache.Store(site.layout.cache, "tables")
    entry = cache.key("table-body", resource.descriptor, cache.file_hash(resource.path), lang, site.strings.table)
    numeric = numeric_columns(resource)

    def make() -> bytes:
        fields = page_fields(resource)
        merged = qualifiers(resource)
        rows = site.rows(resource)

        def shown(row: dict[str, Any], f: dict[str, Any]) -> str:
            text = cells.format_cell(row.get(f["name"]), f, lang, site.strings)
            qualifier = merged.get(f["name"])
            if qualifier is None or row.get(f["name"]) is None:
                return text
            return cells.qualified(text, row.get(qualifier), lang, site.strings)

        table = [[shown(row, f) for f in fields] for row in rows]
        marks = _marks(resource, fields, rows, site.strings.get("inferred_mark", lang))
        longest = [max(map(cells.text_width, column), default=0) for column in zip(*table, strict=False)]
        # Numbers align right; a column of sentences may wrap (class "wrap"), the rest stay on one line.
        tags = [
            '<td class="num">' if flag else '<td class="wrap">' if width > WRAP_AFTER else "<td>"
            for flag, width in zip(numeric, longest or [0] * len(numeric), strict=True)
        ]
        lines = [
            "<tr>"
            + "".join(f"{c}{escape(v)}{mark}</td>" for c, v, mark in zip(tags, row, marked, strict=True))
            + "</tr>\n"
            for row, marked in zip(table, marks, strict=True)
        ]
        record = [f"{escape(v)}{mark}" for v, mark in zip(table[0], marks[0], strict=True)] if len(table) == 1 else []
        stored = {"rows": len(lines), "html": "".join(lines), "record": record}
        return json.dumps(stored, ensure_ascii=False).encode("utf-8")

    stored = json.loads(store.through(entry, make))
    record = tuple(Markup(cell) for cell in stored.get("record", []))
    return TableBody(Markup(stored["html"]), int(stored["rows"]), record)


def _marks(
    resource: Resource, fields: list[dict[str, Any]], rows: list[dict[str, Any]], label: str
) -> list[list[Markup]]:
    """Per cell, the † that links an inferred value to its explanation (or nothing)."""
    declared = inferences(resource)
    names = [f["name"] for f in fields]
    result: list[list[Markup]] = []
    for row in rows:
        line: list[Markup] = []
        for name in names:
            ids = [i.id for i in declared if i.field == name and i.applies_to(row)]
            line.append(_DAGGER.format(ids[0], label, label) if ids else Markup(""))
        result.append(line)
    return result


def submit_tables(site: SiteInputs, pool: Executor) -> Callable[[], TableIndex]:
    """Start every table body on ``pool``; the returned function waits and gives the index."""
    resources = [r for p in site.validation.packages for r in p.resources]
    futures = [
        ((r.package.name, r.name, lang), pool.submit(table_body, site, r, lang))
        for r in resources
        for lang in site.langs
    ]
    return lambda: {key: future.result() for key, future in futures}
