"""A field equals arithmetic over other fields of the same row (differences, ratios, sums).

Formulas are evaluated with ``simpleeval`` (a frictionless dependency): names are the
row's fields, and nothing but arithmetic is allowed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import simpleeval

from .base import (
    NO_TABLES,
    NUMERIC,
    TOLERANCE,
    VALUE,
    CheckConfigError,
    CheckType,
    Finding,
    Param,
    Row,
    Tables,
    require,
)
from .numbers import close, fmt, rounded


def run(params: Mapping[str, Any], rows: list[Row], tables: Tables = NO_TABLES) -> Iterator[Finding]:
    column = require(params, "field")
    formula = str(require(params, "formula"))
    tolerance = params.get("tolerance", 0)
    decimals = params.get("decimals")
    mode = params.get("rounding", "round")
    evaluator = simpleeval.SimpleEval(functions={"abs": abs, "min": min, "max": max})
    for number, row in rows:
        actual = row.get(column)
        if actual is None:
            continue
        evaluator.names = row
        try:
            expected = evaluator.eval(formula)
        except simpleeval.NameNotDefined as error:
            raise CheckConfigError(
                f"formula {formula!r} names an unknown field: {error}",
                f"式 {formula!r} に存在しない列 {error.name!r} があります（列: {', '.join(map(str, row))}）",
            ) from None
        except (TypeError, ZeroDivisionError):
            continue  # an empty operand: nothing to compare
        except (SyntaxError, simpleeval.InvalidExpression) as error:
            raise CheckConfigError(
                f"formula {formula!r} is not valid arithmetic: {error}",
                f"式 {formula!r} は正しい計算式ではありません: {error}",
            ) from None
        if expected is None:
            continue
        expected = rounded(float(expected), decimals, mode)
        if not close(actual, expected, tolerance):
            yield Finding(
                "row-formula",
                number,
                column,
                {"column": column, "actual": fmt(actual), "formula": formula, "expected": fmt(expected)},
            )


CHECK = CheckType(
    name="row-formula",
    run=run,
    description="in every row, a field equals arithmetic over other fields of the same row",
    params=(
        Param("field", NUMERIC, "the field the formula must give", required=True),
        Param(
            "formula",
            VALUE,
            "arithmetic over the row's fields, e.g. `budget - settlement` (`abs`, `min`, `max` allowed)",
            required=True,
        ),
        TOLERANCE,
        Param("decimals", VALUE, "round the result to this many decimals first, as the document does"),
        Param("rounding", VALUE, "how: `round` (half up, the default) or `floor` (truncate)"),
    ),
    reader_text="check_row_formula",
)
