"""The period a table covers comes from its data, and captions that name its last year are
checked against it (validate/temporal.py, validate/captions.py, format/cells.period).

Each check is shown failing on a broken copy of the test fixture package (invented
figures) and passing on the fixture and on the real packages."""

from __future__ import annotations

import datetime as dt

import pytest
from frictionless.fields.yearmonth import yearmonth

from sitegen.core.i18n import load_strings
from sitegen.core.paths import ROOT, Layout
from sitegen.core.problems import Problem
from sitegen.format import cells
from sitegen.model.packages import Resource
from sitegen.site.inputs import gather
from sitegen.site.pages.cards import card
from sitegen.validate.captions import mentions
from sitegen.validate.checks import Row
from sitegen.validate.temporal import Year, year_of
from sitegen.validate.validation import Validation, validate_all

from .hostile import DESCRIPTOR, MEMBERS, line_of, only_error, replace

STRINGS = load_strings(ROOT / "site_src" / "strings.yml")
MEMBERS_START = "  - name: association-members"
#: A plausible FY2025 for the members table: 1,223 + 150 − 80 = 1,293 keeps the
#: stock-flow identity; the column totals move with it (below).
FY2025 = "2025,令和7年度,150,80,20,1293,\n"
TOTALS = [("expected: 2071", "expected: 2221"), ("expected: 792", "expected: 872"), ("expected: 192", "expected: 212")]
#: The captions of the members table that name FY2024 as its last year.
STALE_CAPTIONS = [
    ("令和6年度（2024年度）まで", "令和7年度（2025年度）まで"),
    ("to FY2024\n      (Reiwa 6)", "to FY2025\n      (Reiwa 7)"),
    ("（平成24年度〜令和6年度）", "（平成24年度〜令和7年度）"),
    ("FY2012–FY2024", "FY2012–FY2025"),
]
LATEST_CAPTIONS = [
    ("令和6年度末は1,223人でした。", "令和7年度末は1,293人でした。"),
    ("to 1,223 at the\n          end of FY2024.", "to 1,293 at the\n          end of FY2025."),
]


def _resource(validation: Validation, name: str = "association-members") -> tuple[Resource, list[Row]]:
    resource = validation.packages[0].resource(name)
    return resource, validation.for_resource(resource).rows


def _add_fy2025(layout: Layout, *, temporal: bool = True, captions: bool = False) -> None:
    """What next year's contributor does to the members table, in part or in full."""
    path = layout.root / MEMBERS
    path.write_text(path.read_text(encoding="utf-8") + FY2025, encoding="utf-8")
    edits = list(TOTALS)
    if temporal:
        edits.append(("      start: 2012\n      end: 2024", "      start: 2012\n      end: 2025"))
    if captions:
        edits += STALE_CAPTIONS + LATEST_CAPTIONS
    for old, new in edits:
        replace(layout, DESCRIPTOR, old, new)


def _codes(problems: list[Problem]) -> list[tuple[str, str, str | None]]:
    return [(p.code, p.severity, p.column) for p in problems if p.code.startswith(("temporal", "caption"))]


# The period, from the data -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "year"),
    [
        (2023, "fiscal", Year(2023, "fiscal")),
        (yearmonth(2019, 5), "calendar", Year(2019, "calendar")),
        (dt.date(2024, 12, 31), "calendar", Year(2024, "calendar")),
        ("2024-12-31", "calendar", Year(2024, "calendar")),
        ("2018", "calendar", Year(2018, "calendar")),
        ("FY2024", "calendar", Year(2024, "fiscal")),
        ("", "calendar", None),
        ("not stated", "calendar", None),
        (None, "fiscal", None),
        (True, "fiscal", None),
    ],
)
def test_a_time_value_gives_its_year(value: object, kind: str, year: Year | None) -> None:
    assert year_of(value, kind) == year


def test_the_period_is_read_from_the_rows_not_the_declaration(fixture_repo: Layout) -> None:
    # Without a `temporal` at all, the page still states the period: it is the data's.
    replace(fixture_repo, DESCRIPTOR, "    temporal:\n      kind: fiscal\n      start: 2012\n      end: 2024\n", "")
    resource, rows = _resource(validate_all(fixture_repo.root))
    assert "temporal" not in resource.descriptor
    assert cells.period(resource, rows, "ja", STRINGS) == "2012年度〜2024年度"
    assert cells.period(resource, rows, "en", STRINGS) == "FY2012–FY2024"
    # ... and it moves with the rows: next year's row is next year's period.
    assert cells.period(resource, rows[:-2], "en", STRINGS) == "FY2012–FY2022"
    assert cells.period(resource, rows[:1], "ja", STRINGS) == "2012年度"


def test_the_catalog_card_and_its_period_filter_read_the_data(fixture_repo: Layout) -> None:
    # A declared end the data has not reached yet would be an error; without one, the
    # card's period and the catalog filter's years are the data's.
    replace(fixture_repo, DESCRIPTOR, "    temporal:\n      kind: fiscal\n      start: 2012\n      end: 2024\n", "")
    validation = validate_all(fixture_repo.root)
    resource, _ = _resource(validation)
    item = card(gather(fixture_repo, validation), resource, "en", "../")
    assert (item["period"], item["start"], item["end"]) == ("FY2012–FY2024", "2012", "2024")


def test_a_table_without_a_time_column_keeps_its_declared_period(fixture_repo: Layout) -> None:
    # partner-cities has no time field (`since` is a label): its period is what it declares.
    replace(fixture_repo, DESCRIPTOR, "      start: 2024\n      end: 2024", "      start: 2023\n      end: 2024")
    validation = validate_all(fixture_repo.root)
    assert _codes(validation.problems) == []
    resource, rows = _resource(validation, "partner-cities")
    assert cells.period(resource, rows, "en", STRINGS) == "FY2023–FY2024"


def test_a_period_of_mixed_years_says_each_kind(fixture_repo: Layout) -> None:
    resource, _ = _resource(validate_all(fixture_repo.root))
    rows = [(2, {"fiscal_year": "2019"}), (3, {"fiscal_year": "FY2026"})]
    resource.field("fiscal_year")["time_kind"] = "calendar"
    assert cells.period(resource, rows, "ja", STRINGS) == "2019年〜2026年度"
    assert cells.period(resource, rows, "en", STRINGS) == "2019–FY2026"


def test_a_declared_period_that_the_data_has_moved_past_is_an_error(fixture_repo: Layout) -> None:
    # Next year's row added, the totals and captions updated, `temporal` forgotten.
    _add_fy2025(fixture_repo, temporal=False, captions=True)
    problem = only_error(fixture_repo)
    assert problem.code == "temporal-mismatch"
    assert problem.location() == f"{DESCRIPTOR}:{line_of(fixture_repo, DESCRIPTOR, '    temporal:')}:temporal"
    assert problem.message("en") == (
        "`temporal` says FY2012–FY2024, but the data (fiscal_year) covers FY2012–FY2025. The period shown is "
        "read from the data: set `temporal` to {kind: fiscal, start: 2012, end: 2025}, or remove it."
    )
    assert problem.message("ja") == (
        "temporal は 2012年度〜2024年度 としていますが、データ（fiscal_year 列）の期間は 2012年度〜2025年度 です。"
        "表示する対象期間はデータから読み取ります。temporal を {kind: fiscal, start: 2012, end: 2025} "
        "に直すか、削除してください。"
    )


def test_a_declared_period_of_the_wrong_kind_is_an_error(fixture_repo: Layout) -> None:
    replace(
        fixture_repo,
        DESCRIPTOR,
        "    temporal:\n      kind: fiscal\n      start: 2012",
        "    temporal:\n      kind: calendar\n      start: 2012",
    )
    problem = only_error(fixture_repo)
    assert problem.code == "temporal-mismatch"
    assert "says 2012–2024, but the data (fiscal_year) covers FY2012–FY2024" in problem.message("en")


@pytest.mark.parametrize(
    ("block", "detail"),
    [
        ("kind: yearly\n      start: 2012\n      end: 2024", "`kind` is 'yearly'; it must be fiscal or calendar"),
        ("kind: fiscal\n      start: '2012'\n      end: 2024", "`start` is '2012', not a Gregorian year"),
        ("kind: fiscal\n      start: 2012\n      end: 2011", "`end` (2011) is before `start` (2012)"),
        ("kind: fiscal\n      start: 2012\n      end: 2024\n      until: 2024", "it has until; only kind"),
    ],
)
def test_a_malformed_temporal_is_an_error(fixture_repo: Layout, block: str, detail: str) -> None:
    replace(fixture_repo, DESCRIPTOR, "kind: fiscal\n      start: 2012\n      end: 2024", block)
    problem = only_error(fixture_repo)
    assert problem.code == "temporal-invalid"
    assert detail in problem.message("en")
    assert problem.message("ja").startswith("temporal: ")


def test_next_years_update_done_in_full_passes(fixture_repo: Layout) -> None:
    _add_fy2025(fixture_repo, captions=True)
    validation = validate_all(fixture_repo.root)
    assert [p.render() for p in validation.problems] == []
    resource, rows = _resource(validation)
    assert cells.period(resource, rows, "en", STRINGS) == "FY2012–FY2025"


# Captions that name the last year ----------------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("派遣職員数の推移（昭和45年度〜令和5年度）", [(1970, False), (2023, True)]),
        ("Dispatched staff, FY1970–FY2023", [(1970, False), (2023, True)]),
        (
            "昭和45年度（1970年度）から令和5年度（2023年度）までの各年度",
            [(1970, False), (1970, False), (2023, True), (2023, False)],
        ),
        ("from FY1970 (Showa 45) to FY2023 (Reiwa 5)", [(1970, False), (2023, True)]),
        ("令和5年度まで", [(2023, True)]),
        ("平成元年から", [(1989, False)]),
        ("令和2〜5年度に8〜10人で推移し、令和6年度は12人", [(2020, False), (2023, True), (2024, False)]),
        ("FY2020–23", [(2020, False), (2023, True)]),
        ("2017年7月〜2018年6月", [(2017, False), (2018, True)]),
        ("1994-2024 and 2024-12-31", [(1994, False), (2024, True), (2024, False)]),
        ("up to the end of 2022.", [(2022, True)]),
        ("平成15・17・21年度末", [(2003, False), (2005, False), (2009, False)]),
        # A target ("by"), counts and amounts are not ends, or not years at all.
        ("目標は2025年までに1,000人", [(2025, False)]),
        ("the target of 1,000 by 2025", [(2025, False)]),
        ("rose to 12 in FY2024", [(2024, False)]),
        ("約3000万人、2000人、1,605,352,912米ドル", []),
        ("平成32年度", []),
    ],
)
def test_year_mentions_and_the_ends_of_ranges(caption: str, expected: list[tuple[int, bool]]) -> None:
    assert [(m.year, m.end) for m in mentions(caption)] == expected


def test_a_caption_naming_a_last_year_the_data_has_moved_past_is_an_error(fixture_repo: Layout) -> None:
    # Next year's row, totals and `temporal` updated; the captions still end at FY2024.
    _add_fy2025(fixture_repo)
    validation = validate_all(fixture_repo.root)
    errors = [p for p in validation.problems if p.severity == "error"]
    assert _codes(errors) == [
        ("caption-stale", "error", "description"),
        ("caption-stale", "error", "description_en"),
        ("caption-stale", "error", "title"),
        ("caption-stale", "error", "title_en"),
    ]
    description, _, title, _ = errors
    assert description.row == line_of(fixture_repo, DESCRIPTOR, "    description:", MEMBERS_START)
    assert title.row == line_of(fixture_repo, DESCRIPTOR, "        title:", "      - name: members-trend")
    assert description.message("en") == (
        "`description` says the table runs to FY2024 ('令和6年度'), but the data now runs to FY2025. Update the "
        "caption to the last year of the data, or word it without the year (the dataset page states the period, "
        "read from the data)."
    )
    assert title.message("ja").startswith(
        "`views[0].title` (members-trend) は表の期間を 2024年度 まで（「令和6年度」）としていますが、"
        "データは 2025年度 までになりました。"
    )
    # The build stops on them.
    assert not validation.ok


def test_a_caption_whose_latest_figure_is_old_is_a_warning_for_the_reviewer(fixture_repo: Layout) -> None:
    _add_fy2025(fixture_repo)
    replace(fixture_repo, DESCRIPTOR, *STALE_CAPTIONS[0])
    validation = validate_all(fixture_repo.root)
    warnings = [p for p in validation.problems if p.code == "caption-latest"]
    assert [(p.severity, p.column) for p in warnings] == [("warning", "description"), ("warning", "description_en")]
    assert warnings[0].row == line_of(fixture_repo, DESCRIPTOR, "        description:", "      - name: members-trend")
    assert "names FY2024 as its latest year ('令和6年度'), but the data now runs to FY2025" in warnings[0].message()
    # For the reviewer only: never among the discrepancies the dataset page shows.
    resource, _ = _resource(validation)
    assert [p for p in validation.for_resource(resource).problems if p.code.startswith("caption")] == [
        p for p in validation.problems if p.code == "caption-stale"
    ]


def test_a_range_beside_the_last_year_a_target_and_years_inside_are_not_stale(fixture_repo: Layout) -> None:
    _add_fy2025(fixture_repo, captions=True)
    replace(
        fixture_repo,
        DESCRIPTOR,
        "令和7年度末は1,293人でした。",
        "平成24〜30年度は増え続け、令和7年度末は1,293人でした。目標は令和9年度までに1,500人です。",
    )
    replace(
        fixture_repo,
        DESCRIPTOR,
        "    title: 国際交流協会の会員数の推移\n",
        "    title: 国際交流協会の会員数の推移（平成30年度の見直し後を含む）\n",
    )
    assert [p.render() for p in validate_all(fixture_repo.root).problems] == []


def test_a_target_year_the_data_has_passed_is_not_an_end(fixture_repo: Layout) -> None:
    _add_fy2025(fixture_repo, captions=True)
    replace(
        fixture_repo, DESCRIPTOR, "令和7年度末は1,293人でした。", "令和6年度までに1,200人とする目標を達成しました。"
    )
    validation = validate_all(fixture_repo.root)
    assert _codes(validation.problems) == [("caption-latest", "warning", "description")]


def test_the_real_captions_and_periods_pass() -> None:
    validation = validate_all(ROOT)
    assert [p.render() for p in validation.problems if p.code.startswith(("temporal", "caption"))] == []
