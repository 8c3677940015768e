"""Stock-flow identity: this period's stock = previous stock + inflows − outflows.

Where the document restates the previous stock on a new basis (an ``opening_override``
column, such as a bracketed adjusted year-end count), the next period starts from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .base import ANY, NO_TABLES, NUMERIC, TOLERANCE, VALUE, CheckType, Finding, Param, Row, Tables, as_list, require
from .numbers import close, fmt


def run(params: Mapping[str, Any], rows: list[Row], tables: Tables = NO_TABLES) -> Iterator[Finding]:
    order_by = require(params, "order_by")
    stock = require(params, "stock")
    inflows = as_list(params.get("inflows"))
    outflows = as_list(params.get("outflows"))
    override = params.get("opening_override")
    opening: float | None = params.get("initial", 0)
    opening_name = "initial stock"
    for number, row in sorted(rows, key=lambda item: item[1].get(order_by) or 0):
        actual = row.get(stock)
        parts_in, parts_out = _present(row, inflows), _present(row, outflows)
        if actual is not None and opening is not None and parts_in is not None and parts_out is not None:
            inflow, outflow = sum(parts_in), sum(parts_out)
            expected = opening + inflow - outflow
            if not close(actual, expected, params.get("tolerance", 0)):
                yield Finding(
                    "stock-flow",
                    number,
                    stock,
                    {
                        "column": stock,
                        "actual": fmt(actual),
                        "opening": f"{opening_name} {fmt(opening)}",
                        "inflow": fmt(inflow),
                        "outflow": fmt(outflow),
                        "expected": fmt(expected),
                    },
                )
        adjusted = row.get(override) if override else None
        if override and adjusted is not None:
            opening, opening_name = adjusted, override
        else:
            opening, opening_name = actual, stock


def _present(row: dict[str, Any], names: list[str]) -> list[float] | None:
    """The row's values of the named columns, or None when one of them is empty."""
    values = [value for name in names if (value := row.get(name)) is not None]
    return values if len(values) == len(names) else None


CHECK = CheckType(
    name="stock-flow",
    run=run,
    description="stock = previous stock (or its override) + inflows − outflows",
    params=(
        Param("order_by", ANY, "the period field: rows are taken in its order", required=True),
        Param("stock", NUMERIC, "the stock at the end of each period", required=True),
        Param("inflows", NUMERIC, "the fields added to the stock"),
        Param("outflows", NUMERIC, "the fields taken from it"),
        Param(
            "opening_override",
            NUMERIC,
            "a field restating the previous stock on a new basis: when filled, the next period starts from it",
        ),
        Param("initial", VALUE, "the stock before the first row (default 0; `null` starts at the second row)"),
        TOLERANCE,
    ),
    reader_text="check_stock_flow",
)
