"""In a long table, the row of the total category equals the sum of the other rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from .base import ANY, NO_TABLES, NUMERIC, TOLERANCE, VALUE, CheckType, Finding, Param, Row, Tables, as_list, require
from .numbers import close, fmt


def run(params: Mapping[str, Any], rows: list[Row], tables: Tables = NO_TABLES) -> Iterator[Finding]:
    column = require(params, "field")
    dimension = require(params, "dimension")
    total = require(params, "total")
    by = as_list(params.get("by"))
    sums: dict[tuple[Any, ...], float] = defaultdict(float)
    totals: dict[tuple[Any, ...], Row] = {}
    for number, row in rows:
        key = tuple(row.get(name) for name in by)
        if row.get(dimension) == total:
            totals[key] = (number, row)
        elif row.get(column) is not None:
            sums[key] += row[column]
    for key, (number, row) in totals.items():
        actual = row.get(column)
        if actual is None:
            continue
        if not close(actual, sums.get(key, 0), params.get("tolerance", 0)):
            group = ", ".join(f"{name}={value}" for name, value in zip(by, key, strict=True)) or "all rows"
            yield Finding(
                "group-total",
                number,
                column,
                {
                    "dimension": dimension,
                    "total": total,
                    "actual": fmt(actual),
                    "expected": fmt(sums.get(key, 0)),
                    "group": group,
                },
            )


CHECK = CheckType(
    name="group-total",
    run=run,
    description="in a long table, the row of the total category equals the sum of the other rows",
    params=(
        Param("field", NUMERIC, "the measure summed", required=True),
        Param("dimension", ANY, "the category field whose values are the parts and the total", required=True),
        Param("total", VALUE, "the category value of the total row", required=True),
        Param("by", ANY, "the other key fields: one total per combination of their values"),
        TOLERANCE,
    ),
    reader_text="check_group_total",
)
