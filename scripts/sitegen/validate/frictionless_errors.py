"""Frictionless's errors in plain words: a code of ``messages.yml`` per error type, with
the values its message needs (the cell, the field, the expected form, the duplicate
row), and the follow-on errors one mistake causes said once.

Frictionless words its errors for programmers ('Type error in the cell "147人" in row
"7" and field "dispatched" at position "3": type is "integer/default"'). A contributor
needs what is wrong and what to write instead, in Japanese too.

A cell or header shown in a message is shown with its invisible and direction-changing
characters written as ``<U+202E>`` (``characters.shown``): a message must not hide what
is wrong, nor turn the terminal's line around. A cell that is wrong *because* of such a
character gets that character's message (``char-bidi``, ...) instead of "type error";
a text cell with one is reported by ``csv_scan``, so a constraint it then also breaks
(an ``enum``, a ``pattern``) is not said a second time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import frictionless

from sitegen.core.problems import Problem, section, templates
from sitegen.model.packages import Resource
from sitegen.validate import cell_hints, characters
from sitegen.validate.checks import as_list
from sitegen.validate.csv_scan import TEXT_TYPES

#: Frictionless stops counting errors here; a file with more is reported as "10,000+".
FRICTIONLESS_ERROR_LIMIT = 10_000
_LABEL_ERRORS = {"incorrect-label", "missing-label", "extra-label", "duplicate-label", "blank-label"}
_CONSTRAINT = re.compile(r'constraint "(?P<name>[^"]+)" is "(?P<limit>.*)"')
_OTHER_ROW = re.compile(r"position (\d+)")


def _expected(field_type: str) -> dict[str, str]:
    forms = section("_expected")
    form = forms.get(field_type, forms["default"])
    return {f"expected_{lang}": form[lang].format(type=field_type) for lang in ("en", "ja")}


def _type_error(data: Mapping[str, Any], resource: Resource) -> tuple[str, dict[str, Any]]:
    name = data.get("fieldName", "")
    try:
        fld = resource.field(name)
    except KeyError:
        fld = {}
    cell = data.get("cell")
    hinted = cell_hints.hint(cell, fld)
    if hinted:
        return hinted
    invisible = characters.text_problem(cell, cell=True) if isinstance(cell, str) else None
    if invisible and invisible[0] != "text-padding":
        return invisible  # a date, a boolean: the character is what makes it unreadable
    return "type-error", {"cell": _shown(cell), **_expected(str(fld.get("type", "")))}


def _shown(value: Any) -> Any:
    return characters.shown(value) if isinstance(value, str) else ("" if value is None else value)


def _primary_key(data: Mapping[str, Any], resource: Resource) -> tuple[str, dict[str, Any]]:
    keys = as_list(resource.descriptor["schema"].get("primaryKey"))
    names = [f.get("name") for f in resource.fields]
    cells = data.get("cells") or []
    pairs = [f"{k}={cells[names.index(k)]}" for k in keys if k in names and names.index(k) < len(cells)]
    other = _OTHER_ROW.search(data.get("note", ""))
    if other is None:
        return "primary-key-empty", {"fields": ", ".join(keys)}
    return "primary-key", {"key": ", ".join(pairs), "other": other.group(1), "fields": ", ".join(keys)}


def _values(kind: str, data: Mapping[str, Any], resource: Resource) -> tuple[str, dict[str, Any]]:
    """The problem code and message values for one frictionless error."""
    if kind == "type-error":
        return _type_error(data, resource)
    if kind == "primary-key":
        return _primary_key(data, resource)
    common = {
        "cell": _shown(data.get("cell", "")),
        "column": data.get("fieldName") or "",
        "position": data.get("fieldNumber", ""),
        "label": _shown(data.get("label", "")),
        "note": data.get("note", ""),
    }
    if kind == "constraint-error":
        match = _CONSTRAINT.search(data.get("note", ""))
        if match and match["name"] == "required":
            return "required-empty", common
        return kind, {**common, "constraint": match["name"] if match else "?", "limit": match["limit"] if match else ""}
    if kind == "foreign-key":
        return kind, {
            "fields": ", ".join(data.get("fieldNames", [])),
            "values": ", ".join(map(str, data.get("fieldCells", []))),
            "reference": data.get("referenceName") or "(this resource)",
            "reference_fields": ", ".join(data.get("referenceFieldNames", [])),
        }
    if kind in templates() and kind != "frictionless":
        return kind, common
    said = characters.shown(str(data.get("message") or kind))
    return "frictionless", {"detail": said, "detail_ja": f"frictionless の報告（英語のまま）: {said}"}


def from_frictionless(error: Any, resource: Resource, lines: Mapping[int, int]) -> Problem:
    data: dict[str, Any] = error.to_descriptor() if hasattr(error, "to_descriptor") else {"message": str(error)}
    kind = str(data.get("type", "error"))
    code, values = _values(kind, data, resource)
    row = data.get("rowNumber") or (1 if kind in _LABEL_ERRORS else None)
    column = data.get("fieldName") or (data.get("label") if kind in _LABEL_ERRORS else None) or None
    return Problem(code, resource.rel_path, row, column, "error", values, line=lines.get(row) if row else None)


def _said_by_scan(error: Any, resource: Resource) -> bool:
    """A constraint error on a text cell ``csv_scan`` refuses for its characters."""
    if error.type != "constraint-error" or not isinstance(getattr(error, "cell", None), str):
        return False
    try:
        fld = resource.field(getattr(error, "field_name", ""))
    except KeyError:
        return False
    problem = characters.text_problem(error.cell, cell=True)
    return fld.get("type") in TEXT_TYPES and problem is not None


@dataclass
class Found:
    """What frictionless found in one file, and whether the checks can still be trusted."""

    problems: list[Problem] = field(default_factory=list)
    stopped: bool = False  # frictionless stopped counting errors
    broken: bool = False  # the file or its header is wrong: the checks would only mislead


def frictionless_problems(report: frictionless.Report, resource: Resource, lines: Mapping[int, int]) -> Found:
    """Frictionless's errors in plain words, minus those another error already explains.

    An empty key in a blank row, or in a row whose key cell is not a value, and a
    "required" cell that is missing from a short row, are said once, not twice; a row
    with too many cells is one problem, not one per extra cell.
    """
    keys = set(as_list(resource.descriptor["schema"].get("primaryKey")))
    found = Found()
    explained: set[int | None] = set()
    missing: set[tuple[int | None, str | None]] = set()
    extra: set[int | None] = set()
    for task in report.tasks:
        found.stopped = found.stopped or any("error limit" in warning for warning in task.warnings)
        for error in task.errors:
            if _said_by_scan(error, resource):
                continue
            problem = from_frictionless(error, resource, lines)
            found.broken = found.broken or problem.row is None or error.type in _LABEL_ERRORS
            if problem.code == "blank-row" or problem.column in keys:
                explained.add(problem.row)
            if problem.code == "missing-cell":
                missing.add((problem.row, problem.column))
            if problem.code == "extra-cell" and problem.row in extra:
                continue  # one per row: a stray quote or comma shifts every cell after it
            if problem.code == "extra-cell":
                extra.add(problem.row)
            found.problems.append(problem)
    found.problems = [
        p
        for p in found.problems
        if not (p.code == "primary-key-empty" and p.row in explained)
        and not (p.code == "required-empty" and (p.row, p.column) in missing)
    ]
    return found
