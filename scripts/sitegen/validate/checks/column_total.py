"""A column sums to the total the document prints (its 計 row)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .base import Finding, Row, require
from .numbers import close, fmt


def run(params: Mapping[str, Any], rows: list[Row]) -> Iterator[Finding]:
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
