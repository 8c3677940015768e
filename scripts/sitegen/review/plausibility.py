"""Plausibility warnings from the comparison with the base branch, for the reviewer.

A yearly update adds rows. A changed value in an existing row (a past year revised)
or a deleted row may be right (the document revised its figures) or a slip (the wrong
row edited, a row lost in a spreadsheet sort). Either way a reviewer should look, so
each becomes a warning at the row and column concerned, annotated on the diff.
"""

from __future__ import annotations

from typing import Any

from sitegen.core.problems import Problem, cap, shorten
from sitegen.review.diff import DataDiff

#: Keys of deleted rows named in one warning; the rest are counted.
MAX_KEYS_LISTED = 10


def review_warnings(diff: DataDiff) -> list[Problem]:
    problems: list[Problem] = []
    for table_diff in diff.tables:
        table = table_diff.table
        if table_diff.status == "removed":
            values: dict[str, Any] = {
                "resource": f"{table.package}/{table.name}",
                "path": table.path,
                "base": diff.base,
            }
            problems.append(Problem("resource-removed", table.path, severity="warning", values=values))
            continue
        found = [
            Problem(
                "value-revised",
                table.path,
                change.row,
                column,
                "warning",
                {
                    "column": column,
                    "key": shorten(change.key),
                    "old": shorten(old or '""'),
                    "new": shorten(new or '""'),
                    "base": diff.base,
                },
            )
            for change in table_diff.changed
            for column, old, new in change.cells
            if old is not None and new is not None  # a column added or removed is in the diff, not a revision
        ]
        if table_diff.removed and table_diff.status == "changed":
            keys = [table_diff.key_of(cells) if table.key else f"row {n}" for n, cells in table_diff.removed]
            listed = "; ".join(keys[:MAX_KEYS_LISTED]) + (" …" if len(keys) > MAX_KEYS_LISTED else "")
            values = {"count": len(keys), "keys": listed, "base": diff.base}
            found.insert(0, Problem("rows-deleted", table.path, severity="warning", values=values))
        problems += cap(found, table.path)
    return problems
