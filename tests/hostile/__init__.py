"""Helpers for the hostile-input corpus (tests/test_hostile_*.py).

Every case starts from a copy of the test fixture package (tests/fixtures/datapackage/,
invented figures in the real descriptor format), breaks one thing the way a contributor
(or an attacker) would, runs the real validation, and checks the exact problem: code,
location and the words that tell the contributor what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sitegen.core.paths import Layout
from sitegen.core.problems import Problem
from sitegen.validate.validation import validate_all

from ..conftest import FIXTURE_PACKAGE

PACKAGE = f"datapackage/{FIXTURE_PACKAGE}"
DESCRIPTOR = f"{PACKAGE}/datapackage.yaml"
#: A yearly series (FY2012–FY2024) with column totals, a stock-flow identity and an
#: era-year check.
MEMBERS = f"{PACKAGE}/association-members.csv"
#: A list keyed by a category, with Japanese text and quoted English cells.
CITIES = f"{PACKAGE}/partner-cities.csv"
#: One row of required figures, with a row formula.
SUMMARY = f"{PACKAGE}/programme-summary-fy2024.csv"
#: The first row of MEMBERS (line 2): its sub-count and bracketed cells are empty, so
#: a value put there changes no declared check (the bracketed count only matters
#: when present).
FY2012 = "2012,平成24年度,412,0,,412,\n"
#: The last row of SUMMARY (line 2).
SUMMARY_ROW = "2024,令和6年度,42,35,7,1860\n"


def text(layout: Layout, rel: str) -> str:
    return (layout.root / rel).read_text(encoding="utf-8")


def line_of(layout: Layout, rel: str, needle: str, start: str | None = None) -> int:
    """The line (1-based) of the first line containing ``needle``, after ``start`` if given.

    Descriptor lines are looked up, not hard-coded: the real descriptors keep changing.
    """
    lines = text(layout, rel).splitlines()
    begin = 0 if start is None else next(i for i, line in enumerate(lines) if start in line)
    return next(i for i in range(begin, len(lines)) if needle in lines[i]) + 1


def replace(layout: Layout, rel: str, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` (which must be there) in a file of the repository copy."""
    content = text(layout, rel)
    assert old in content, f"{old!r} not in {rel}"
    (layout.root / rel).write_text(content.replace(old, new, count), encoding="utf-8")


def rewrite(layout: Layout, rel: str, change: Callable[[str], bytes]) -> None:
    """Write the file again as bytes made from its current text."""
    path = layout.root / rel
    path.write_bytes(change(path.read_text(encoding="utf-8")))


def errors(layout: Layout) -> list[Problem]:
    return [p for p in validate_all(layout.root).problems if p.severity == "error"]


def located(layout: Layout) -> list[tuple[str, str]]:
    """(code, path:row:column) of every error."""
    return [(p.code, p.location()) for p in errors(layout)]


def only_error(layout: Layout) -> Problem:
    """The one error validation reports; fails listing all of them otherwise."""
    found = errors(layout)
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


def site_untouched(root: Path) -> bool:
    """The previous site/ is intact and no staging directory is left beside it."""
    marker = root / "site" / "index.html"
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site")]
    return marker.read_text(encoding="utf-8") == "previous build" and leftovers == []
