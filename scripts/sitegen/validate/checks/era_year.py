"""The era wording kept for display must convert to the Gregorian year published."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sitegen.model.era import EraError, to_gregorian

from .base import ANY, NO_TABLES, NUMERIC, CheckType, Finding, Param, Row, Tables, require


def run(params: Mapping[str, Any], rows: list[Row], tables: Tables = NO_TABLES) -> Iterator[Finding]:
    year_field = require(params, "field")
    label_field = require(params, "label_field")
    for number, row in rows:
        label, year = row.get(label_field), row.get(year_field)
        if label is None or year is None:
            continue
        try:
            expected = to_gregorian(str(label))
        except EraError as error:
            yield Finding(
                "era-year",
                number,
                label_field,
                {"label": label, "expected": str(error), "column": year_field, "actual": year},
            )
            continue
        if expected != year:
            yield Finding(
                "era-year",
                number,
                year_field,
                {"label": label, "expected": expected, "column": year_field, "actual": year},
            )


CHECK = CheckType(
    name="era-year",
    run=run,
    description="the era label kept for display converts to the Gregorian year published",
    params=(
        Param("field", NUMERIC, "the Gregorian year", required=True),
        Param("label_field", ANY, "the document's era wording of the same year (令和5年度)", required=True),
    ),
    reader_text="check_era_year",
)
