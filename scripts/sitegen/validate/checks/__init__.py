"""Consistency checks declared in the descriptors (``checks:`` of a resource).

Each check is a small pure function in its own module: it takes its parameters and the
typed rows and yields findings. ``CHECKS`` is the one list of extension points; a new
kind of arithmetic is a new module registered here, never dataset-specific code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Row = tuple[int, dict[str, Any]]
"""A data row: its row number in the CSV (header = 1) and its typed values."""


@dataclass(frozen=True)
class Finding:
    code: str
    row: int | None = None
    column: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


class CheckConfigError(ValueError):
    """The check's declaration is wrong (unknown field, missing parameter)."""


CheckFn = Callable[[Mapping[str, Any], list[Row]], Iterable[Finding]]


def require(params: Mapping[str, Any], key: str) -> Any:
    if key not in params:
        raise CheckConfigError(f"parameter `{key}` is required")
    return params[key]


def require_fields(rows_fields: set[str], *names: str) -> None:
    for name in names:
        if name not in rows_fields:
            raise CheckConfigError(f"no field named {name!r} in the schema")


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _registry() -> dict[str, CheckFn]:
    from . import column_total, era_year, group_total, jump, row_formula, stock_flow

    return {
        "era-year": era_year.run,  # era label converts to the Gregorian year
        "column-total": column_total.run,  # a column sums to the document's total
        "row-formula": row_formula.run,  # a field equals arithmetic over others, row by row
        "group-total": group_total.run,  # total rows of long tables equal their parts
        "stock-flow": stock_flow.run,  # stock = previous stock + inflows - outflows
        "jump": jump.run,  # a value moves more than a declared ratio from the previous period
    }


CHECKS: dict[str, CheckFn] = _registry()

NUMERIC = "numeric"
ANY = "any"
#: The parameters of each check that name fields, and whether the field must be numeric.
#: Validation checks them before running a check, so a typo in a field name is reported
#: as a misconfigured check, never as a crash or a silently passing check.
FIELD_PARAMS: dict[str, dict[str, str]] = {
    "era-year": {"field": NUMERIC, "label_field": ANY},
    "column-total": {"field": NUMERIC},
    "row-formula": {"field": NUMERIC},
    "group-total": {"field": NUMERIC, "dimension": ANY, "by": ANY},
    "stock-flow": {
        "order_by": ANY,
        "stock": NUMERIC,
        "inflows": NUMERIC,
        "outflows": NUMERIC,
        "opening_override": NUMERIC,
    },
    "jump": {"field": NUMERIC, "order_by": ANY, "by": ANY},
}
#: Checks whose findings are plausibility warnings for the reviewer of a pull request,
#: not facts about the data: they are reported by `make validate`, never on the site.
REVIEW_CHECKS = frozenset({"jump"})
