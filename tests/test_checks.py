"""The declared consistency checks, on the real 資料8 rows and on broken copies of them."""

from __future__ import annotations

import copy

import pytest

from sitegen.checks import CHECKS, CheckConfigError, Row
from sitegen.paths import Layout
from sitegen.validate import validate_all

from .conftest import SKELETON_PACKAGE


@pytest.fixture
def dispatch(repo: Layout) -> tuple[list[Row], list[dict]]:
    validation = validate_all(repo.root)
    package = next(p for p in validation.packages if p.name == SKELETON_PACKAGE)
    resource = package.resource("dispatch-act-staff")
    return validation.for_resource(resource).rows, resource.checks


def _check(checks: list[dict], kind: str, **match: object) -> dict:
    return next(c for c in checks if c["type"] == kind and all(c.get(k) == v for k, v in match.items()))


def _run(params: dict, rows: list[Row]) -> list:
    return list(CHECKS[params["type"]](params, rows))


def test_real_data_passes_every_declared_check(dispatch) -> None:
    rows, checks = dispatch
    assert len(rows) == 54
    assert {c["type"] for c in checks} >= {"column-total", "stock-flow", "era-year"}
    for params in checks:
        assert _run(params, rows) == [], params


@pytest.mark.parametrize(("field", "total"), [("dispatched", 8857), ("ended", 8472), ("ended_without_return", 546)])
def test_column_totals_match_the_documents_total_row(dispatch, field: str, total: int) -> None:
    rows, checks = dispatch
    params = _check(checks, "column-total", field=field)
    assert params["expected"] == total
    broken = copy.deepcopy(rows)
    broken[10][1][field] += 1
    [finding] = _run(params, broken)
    assert (finding.code, finding.column) == ("column-total", field)
    assert finding.values["actual"] == f"{total + 1:,}"
    assert finding.values["expected"] == f"{total:,}"


def test_stock_flow_flags_the_row_that_breaks_the_identity(dispatch) -> None:
    rows, checks = dispatch
    params = _check(checks, "stock-flow")
    broken = copy.deepcopy(rows)
    number, row = broken[20]  # FY1990
    row["year_end"] += 5
    findings = _run(params, broken)
    # The edited year breaks, and so does the next year, which starts from it.
    assert [(f.row, f.column) for f in findings] == [(number, "year_end"), (number + 1, "year_end")]
    assert findings[0].values["expected"] == f"{row['year_end'] - 5:,}"


def test_stock_flow_starts_from_the_bracketed_adjusted_count(dispatch) -> None:
    rows, checks = dispatch
    params = _check(checks, "stock-flow")
    fy2004 = next(row for _, row in rows if row["fiscal_year"] == 2004)
    fy2003 = next(row for _, row in rows if row["fiscal_year"] == 2003)
    assert fy2003["year_end_adjusted"] == 505
    assert fy2004["year_end"] == 505 + fy2004["dispatched"] - fy2004["ended"]
    without_override = {k: v for k, v in params.items() if k != "opening_override"}
    rows_flagged = {f.row for f in _run(without_override, rows)}
    assert len(rows_flagged) == 3  # FY2004, FY2006 and FY2010 follow adjusted counts


def test_era_year_catches_a_wrong_conversion(dispatch) -> None:
    rows, checks = dispatch
    params = _check(checks, "era-year")
    broken = copy.deepcopy(rows)
    broken[19][1]["fiscal_year"] = 1988  # 平成元年度 is 1989
    [finding] = _run(params, broken)
    assert finding.column == "fiscal_year"
    assert finding.values["expected"] == 1989


def test_row_formula_and_group_total() -> None:
    rows: list[Row] = [
        (2, {"year": 2018, "budget": 100.0, "settlement": 80.0, "difference": 20.0}),
        (3, {"year": 2019, "budget": 100.0, "settlement": 70.0, "difference": 20.0}),
    ]
    findings = list(CHECKS["row-formula"]({"field": "difference", "formula": "budget - settlement"}, rows))
    assert [(f.row, f.values["expected"]) for f in findings] == [(3, "30")]

    long_rows: list[Row] = [
        (2, {"year": 2020, "sex": "male", "n": 3}),
        (3, {"year": 2020, "sex": "female", "n": 4}),
        (4, {"year": 2020, "sex": "total", "n": 8}),
    ]
    params = {"field": "n", "dimension": "sex", "total": "total", "by": ["year"]}
    [finding] = list(CHECKS["group-total"](params, long_rows))
    assert (finding.row, finding.values["expected"], finding.values["actual"]) == (4, "7", "8")


def test_row_formula_rounds_like_the_document() -> None:
    rows: list[Row] = [(2, {"a": 2, "b": 3, "rate": 66.6})]
    params = {"field": "rate", "formula": "a / b * 100", "decimals": 1, "rounding": "floor"}
    assert list(CHECKS["row-formula"](params, rows)) == []
    params["rounding"] = "round"
    assert len(list(CHECKS["row-formula"](params, rows))) == 1  # 66.7 ≠ 66.6


def test_misconfigured_check_is_reported_not_raised() -> None:
    with pytest.raises(CheckConfigError):
        list(CHECKS["column-total"]({"field": "x"}, []))
    with pytest.raises(CheckConfigError):
        list(CHECKS["row-formula"]({"field": "a", "formula": "nope + 1"}, [(2, {"a": 1})]))
