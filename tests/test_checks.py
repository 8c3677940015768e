"""The declared consistency checks, on the real 資料8 rows and on broken copies of them."""

from __future__ import annotations

import copy

import pytest

from sitegen.core.paths import Layout
from sitegen.validate.checks import CHECKS, CheckConfigError, Row
from sitegen.validate.validation import validate_all

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


def test_jump_passes_the_real_series_and_flags_a_typo(dispatch) -> None:
    rows, _ = dispatch
    params = {"type": "jump", "field": "dispatched", "order_by": "fiscal_year", "max_ratio": 2}
    assert _run(params, rows) == []
    broken = copy.deepcopy(rows)
    number, row = next(item for item in broken if item[1]["fiscal_year"] == 2010)
    row["dispatched"] *= 10  # an extra digit
    findings = _run(params, broken)
    # the typo's year jumps up, and the next year falls back down
    assert [(f.row, f.values["key"], f.values["ratio"]) for f in findings] == [
        (number, 2010, f"{row['dispatched'] / rows[39][1]['dispatched']:.2f}"),
        (number + 1, 2011, f"{broken[41][1]['dispatched'] / row['dispatched']:.2f}"),
    ]


def test_jump_with_a_tight_ratio_flags_the_documents_real_swings(dispatch) -> None:
    rows, _ = dispatch
    params = {"type": "jump", "field": "dispatched", "order_by": "fiscal_year", "max_ratio": 1.5}
    assert [(f.values["previous_key"], f.values["key"], f.values["ratio"]) for f in _run(params, rows)] == [
        (1977, 1978, "1.52"),
        (1980, 1981, "0.65"),
    ]


def test_jump_compares_within_groups_and_skips_gaps_and_zeros() -> None:
    rows: list[Row] = [
        (2, {"year": 2020, "sex": "female", "n": 10}),
        (3, {"year": 2020, "sex": "male", "n": 100}),
        (4, {"year": 2021, "sex": "female", "n": None}),
        (5, {"year": 2021, "sex": "male", "n": 0}),
        (6, {"year": 2022, "sex": "female", "n": 31}),
        (7, {"year": 2022, "sex": "male", "n": 120}),
    ]
    params = {"field": "n", "order_by": "year", "by": "sex", "max_ratio": 3}
    [finding] = list(CHECKS["jump"](params, rows))
    assert (finding.row, finding.values["previous"], finding.values["group"]) == (6, "10", " (sex=female)")


@pytest.mark.parametrize("ratio", [1, 0.5, "2", True])
def test_jump_refuses_a_ratio_that_cannot_flag_anything(ratio: object) -> None:
    with pytest.raises(CheckConfigError, match="`max_ratio` must be a number above 1"):
        list(CHECKS["jump"]({"field": "n", "order_by": "year", "max_ratio": ratio}, [(2, {"year": 1, "n": 1})]))


def test_jump_warnings_are_for_the_reviewer_never_on_the_site(repo: Layout) -> None:
    path = repo.root / f"datapackage/{SKELETON_PACKAGE}/datapackage.yaml"
    text = path.read_text(encoding="utf-8")
    jump = "      - type: jump\n        field: dispatched\n        order_by: fiscal_year\n        max_ratio: 1.5\n"
    path.write_text(
        text.replace("      - type: stock-flow\n", jump + "      - type: stock-flow\n", 1), encoding="utf-8"
    )
    validation = validate_all(repo.root)
    assert validation.ok
    jumps = [p for p in validation.problems if p.code == "jump"]
    assert [(p.severity, p.location()) for p in jumps] == [
        ("warning", f"datapackage/{SKELETON_PACKAGE}/dispatch-act-staff.csv:10:dispatched"),
        ("warning", f"datapackage/{SKELETON_PACKAGE}/dispatch-act-staff.csv:13:dispatched"),
    ]
    assert (
        jumps[0]
        .message("en")
        .startswith(
            "dispatched goes from 130 (1977) to 197 (1978), ×1.52: more than the declared `max_ratio: 1.5` allows"
        )
    )
    result = validation.for_resource(validation.packages[0].resource("dispatch-act-staff"))
    assert result.problems == []  # the dataset page shows result.problems as documented discrepancies
    assert result.notices == jumps
