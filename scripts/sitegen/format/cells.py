"""How values and metadata read on a page, in each language (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from sitegen.core.i18n import Strings, text
from sitegen.core.problems import Problem
from sitegen.model.era import ERA_OFFSETS, ERA_ROMAJI, EraError, parse_era_year
from sitegen.model.fields import is_time
from sitegen.model.packages import Resource
from sitegen.validate.checks import CHECK_TYPES, Row
from sitegen.validate.checks.base import ANY, NUMERIC, RESOURCE
from sitegen.validate.temporal import coverage


def safe_url(value: Any) -> str | None:
    """Only http(s) links from metadata reach a page: never ``javascript:`` or ``data:``."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    return url if url.lower().startswith(("https://", "http://")) and not any(c in url for c in "\"'<> \n") else None


def format_number(value: Any, field: Mapping[str, Any]) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        decimals = field.get("decimals")
        if decimals is None:
            return f"{value:,}".rstrip("0").rstrip(".") if "." in f"{value}" else f"{value:,}"
        return f"{value:,.{int(decimals)}f}"
    return str(value)


def category_label(field: Mapping[str, Any], value: Any, lang: str) -> str | None:
    for category in field.get("categories") or []:
        if str(category.get("value")) == str(value):
            return text(category, "label", lang, str(value))
    return None


def format_cell(value: Any, field: Mapping[str, Any], lang: str, strings: Strings) -> str:
    if value is None or value == "":
        return strings.get("empty_cell", lang)
    label = category_label(field, value, lang)
    if label is not None:
        return label
    if field.get("type") == "boolean":
        return "✓" if value else "—"
    if is_time(field):
        return str(value)
    if lang != "ja" and isinstance(value, str):
        romanized = romanize_era(value)
        if romanized:
            return romanized
    if field.get("type") in ("integer", "number"):
        return format_number(value, field)
    return str(value)


def romanize_era(value: str) -> str | None:
    """令和2年度 → "Reiwa 2 (FY2020)": era wording an English reader can follow."""
    try:
        era, year, suffix = parse_era_year(value)
    except EraError:
        return None
    gregorian = ERA_OFFSETS[era] + year
    label = "FY" if suffix == "年度" else ""
    return f"{ERA_ROMAJI[era]} {year} ({label}{gregorian})"


def field_type_label(field: Mapping[str, Any], lang: str, strings: Strings) -> str:
    kind = str(field.get("type", "string"))
    try:
        return strings.get(f"type_{kind}", lang)
    except KeyError:
        return kind


def period(resource: Resource, rows: Sequence[Row], lang: str, strings: Strings) -> str:
    """The period the table covers, from its validated ``rows`` (the first and the last
    year of its time fields), or its declared ``temporal`` when it has no time column."""
    covered = coverage(resource, rows)
    if covered is None:
        return ""
    start, end = (
        strings.get("year_fiscal" if year.kind == "fiscal" else "year_calendar", lang, year=year.year)
        for year in (covered.start, covered.end)
    )
    return start if start == end else f"{start}–{end}" if lang == "en" else f"{start}〜{end}"


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = {"*": "×", "/": "÷", "-": "−"}


def reader_formula(formula: str, fields: Mapping[str, Mapping[str, Any]], lang: str) -> str:
    """A check's formula as a reader reads it: fields by their quoted titles and the
    arithmetic signs of print (year - years_before → 「年」−「基準年からの年数」)."""
    left, right = ("「", "」") if lang == "ja" else ("“", "”")

    def title(match: re.Match[str]) -> str:
        name = match.group(0)
        return f"{left}{text(fields[name], 'title', lang, name)}{right}" if name in fields else name

    named = _NAME.sub(title, formula)
    return re.sub(r"(?<=\s)[*/-](?=\s)", lambda m: _OPERATORS[m.group(0)], named)


def describe_check(check: Mapping[str, Any], resource: Resource, lang: str, strings: Strings) -> str:
    """One line per declared check, in the reader's language: the check type's
    ``reader_text`` in strings.yml, filled with its parameters (fields by their titles,
    numbers with thousands separators)."""
    names = {f["name"]: f for f in resource.fields}
    kind = CHECK_TYPES.get(str(check.get("type", "")))
    if kind is None:
        return str(check.get("type", ""))
    values: dict[str, Any] = {}
    for param in kind.params:
        value = check.get(param.name, "")
        if param.kind == RESOURCE:
            other = next((r for r in resource.package.resources if r.name == value), None)
            value = other.title(lang) if other else str(value)
        elif param.name == "formula" and isinstance(value, str):
            value = reader_formula(value, names, lang)
        elif param.kind in (NUMERIC, ANY) and isinstance(value, str):
            value = text(names.get(value, {}), "title", lang, value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = f"{value:,}"
        values[param.name] = value
    return strings.get(kind.reader_text, lang, **values)


def discrepancy_lines(problems: list[Problem], resource: Resource, lang: str, strings: Strings) -> list[str]:
    """A reader's account of each warning: the row and the column by its title, and the
    declared explanation (the check's note). The contributor's message (file path, field
    names, what to check) belongs to the build log and the pull request, not the page."""
    titles = {f["name"]: text(f, "title", lang, f["name"]) for f in resource.fields}
    lines = []
    for p in problems:
        if p.severity != "warning":
            continue
        column = titles.get(p.column or "", p.column or "")
        row = p.row - 1 if p.row and p.row > 1 else None
        where = strings.get("discrepancy_where", lang, row=row, field=column) if row else column
        note = p.values.get("note_ja" if lang == "ja" else "note") or strings.get("discrepancy_unexplained", lang)
        lines.append(f"{where}{'：' if lang == 'ja' else ': '}{note}" if where else str(note))
    return lines


def text_width(value: object) -> int:
    """Width of a cell's text in half-width characters: 東京 is as wide as Tokyo's four."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in str(value))


def unit_template(field: Mapping[str, Any], lang: str, strings: Strings) -> str:
    """``{v}`` placed where the number goes: {v}人 / {v} people / US${v} / {v}%.

    A unit whose English name has a ``unit:<name>`` entry in strings.yml reads as that
    entry says; any other follows the number (with a space in English)."""
    unit = text(field, "unit", lang)
    if not unit:
        return "{v}"
    formats = strings.prefixed("unit:")
    unit_en = str(field.get("unit_en") or "")
    if unit_en in formats:
        return strings.get(f"unit:{unit_en}", lang)
    return "{v}" + unit if lang == "ja" else "{v} " + unit


def qualified(value: str, qualifier: Any, lang: str, strings: Strings) -> str:
    """A number's text with the document's qualifier: 約960人 / about 960 people. The
    qualifiers are the ``qualifier:<code>`` entries of strings.yml."""
    if qualifier is None or str(qualifier) not in strings.prefixed("qualifier:"):
        return value
    return strings.get(f"qualifier:{qualifier}", lang).replace("{v}", value)
