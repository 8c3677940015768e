"""A single figure as a topic or the home page quotes it: value, unit and the document's qualifier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitegen.core.i18n import Strings
from sitegen.format.cells import category_label, format_cell, qualified, unit_template
from sitegen.model.packages import Resource
from sitegen.model.topics import matching


def figure_value(
    resource: Resource, rows: list[dict[str, Any]], spec: Mapping[str, Any], lang: str, strings: Strings
) -> str:
    """The quoted value as the document states it: 約960人 / about 960 people."""
    matches = matching(rows, spec.get("where") or {})
    if not matches:
        return strings.get("empty_cell", lang)
    row, name = matches[0], str(spec["field"])
    fields = {f["name"]: f for f in resource.fields}
    number = format_cell(row.get(name), fields[name], lang, strings)
    value = unit_template(fields[name], lang, strings).replace("{v}", number)
    for f in resource.fields:  # a unit column (`unit_of`) gives this row's unit
        if f.get("unit_of") == name and row.get(f["name"]) is not None:
            label = category_label(f, row[f["name"]], lang) or str(row[f["name"]])
            value = f"{number}{label}" if lang == "ja" else f"{number} {label}"
    for f in resource.fields:
        if f.get("qualifier_of") == name and row.get(f["name"]):
            value = qualified(value, row[f["name"]], lang, strings)
    return value
