"""Consistency checks declared in the descriptors (``checks:`` of a resource).

Each check is a small pure function in its own module: it takes its parameters and the
typed rows and yields findings. The module declares it as a ``CheckType`` (its name,
its parameters, what it verifies) and ``CHECK_TYPES`` registers them: the one list of
extension points. A new kind of arithmetic is a new module registered here, never
dataset-specific code.
"""

from __future__ import annotations

from . import column_total, era_year, group_total, jump, row_formula, same_as, stock_flow
from .base import (
    ANY,
    COMMON_PARAMS,
    NO_TABLES,
    NUMERIC,
    RESOURCE,
    VALUE,
    WHERE,
    CheckConfigError,
    CheckFn,
    CheckType,
    Finding,
    Param,
    ParamKind,
    Row,
    Tables,
    as_list,
    require,
    require_fields,
)

__all__ = [
    "ANY",
    "CHECKS",
    "CHECK_TYPES",
    "COMMON_PARAMS",
    "NO_TABLES",
    "NUMERIC",
    "RESOURCE",
    "REVIEW_CHECKS",
    "VALUE",
    "WHERE",
    "CheckConfigError",
    "CheckFn",
    "CheckType",
    "Finding",
    "Param",
    "ParamKind",
    "Row",
    "Tables",
    "as_list",
    "require",
    "require_fields",
]

#: Every check type a descriptor may declare, by name, in the order messages list them.
CHECK_TYPES: dict[str, CheckType] = {
    check.name: check
    for check in (
        era_year.CHECK,
        column_total.CHECK,
        row_formula.CHECK,
        group_total.CHECK,
        stock_flow.CHECK,
        jump.CHECK,
        same_as.CHECK,
    )
}

#: The run function of each check type, by name (derived from ``CHECK_TYPES``).
CHECKS: dict[str, CheckFn] = {name: check.run for name, check in CHECK_TYPES.items()}
#: The check types whose findings are for the reviewer only (derived from ``CHECK_TYPES``);
#: a finding's code is its check type's name.
REVIEW_CHECKS = frozenset(name for name, check in CHECK_TYPES.items() if check.review)
