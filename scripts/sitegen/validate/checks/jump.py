"""A plausibility check for the reviewer: a value that moves from one period to the next
by more than a declared ratio (``max_ratio: 2`` flags doubling or halving).

A typo in next year's row (an extra digit, a figure in thousands instead of units) is
the commonest mistake in a yearly update, and it passes every type check. The finding is
a warning: a real jump is possible, and the reviewer decides.

Periods without a value are skipped (the comparison is with the last known value), and
a change from or to zero, or across zero, has no ratio and is not flagged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any

from .base import (
    ANY,
    NO_TABLES,
    NUMERIC,
    VALUE,
    CheckConfigError,
    CheckType,
    Finding,
    Param,
    Row,
    Tables,
    as_list,
    require,
)
from .numbers import fmt


def _ratio_limit(params: Mapping[str, Any]) -> float:
    value = require(params, "max_ratio")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 1:
        raise CheckConfigError(
            f"`max_ratio` must be a number above 1 (2 flags doubling or halving), not {value!r}",
            f"`max_ratio` は1より大きい数です（2 なら倍増・半減を示します）。{value!r} は使えません",
        )
    return float(value)


def run(params: Mapping[str, Any], rows: list[Row], tables: Tables = NO_TABLES) -> Iterator[Finding]:
    column = require(params, "field")
    order_by = require(params, "order_by")
    max_ratio = _ratio_limit(params)
    by = as_list(params.get("by"))
    groups: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for number, row in rows:
        if row.get(column) is not None and row.get(order_by) is not None:
            groups[tuple(row.get(name) for name in by)].append((number, row))
    for key, members in groups.items():
        group = ", ".join(f"{name}={value}" for name, value in zip(by, key, strict=True))
        ordered = sorted(members, key=lambda item: item[1][order_by])
        for (_, before), (number, row) in pairwise(ordered):
            previous, actual = before[column], row[column]
            if previous == 0 or actual == 0 or (previous > 0) != (actual > 0):
                continue
            ratio = actual / previous
            if ratio > max_ratio or ratio < 1 / max_ratio:
                yield Finding(
                    "jump",
                    number,
                    column,
                    {
                        "column": column,
                        "previous": fmt(previous),
                        "previous_key": before[order_by],
                        "actual": fmt(actual),
                        "key": row[order_by],
                        "ratio": f"{ratio:.2f}",
                        "max_ratio": fmt(max_ratio),
                        "group": f" ({group})" if group else "",
                        "group_ja": f"（{group}）" if group else "",
                    },
                )


CHECK = CheckType(
    name="jump",
    run=run,
    description=(
        "a plausibility warning for reviewers when a value changes from one period to the next"
        " by more than `max_ratio` times (never an error)"
    ),
    params=(
        Param("field", NUMERIC, "the value compared with its previous period", required=True),
        Param("order_by", ANY, "the period field", required=True),
        Param("max_ratio", VALUE, "a number above 1: 2 flags doubling or halving", required=True),
        Param("by", ANY, "fields splitting the rows into separate series"),
    ),
    reader_text="check_jump",
    review=True,
)
