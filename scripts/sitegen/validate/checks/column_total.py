"""A column sums to the total the document prints (its 計 row)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .base import NO_TABLES, NUMERIC, TOLERANCE, VALUE, WHERE, CheckType, Finding, Param, Row, Tables, require
from .numbers import close, fmt


def run(params: Mapping[str, Any], rows: list[Row], tables: Tables = NO_TABLES) -> Iterator[Finding]:
    column = require(params, "field")
    expected = require(params, "expected")
    where = params.get("where") or {}
    actual = sum(
        row[column] for _, row in rows if row.get(column) is not None and all(row.get(k) == v for k, v in where.items())
    )
    if not close(actual, expected, params.get("tolerance", 0)):
        yield Finding(
            "column-total",
            None,
            column,
            {
                "actual": fmt(actual),
                "expected": fmt(expected),
                "source": params.get("source_en") or params.get("source", "the document"),
                "source_ja": params.get("source") or "資料",
            },
        )


CHECK = CheckType(
    name="column-total",
    run=run,
    description="the sum of a column equals the total the document prints",
    params=(
        Param("field", NUMERIC, "the column summed", required=True),
        Param("expected", VALUE, "the document's total", required=True),
        Param("where", WHERE, "`{field: value}`: sum only the rows with these values"),
        TOLERANCE,
    ),
    reader_text="check_column_total",
)
