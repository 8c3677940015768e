"""Consistency checks declared in the descriptors (``checks:`` of a resource).

Each check is a small pure function in its own module: it takes its parameters and the
typed rows and yields findings. ``CHECKS`` is the one list of extension points; a new
kind of arithmetic is a new module registered here, never dataset-specific code.
"""

from __future__ import annotations

from . import column_total, era_year, group_total, jump, row_formula, stock_flow
from .base import CheckConfigError, CheckFn, Finding, Row, as_list, require, require_fields

__all__ = ["CHECKS", "CheckConfigError", "CheckFn", "Finding", "Row", "as_list", "require", "require_fields"]

CHECKS: dict[str, CheckFn] = {
    "era-year": era_year.run,  # era label converts to the Gregorian year
    "column-total": column_total.run,  # a column sums to the document's total
    "row-formula": row_formula.run,  # a field equals arithmetic over others, row by row
    "group-total": group_total.run,  # total rows of long tables equal their parts
    "stock-flow": stock_flow.run,  # stock = previous stock + inflows - outflows
    "jump": jump.run,  # a value moves more than a declared ratio from the previous period
}


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
