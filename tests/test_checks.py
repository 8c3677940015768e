"""The declared consistency checks, on the rows of the test fixture's yearly series
(association members, FY2012–FY2024) and on broken copies of them."""

from __future__ import annotations

import copy
import re

import pytest

from sitegen.core.paths import Layout
from sitegen.validate.checks import CHECKS, CheckConfigError, Row
from sitegen.validate.validation import validate_all

from .conftest import FIXTURE_PACKAGE
from .hostile import DESCRIPTOR, MEMBERS, replace


@pytest.fixture
def members(fixture_repo: Layout) -> tuple[list[Row], list[dict]]:
    validation = validate_all(fixture_repo.root)
    package = next(p for p in validation.packages if p.name == FIXTURE_PACKAGE)
    resource = package.resource("association-members")
    return validation.for_resource(resource).rows, resource.checks


def _check(checks: list[dict], kind: str, **match: object) -> dict:
    return next(c for c in checks if c["type"] == kind and all(c.get(k) == v for k, v in match.items()))


def _run(params: dict, rows: list[Row]) -> list:
    return list(CHECKS[params["type"]](params, rows))


def test_the_fixture_passes_every_declared_check(members) -> None:
    rows, checks = members
    assert len(rows) == 13
    assert {c["type"] for c in checks} >= {"column-total", "stock-flow", "era-year", "jump"}
    for params in checks:
        assert _run(params, rows) == [], params


@pytest.mark.parametrize(("field", "total"), [("joined", 2071), ("left", 792), ("left_unpaid", 192)])
def test_column_totals_match_the_documents_total_row(members, field: str, total: int) -> None:
    rows, checks = members
    params = _check(checks, "column-total", field=field)
    assert params["expected"] == total
    broken = copy.deepcopy(rows)
    broken[5][1][field] += 1  # FY2017
    [finding] = _run(params, broken)
    assert (finding.code, finding.column) == ("column-total", field)
    assert finding.values["actual"] == f"{total + 1:,}"
    assert finding.values["expected"] == f"{total:,}"


def test_stock_flow_flags_the_row_that_breaks_the_identity(members) -> None:
    rows, checks = members
    params = _check(checks, "stock-flow")
    broken = copy.deepcopy(rows)
    number, row = broken[4]  # FY2016
    row["year_end"] += 5
    findings = _run(params, broken)
    # The edited year breaks, and so does the next year, which starts from it.
    assert [(f.row, f.column) for f in findings] == [(number, "year_end"), (number + 1, "year_end")]
    assert findings[0].values["expected"] == f"{row['year_end'] - 5:,}"


def test_stock_flow_starts_from_the_bracketed_adjusted_count(members) -> None:
    rows, checks = members
    params = _check(checks, "stock-flow")
    fy2019 = next((number, row) for number, row in rows if row["fiscal_year"] == 2019)
    fy2018 = next(row for _, row in rows if row["fiscal_year"] == 2018)
    assert fy2018["year_end_adjusted"] == 902
    assert fy2019[1]["year_end"] == 902 + fy2019[1]["joined"] - fy2019[1]["left"]
    without_override = {k: v for k, v in params.items() if k != "opening_override"}
    # FY2019 follows the adjusted count, not FY2018's unadjusted 958
    assert [(f.row, f.values["expected"]) for f in _run(without_override, rows)] == [(fy2019[0], "1,019")]


def test_era_year_catches_a_wrong_conversion(members) -> None:
    rows, checks = members
    params = _check(checks, "era-year")
    broken = copy.deepcopy(rows)
    assert broken[7][1]["era_year_label"] == "令和元年度"
    broken[7][1]["fiscal_year"] = 2018  # 令和元年度 is 2019
    [finding] = _run(params, broken)
    assert (finding.row, finding.column) == (broken[7][0], "fiscal_year")
    assert finding.values["expected"] == 2019


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


def _check_line(layout: Layout, resource: str, index: int) -> int:
    """The descriptor line of ``checks[index]`` of ``resource`` (its ``- type:`` line)."""
    lines = (layout.root / DESCRIPTOR).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - name: {resource}")
    start = lines.index("    checks:", start)
    return [i + 1 for i, line in enumerate(lines) if i > start and line.startswith("      - type: ")][index]


@pytest.mark.parametrize(
    ("resource", "index", "old", "new", "detail", "detail_ja"),
    [
        ("programme-summary-fy2024", 1, "formula: events - events_previous_year", "formula: events - nope",
         "formula 'events - nope' names an unknown field", "式 'events - nope' に存在しない列 'nope' があります"),
        ("association-members", 2, "field: left\n        expected: 792\n", "field: left\n",
         "parameter `expected` is required", "`expected` の指定が必要です"),
        ("association-members", 5, "max_ratio: 2", "max_ratio: 1", "`max_ratio` must be a number above 1",
         "`max_ratio` は1より大きい数です"),
    ],
)  # fmt: skip
def test_misconfigured_check_is_reported_not_raised(
    fixture_repo: Layout, resource: str, index: int, old: str, new: str, detail: str, detail_ja: str
) -> None:
    replace(fixture_repo, DESCRIPTOR, old, new)
    validation = validate_all(fixture_repo.root)
    table = validation.packages[0].resource(resource)
    params, rows = table.checks[index], validation.for_resource(table).rows
    kind = params["type"]
    with pytest.raises(CheckConfigError, match=re.escape(detail)):  # the check itself raises ...
        list(CHECKS[kind](params, rows))
    # ... validation reports it at the check's line of the descriptor
    label = f"checks[{index}] ({kind})"
    at = f"{DESCRIPTOR}:{_check_line(fixture_repo, resource, index)}:{label}"
    # the only problem: the other checks of the table still ran, and passed
    assert [(p.code, p.severity, p.location()) for p in validation.problems] == [("check-config", "error", at)]
    [problem] = validation.problems
    assert problem.message("en").startswith(f"check '{label}' is misconfigured: {detail}")
    assert problem.message("ja").startswith(f"チェック '{label}' の設定に誤りがあります: {detail_ja}")


def test_jump_passes_the_series_and_flags_a_typo(members) -> None:
    rows, _ = members
    params = {"type": "jump", "field": "year_end", "order_by": "fiscal_year", "max_ratio": 2}
    assert _run(params, rows) == []
    broken = copy.deepcopy(rows)
    index, (number, row) = next((i, item) for i, item in enumerate(broken) if item[1]["fiscal_year"] == 2020)
    row["year_end"] *= 10  # an extra digit
    findings = _run(params, broken)
    # the typo's year jumps up, and the next year falls back down
    assert [(f.row, f.values["key"], f.values["ratio"]) for f in findings] == [
        (number, 2020, f"{row['year_end'] / rows[index - 1][1]['year_end']:.2f}"),
        (number + 1, 2021, f"{broken[index + 1][1]['year_end'] / row['year_end']:.2f}"),
    ]


def test_jump_with_a_tight_ratio_flags_the_series_real_swings(members) -> None:
    rows, _ = members
    params = {"type": "jump", "field": "joined", "order_by": "fiscal_year", "max_ratio": 2}
    assert [(f.values["previous_key"], f.values["key"], f.values["ratio"]) for f in _run(params, rows)] == [
        (2012, 2013, "0.38"),
        (2019, 2020, "0.49"),
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


def test_jump_warnings_are_for_the_reviewer_never_on_the_site(fixture_repo: Layout) -> None:
    jump = "      - type: jump\n        field: joined\n        order_by: fiscal_year\n        max_ratio: 2\n"
    replace(fixture_repo, DESCRIPTOR, "      - type: stock-flow\n", jump + "      - type: stock-flow\n")
    validation = validate_all(fixture_repo.root)
    assert validation.ok
    jumps = [p for p in validation.problems if p.code == "jump"]
    assert [(p.severity, p.location()) for p in jumps] == [
        ("warning", f"{MEMBERS}:3:joined"),
        ("warning", f"{MEMBERS}:10:joined"),
    ]
    assert (
        jumps[0]
        .message("en")
        .startswith("joined goes from 412 (2012) to 158 (2013), ×0.38: more than the declared `max_ratio: 2` allows")
    )
    result = validation.for_resource(validation.packages[0].resource("association-members"))
    assert result.problems == []  # the dataset page shows result.problems as documented discrepancies
    assert result.notices == jumps


# same-as: a figure repeated from another table equals its source ------------------------

SOURCE: list[Row] = [(2, {"year": 2022, "staff": 346}), (3, {"year": 2023, "staff": 342})]


def test_a_copy_that_equals_its_source_passes() -> None:
    params = {"resource": "staff", "match": {"fiscal_year": "year"}, "fields": {"year_end": "staff"}}
    copy_rows: list[Row] = [(2, {"fiscal_year": 2023, "year_end": 342})]
    assert list(CHECKS["same-as"](params, copy_rows, {"staff": SOURCE})) == []


def test_a_copy_that_differs_from_its_source_names_both_cells() -> None:
    params = {"resource": "staff", "match": {"fiscal_year": "year"}, "fields": {"year_end": "staff"}}
    [finding] = CHECKS["same-as"](params, [(2, {"fiscal_year": 2023, "year_end": 343})], {"staff": SOURCE})
    assert (finding.code, finding.row, finding.column) == ("same-as", 2, "year_end")
    assert finding.values["other"] == "342"
    assert (finding.values["other_row"], finding.values["value"]) == (3, "343")


def test_a_copy_without_a_matching_source_row_is_reported() -> None:
    params = {"resource": "staff", "match": {"fiscal_year": "year"}, "fields": ["staff"]}
    [finding] = CHECKS["same-as"](params, [(2, {"fiscal_year": 2030, "staff": 1})], {"staff": SOURCE})
    assert (finding.code, finding.values["key"]) == ("same-as-missing", "year=2030")


def test_same_as_naming_a_missing_table_or_field_is_misconfigured() -> None:
    with pytest.raises(CheckConfigError, match="not a readable table"):
        list(CHECKS["same-as"]({"resource": "nope", "match": "year", "fields": "staff"}, [], {"staff": SOURCE}))
    with pytest.raises(CheckConfigError, match="has no field 'head'"):
        list(CHECKS["same-as"]({"resource": "staff", "match": "year", "fields": "head"}, [], {"staff": SOURCE}))


def test_validation_gives_a_same_as_check_the_other_tables_of_the_package(fixture_repo: Layout) -> None:
    summary_check = "      - type: row-formula\n        field: events_change"
    same_as = (
        "      - type: same-as\n        resource: association-members\n"
        "        match: {fiscal_year: fiscal_year}\n        fields: {era_year_label: era_year_label}\n"
    )
    replace(fixture_repo, DESCRIPTOR, summary_check, same_as + summary_check)
    assert [p for p in validate_all(fixture_repo.root).problems if p.severity == "error"] == []
    replace(fixture_repo, DESCRIPTOR, "fields: {era_year_label: era_year_label}", "fields: {events: joined}")
    [problem] = [p for p in validate_all(fixture_repo.root).problems if p.severity == "error"]
    assert (problem.code, problem.location()) == (
        "same-as",
        f"datapackage/{FIXTURE_PACKAGE}/programme-summary-fy2024.csv:2:events",
    )
    assert "in association-members (row 14, joined)" in problem.message("en")


def test_same_as_compares_only_the_rows_where_says() -> None:
    params = {"resource": "staff", "match": {"fiscal_year": "year"}, "fields": {"year_end": "staff"}}
    rows: list[Row] = [
        (2, {"fiscal_year": 2023, "year_end": 342, "kind": "copy"}),
        (3, {"fiscal_year": 2030, "kind": "own"}),
    ]
    assert [f.code for f in CHECKS["same-as"](params, rows, {"staff": SOURCE})] == ["same-as-missing"]
    assert list(CHECKS["same-as"]({**params, "where": {"kind": "copy"}}, rows, {"staff": SOURCE})) == []
