"""Versions and the changes log: the descriptor's log validated rule by rule, the bump
each kind of change needs, ``make validate --base`` refusing a data change without its
bump (and accepting it with one), and ``make diff`` proposing the version and a draft
entry that, pasted as it is, passes."""

from __future__ import annotations

import copy
import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.cli import main
from sitegen.core.paths import ROOT, Layout
from sitegen.core.problems import Problem
from sitegen.model.packages import load_packages
from sitegen.model.releases import KINDS, PERIODICITIES, Version, iso_date, iso_month, parse_version
from sitegen.review.bump import package_changes, proposals
from sitegen.review.diff import Change, DataDiff, Table, TableDiff, draft_yaml
from sitegen.validate.releases import release_problems
from sitegen.validate.validation import validate_all

from .hostile import CITIES, DESCRIPTOR, line_of, replace
from .test_diff import git

#: Every code of this part: the log's (validation) and the bump's (base branch).
LOG_CODES = {"version-missing", "version-invalid", "changes-missing", "changes-entry", "changes-order"}
LOG_CODES |= {"changes-version", "changes-resource", "date-invalid", "metadata-value", "metadata-pair"}
BUMP_CODES = {"version-not-bumped", "version-bump-wrong", "version-bump-larger", "changes-kind"}
ENTRY = """changes:
  - version: 1.0.0
    date: 2025-07-01
    kind: new-data
    summary: 年報のすべての表を収録した最初の版です。
    summary_en: The first edition, holding every table of the report.
    source: 架空市 国際交流年報 令和6年度版
    source_en: "Sample City Report on International Exchange, FY2024 edition"
"""
#: A new partner city: one row added (the enum names it), no period moved.
BUSAN_ROW = "busan,friendship-city,2015,16,,釜山広域市との青少年交流。,Youth exchange with Busan.\n"


@pytest.fixture
def history(fixture_repo: Layout, monkeypatch: pytest.MonkeyPatch) -> Layout:
    """The test package committed on ``main`` of a real git repository (as in test_diff)."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.delenv("SITEGEN_BASE", raising=False)
    git(fixture_repo.root, "init", "-q", "-b", "main")
    git(fixture_repo.root, "add", "datapackage")
    git(fixture_repo.root, "commit", "-q", "-m", "published data")
    return fixture_repo


def _log_problems(layout: Layout) -> list[tuple[str, str, str | None]]:
    """(code, location, severity) of the problems of the log and the edition keys."""
    found = validate_all(layout.root).problems
    return [(p.code, p.location(), p.severity) for p in found if p.code in LOG_CODES]


def _at(layout: Layout, needle: str, column: str, start: str | None = None) -> str:
    return f"{DESCRIPTOR}:{line_of(layout, DESCRIPTOR, needle, start)}:{column}"


# The log, validated -------------------------------------------------------------------------


def test_the_test_package_and_every_real_package_have_a_sound_log(fixture_repo: Layout) -> None:
    assert _log_problems(fixture_repo) == []
    packages, problems = load_packages(ROOT)
    assert len(packages) == 5 and problems == []
    assert {p.name: release_problems(p) for p in packages} == {p.name: [] for p in packages}
    for package in packages:  # each real package: versioned from 1.0.0, dated and scheduled
        desc = package.descriptor
        assert desc["accrualPeriodicity"] in PERIODICITIES and iso_month(desc["next_edition"]) is not None
        newest, first = desc["changes"][0], desc["changes"][-1]
        assert newest["version"] == desc["version"] and iso_date(newest["date"]) is not None
        assert (first["version"], iso_date(first["date"]), first["kind"]) == ("1.0.0", "2026-12-01", "new-data")
        for lang in ("", "_en"):  # the document, as the package or its source names it
            assert first["source" + lang] in (desc["document" + lang], desc["sources"][0]["title" + lang])


def test_a_package_without_a_version(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, "\nversion: 1.0.0\n", "\n")
    assert _log_problems(fixture_repo) == [("version-missing", _at(fixture_repo, "name: ", "version"), "error")]


@pytest.mark.parametrize("value", ["1.0", "v1.0.0", "1.0.0-beta", "01.0.0", '"1"'])
def test_a_version_that_is_not_semantic(fixture_repo: Layout, value: str) -> None:
    replace(fixture_repo, DESCRIPTOR, "\nversion: 1.0.0\n", f"\nversion: {value}\n")
    problems = _log_problems(fixture_repo)
    assert problems == [("version-invalid", _at(fixture_repo, "version: ", "version"), "error")]


@pytest.mark.parametrize("log", ["", "changes: []\n"])
def test_a_package_without_a_log(fixture_repo: Layout, log: str) -> None:
    replace(fixture_repo, DESCRIPTOR, ENTRY, log)
    [(code, _, severity)] = _log_problems(fixture_repo)
    assert (code, severity) == ("changes-missing", "error")


@pytest.mark.parametrize(
    ("old", "new", "detail"),
    [
        ("    date: 2025-07-01\n", "", "changes[0]: it has no `date`"),
        ("    kind: new-data\n", "", "changes[0]: it has no `kind`"),
        (
            "    summary: 年報のすべての表を収録した最初の版です。\n"
            "    summary_en: The first edition, holding every table of the report.\n",
            "",
            "changes[0]: it has no `summary/summary_en`",
        ),
        (
            "  - version: 1.0.0\n",
            "  - version: 1.0\n",
            "changes[0]: `version` 1.0 is not MAJOR.MINOR.PATCH (e.g. 1.2.0)",
        ),
    ],
)
def test_an_incomplete_entry(fixture_repo: Layout, old: str, new: str, detail: str) -> None:
    replace(fixture_repo, DESCRIPTOR, old, new)
    problems = [p for p in validate_all(fixture_repo.root).problems if p.code == "changes-entry"]
    assert [p.message("en").split(". Each")[0] for p in problems] == [detail]


def test_an_entry_that_is_not_a_mapping(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, ENTRY, "changes:\n  - 1.0.0 was the first edition\n")
    [problem] = [p for p in validate_all(fixture_repo.root).problems if p.code in LOG_CODES]
    assert (problem.code, problem.message("en").split(".")[0]) == (
        "changes-entry",
        "changes[0]: the entry is str, not a mapping",
    )


def test_a_summary_in_one_language_only(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, "    summary_en: The first edition, holding every table of the report.\n", "")
    assert _log_problems(fixture_repo) == [("metadata-pair", _at(fixture_repo, "    summary: ", "summary_en"), "error")]


@pytest.mark.parametrize("value", ["2025-13-01", "2025/07/01", "'2025-07'", "July 2025"])
def test_an_entry_date_that_is_not_iso(fixture_repo: Layout, value: str) -> None:
    replace(fixture_repo, DESCRIPTOR, "    date: 2025-07-01\n", f"    date: {value}\n")
    assert _log_problems(fixture_repo) == [("date-invalid", _at(fixture_repo, "    date: ", "date"), "error")]


def test_a_quoted_iso_date_is_a_date(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, "    date: 2025-07-01\n", '    date: "2025-07-01"\n')
    replace(fixture_repo, DESCRIPTOR, "next_edition: 2026-06\n", "next_edition: 2026-06-30\n")
    assert _log_problems(fixture_repo) == []


def test_an_unknown_kind(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, "    kind: new-data\n", "    kind: update\n")
    problems = [p for p in validate_all(fixture_repo.root).problems if p.code in LOG_CODES]
    assert [(p.code, p.location()) for p in problems] == [("metadata-value", _at(fixture_repo, "    kind: ", "kind"))]
    assert problems[0].message("en") == f"changes[0]: `kind` is 'update'; it must be one of: {', '.join(KINDS)}."


def test_the_newest_entry_must_be_the_version(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, "\nversion: 1.0.0\n", "\nversion: 1.1.0\n")
    problems = [p for p in validate_all(fixture_repo.root).problems if p.code in LOG_CODES]
    assert [(p.code, p.location()) for p in problems] == [
        ("changes-version", _at(fixture_repo, "  - version: 1.0.0", "version"))
    ]
    assert problems[0].message("en").startswith("the newest `changes:` entry is version 1.0.0, but the package's")


@pytest.mark.parametrize("second", ["1.1.0", "1.0.0"])
def test_versions_must_decrease_down_the_log(fixture_repo: Layout, second: str) -> None:
    older = f"  - version: {second}\n    date: 2025-08-01\n    kind: correction\n"
    older += "    summary: 訂正しました。\n    summary_en: Corrected.\n"
    replace(fixture_repo, DESCRIPTOR, ENTRY, ENTRY + older)
    problems = [p for p in validate_all(fixture_repo.root).problems if p.code in LOG_CODES]
    assert [(p.code, p.location()) for p in problems] == [
        ("changes-order", _at(fixture_repo, f"  - version: {second}", "version", start="date: 2025-07-01"))
    ]
    assert problems[0].message("en").startswith(f"changes[1] is version {second}, which is not older than")


def test_an_entry_naming_a_table_that_does_not_exist(fixture_repo: Layout) -> None:
    replace(
        fixture_repo,
        DESCRIPTOR,
        "    kind: new-data\n",
        "    kind: new-data\n    resources: [association-members, members]\n",
    )
    problems = [p for p in validate_all(fixture_repo.root).problems if p.code in LOG_CODES]
    assert [(p.code, p.location()) for p in problems] == [
        ("changes-resource", _at(fixture_repo, "resources: [", "resources"))
    ]
    assert "names 'members', which is not a resource of this package" in problems[0].message("en")


@pytest.mark.parametrize(
    ("old", "new", "code", "column"),
    [
        ("accrualPeriodicity: annual\n", "accrualPeriodicity: yearly\n", "metadata-value", "accrualPeriodicity"),
        ("next_edition: 2026-06\n", "next_edition: next June\n", "date-invalid", "next_edition"),
        ("next_edition: 2026-06\n", "next_edition: 2026-6\n", "date-invalid", "next_edition"),
        (
            "next_edition: 2026-06\n",
            "next_edition: 2026-06\ndocument_date: 2025-02-30\n",
            "date-invalid",
            "document_date",
        ),
        ("next_edition: 2026-06\n", "next_edition: 2026-06\ndocument_year: 令和7\n", "date-invalid", "document_year"),
    ],
)
def test_the_schedule_and_the_document_date(fixture_repo: Layout, old: str, new: str, code: str, column: str) -> None:
    replace(fixture_repo, DESCRIPTOR, old, new)
    assert _log_problems(fixture_repo) == [(code, _at(fixture_repo, f"{column}: ", column), "error")]


def test_the_document_date_and_year_in_their_forms(fixture_repo: Layout) -> None:
    replace(
        fixture_repo,
        DESCRIPTOR,
        "next_edition: 2026-06\n",
        "next_edition: 2026-06\ndocument_date: 2025-06\ndocument_year: 2025\n",
    )
    assert _log_problems(fixture_repo) == []


def test_the_version_model() -> None:
    assert parse_version("1.10.0") == Version(1, 10, 0) > Version(1, 9, 9)
    assert [parse_version(v) for v in ("1.0", 1.0, None, "1.0.0.0")] == [None] * 4
    assert Version(1, 4, 2).bumped("major") == Version(2, 0, 0) and Version(1, 4, 2).bumped("minor") == Version(1, 5, 0)
    assert (
        Version(1, 5, 0).bump_from(Version(1, 4, 2)) == "minor" and Version(1, 6, 0).bump_from(Version(1, 4, 2)) is None
    )
    assert iso_date(datetime.date(2026, 12, 1)) == "2026-12-01" and iso_date("2026-02-30") is None
    assert iso_month("2027-06") == "2027-06" and iso_month("2027-13") is None


# The bump each kind of change needs -----------------------------------------------------------

BASE: dict[str, Any] = {
    "name": "pkg",
    "version": "1.0.0",
    "document": "資料",
    "document_en": "The document",
    "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}],
    "resources": [
        {
            "name": "staff",
            "title": "職員数",
            "title_en": "Staff",
            "schema": {
                "primaryKey": ["year"],
                "fields": [
                    {"name": "year", "type": "integer", "title": "年", "title_en": "Year"},
                    {"name": "staff", "type": "integer", "title": "職員数", "title_en": "Staff"},
                ],
            },
        }
    ],
}
TABLE = Table("pkg", "staff", "datapackage/pkg/staff.csv", ("year",))


def _changed(edit: Any = None, *tables: TableDiff) -> DataDiff:
    now = copy.deepcopy(BASE)
    if edit:
        edit(now)
    return DataDiff(
        "main (0123456789)", list(tables), ["datapackage/pkg/datapackage.yaml"], {"pkg": BASE}, {"pkg": now}
    )


def _rows(added: int = 0, removed: int = 0, revised: int = 0) -> TableDiff:
    diff = TableDiff(TABLE, "changed")
    diff.added = [(10 + n, {"year": str(2030 + n), "staff": "5"}) for n in range(added)]
    diff.removed = [(2 + n, {"year": str(2000 + n), "staff": "5"}) for n in range(removed)]
    diff.changed = [Change(f"year={2010 + n}", 5 + n, 5 + n, [("staff", "5", "6")]) for n in range(revised)]
    return diff


def _decide(diff: DataDiff) -> tuple[str | None, str, list[str]]:
    [changed] = package_changes(diff)
    return changed.required, changed.kind, [r.what for r in changed.reasons]


def _set(path: str, value: Any) -> Any:
    def edit(descriptor: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = descriptor
        for step in parents:
            node = node[int(step)] if step.isdigit() else node[step]
        key: Any = int(last) if last.isdigit() else last
        if value is None:
            del node[key]
        elif isinstance(node, list) and key == len(node):
            node.append(value)
        else:
            node[key] = value

    return edit


@pytest.mark.parametrize(
    ("diff", "expected"),
    [
        (_changed(None, _rows(added=1)), ("minor", "new-data", ["rows-added"])),
        (_changed(None, _rows(revised=2)), ("patch", "correction", ["values-changed"])),
        (_changed(None, _rows(removed=1)), ("major", "correction", ["rows-removed"])),
        (_changed(None, _rows(added=1, revised=1)), ("minor", "new-data", ["rows-added", "values-changed"])),
        (_changed(_set("resources.0.schema.fields.1", None)), ("major", "correction", ["field-removed"])),
        (
            _changed(_set("resources.0.schema.fields.1.name", "people")),
            ("major", "new-data", ["field-removed", "field-added"]),  # a rename: one field gone, one new
        ),
        (_changed(_set("resources.0.schema.fields.1.type", "number")), ("major", "correction", ["field-retyped"])),
        (
            _changed(_set("resources.0.schema.fields.2", {"name": "note", "type": "string"})),
            ("minor", "new-data", ["field-added"]),
        ),
        (
            _changed(_set("resources.1", {"name": "budget", "schema": {"fields": []}})),
            ("minor", "new-data", ["table-added"]),
        ),
        (_changed(_set("resources.0", None)), ("major", "correction", ["table-removed"])),
        (_changed(_set("licenses.0.name", "CC0-1.0")), ("major", "correction", ["licence-changed"])),
        (_changed(_set("licenses.0.title_en", "Creative Commons BY 4.0")), ("patch", "metadata", ["metadata"])),
        (_changed(_set("resources.0.title_en", "Staff numbers")), ("patch", "metadata", ["metadata"])),
        (_changed(_set("next_edition", "2027-06")), (None, "metadata", [])),
        (_changed(_set("version", "1.1.0")), (None, "metadata", [])),
    ],
    ids=[
        "rows-added",
        "values-changed",
        "rows-removed",
        "largest-wins",
        "field-removed",
        "field-renamed",
        "field-retyped",
        "field-added",
        "table-added",
        "table-removed",
        "licence",
        "licence-title",
        "metadata",
        "schedule-alone",
        "version-alone",
    ],
)
def test_the_bump_each_kind_of_change_needs(diff: DataDiff, expected: tuple[str | None, str, list[str]]) -> None:
    assert _decide(diff) == expected


def test_a_table_diff_and_its_schema_change_are_one_reason() -> None:
    added = TableDiff(Table("pkg", "budget", "datapackage/pkg/budget.csv", ()), "added")
    diff = _changed(_set("resources.1", {"name": "budget", "schema": {"fields": []}}), added)
    assert _decide(diff) == ("minor", "new-data", ["table-added"])


def test_packages_new_or_gone_have_nothing_to_bump() -> None:
    diff = DataDiff("main", [], [], {"old": BASE}, {"new": BASE})
    assert package_changes(diff) == [] and proposals(diff) == []


def test_the_draft_entry_reads_in_both_languages_and_parses() -> None:
    diff = _changed(None, _rows(added=2, revised=3))
    [proposal] = proposals(diff, datetime.date(2027, 7, 1))
    assert (str(proposal.current), str(proposal.version), proposal.kind) == ("1.0.0", "1.1.0", "new-data")
    assert proposal.summary == "「職員数」に2行を追加しました。「職員数」の3行で値を改めました。"
    assert proposal.summary_en == "Added 2 rows to “Staff”. Revised 3 values in 3 rows of “Staff”."
    draft = yaml.safe_load("\n".join(draft_yaml(proposal)))
    assert draft == {
        "version": "1.1.0",
        "changes": [
            {
                "version": "1.1.0",
                "date": datetime.date(2027, 7, 1),
                "kind": "new-data",
                "summary": proposal.summary,
                "summary_en": proposal.summary_en,
                "source": "資料",
                "source_en": "The document",
                "resources": ["staff"],
            }
        ],
    }


def test_a_draft_names_no_table_that_is_gone() -> None:
    budget = {"name": "budget", "title": "予算", "title_en": "Budget", "schema": {"fields": []}}
    base = copy.deepcopy(BASE)
    base["resources"].append(budget)
    removed = TableDiff(Table("pkg", "budget", "datapackage/pkg/budget.csv", ()), "removed")
    diff = DataDiff("main", [removed, _rows(added=1)], [], {"pkg": base}, {"pkg": copy.deepcopy(BASE)})
    [proposal] = proposals(diff, datetime.date(2027, 7, 1))
    assert (str(proposal.version), proposal.resources) == ("2.0.0", ("staff",))
    assert proposal.summary_en == "Added 1 row to “Staff”. Removed the table “Budget”."
    assert proposal.summary == "「職員数」に1行を追加しました。表「予算」を削除しました。"


def test_a_draft_survives_any_text_in_titles() -> None:
    diff = _changed(_set("resources.0.title_en", 'Staff: "all" # [1], {x}'), _rows(added=1))
    [proposal] = proposals(diff, datetime.date(2027, 7, 1))
    entry = yaml.safe_load("\n".join(draft_yaml(proposal)))["changes"][0]
    assert entry["summary_en"] == 'Added 1 row to “Staff: "all" # [1], {x}”.'


# make validate --base and make diff, against a real git history ------------------------------


def _validate(layout: Layout, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[Problem], str]:
    code = main(["--root", str(layout.root), "validate", "--github", *args])
    out = capsys.readouterr().out
    found = re.findall(r"^::(error|warning) file=([^,]*),(?:line=(\d+),)?title=([a-z0-9-]+)", out, flags=re.MULTILINE)
    problems = [
        Problem(title, path, int(line) if line else None, severity="error" if kind == "error" else "warning")
        for kind, path, line, title in found
    ]
    return code, problems, out


def _bump_codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.code, p.severity) for p in problems if p.code in BUMP_CODES]


def _new_city(layout: Layout) -> None:
    path = layout.root / CITIES
    path.write_text(path.read_text(encoding="utf-8") + BUSAN_ROW, encoding="utf-8")
    replace(
        layout,
        DESCRIPTOR,
        "            - {value: cebu,",
        '            - {value: busan, label: 釜山広域市（韓国）, label_en: "Busan (South Korea)"}\n'
        "            - {value: cebu,",
    )
    replace(layout, DESCRIPTOR, "enum: [cebu, kaohsiung,", "enum: [busan, cebu, kaohsiung,")


def _release(layout: Layout, version: str, kind: str = "new-data") -> None:
    replace(layout, DESCRIPTOR, "\nversion: 1.0.0\n", f"\nversion: {version}\n")
    entry = f"  - version: {version}\n    date: 2026-07-01\n    kind: {kind}\n"
    entry += "    summary: 友好都市を1つ追加しました。\n    summary_en: Added one friendship city.\n"
    replace(layout, DESCRIPTOR, "\nchanges:\n", "\nchanges:\n" + entry)


def test_validate_refuses_a_data_change_without_a_bump(history: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    _new_city(history)
    code, problems, out = _validate(history, capsys, "--base", "main")
    assert code == 1
    assert [(p.code, p.location(), p.severity) for p in problems if p.code in BUMP_CODES] == [
        ("version-not-bumped", f"{DESCRIPTOR}:{line_of(history, DESCRIPTOR, 'version: 1.0.0')}", "error")
    ]
    assert "1 row added to partner-cities), but `version` is still 1.0.0. Set `version: 1.1.0`" in out
    assert "partner-cities への1行の追加）が、`version` は 1.0.0 のままです。" in out


def test_validate_accepts_the_data_change_with_its_bump(history: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    _new_city(history)
    _release(history, "1.1.0")
    code, problems, out = _validate(history, capsys, "--base", "main")
    assert (code, _bump_codes(problems)) == (0, [])
    assert out.splitlines()[-1].startswith("OK: 1 packages, 3 resources, 0 errors")


def test_the_base_comes_from_the_environment(
    history: Layout, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _new_city(history)
    git(history.root, "branch", "-m", "main", "trunk")  # no main: only $SITEGEN_BASE names the base
    monkeypatch.setenv("SITEGEN_BASE", "trunk")
    assert _bump_codes(_validate(history, capsys)[1]) == [("version-not-bumped", "error")]
    assert _bump_codes(_validate(history, capsys, "--no-base")[1]) == []


@pytest.mark.parametrize(
    ("version", "kind", "expected", "status"),
    [
        ("1.0.1", "new-data", [("version-bump-wrong", "error")], 1),  # a PATCH for a new row
        ("1.2.0", "new-data", [("version-bump-wrong", "error")], 1),  # two steps at once
        ("0.9.0", "new-data", [("version-bump-wrong", "error")], 1),  # down
        ("2.0.0", "new-data", [("version-bump-larger", "warning")], 0),
        ("1.1.0", "metadata", [("changes-kind", "warning")], 0),
    ],
)
def test_the_wrong_bump(
    history: Layout, capsys: pytest.CaptureFixture[str], version: str, kind: str, expected: list[Any], status: int
) -> None:
    _new_city(history)
    _release(history, version, kind)
    code, problems, _ = _validate(history, capsys, "--base", "main")
    assert (_bump_codes(problems), code) == (expected, status)


def test_new_rows_with_a_revised_past_value_may_say_revision(
    history: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    _new_city(history)
    replace(history, CITIES, "高雄市との経済交流ミッション。", "高雄市との経済交流。")
    _release(history, "1.1.0", "revision")
    assert _bump_codes(_validate(history, capsys, "--base", "main")[1]) == []


def test_a_removed_row_is_a_major_change(history: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    lines = (history.root / CITIES).read_text(encoding="utf-8").splitlines(keepends=True)
    replace(history, CITIES, next(line for line in lines if line.startswith("yangzhou,")), "")
    _release(history, "1.1.0", "correction")
    _, problems, out = _validate(history, capsys, "--base", "main")
    assert _bump_codes(problems) == [("version-bump-wrong", "error")]
    assert "take 1.0.0 to 2.0.0, a MAJOR step (1 row removed from partner-cities)" in out


def test_a_change_of_metadata_alone_is_a_warning(history: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    replace(
        history,
        DESCRIPTOR,
        "title_en: Exchanges with sister and friendship cities, FY2024",
        "title_en: Sister and friendship cities, FY2024",
    )
    code, problems, _ = _validate(history, capsys, "--base", "main")
    assert (code, _bump_codes(problems)) == (0, [("version-not-bumped", "warning")])
    _release(history, "1.0.1", "metadata")
    assert _bump_codes(_validate(history, capsys, "--base", "main")[1]) == []


def test_a_bumped_version_without_its_entry(history: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    _new_city(history)
    replace(history, DESCRIPTOR, "\nversion: 1.0.0\n", "\nversion: 1.1.0\n")
    code, problems, _ = _validate(history, capsys, "--base", "main")
    assert code == 1 and [p.code for p in problems if p.code in BUMP_CODES | LOG_CODES] == ["changes-version"]


def test_a_package_not_versioned_on_the_base_starts_at_its_version(
    history: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(history, DESCRIPTOR, "\nversion: 1.0.0\n", "\n")
    git(history.root, "commit", "-q", "-am", "before versions")
    replace(history, DESCRIPTOR, "\nname: sample-city-exchange\n", "\nname: sample-city-exchange\nversion: 1.0.0\n")
    _new_city(history)
    assert _bump_codes(_validate(history, capsys, "--base", "main")[1]) == []
    assert main(["--root", str(history.root), "diff", "--base", "main"]) == 0
    assert "**sample-city-exchange**: not versioned on the base: its first version is 1.0.0." in capsys.readouterr().out


def _draft(markdown: str) -> list[str]:
    [block] = re.findall(r"```yaml\n(.*?)```", markdown, flags=re.DOTALL)
    return str(block).splitlines()


def test_make_diff_proposes_the_version_and_an_entry_that_passes(
    history: Layout, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _new_city(history)
    replace(history, CITIES, "高雄市との経済交流ミッション。", "高雄市との経済交流。")
    summary = tmp_path / "summary.md"
    assert main(["--root", str(history.root), "diff", "--base", "main", "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    assert "### Proposed versions / 版の提案" in out and out == summary.read_text(encoding="utf-8")[:-1]
    assert (
        "**sample-city-exchange**: 1.0.0 → **1.1.0** (MINOR: 1 row added to partner-cities; 1 value changed in "
        "partner-cities / マイナー: partner-cities への1行の追加、partner-cities の1個の値の変更)"
    ) in out.splitlines()
    draft = _draft(out)
    today = datetime.date.today().isoformat()
    assert draft == [
        "version: 1.1.0",
        "changes:",
        "  - version: 1.1.0",
        f"    date: {today}",
        "    kind: new-data  # new-data | correction | revision | metadata",
        '    summary: "「姉妹都市・友好都市との交流（令和6年度）」に1行を追加しました。'
        '「姉妹都市・友好都市との交流（令和6年度）」の1行で値を改めました。"',
        '    summary_en: "Added 1 row to “Exchanges with sister and friendship cities, FY2024”. '
        'Revised 1 value in 1 row of “Exchanges with sister and friendship cities, FY2024”."',
        '    source: "架空市 国際交流年報 令和6年度版"  # the document of the new figures',
        '    source_en: "Sample City Report on International Exchange, FY2024 edition"',
        "    resources: [partner-cities]",
    ]
    # pasted as it is, the draft passes
    replace(history, DESCRIPTOR, "\nversion: 1.0.0\n", f"\n{draft[0]}\n")
    replace(history, DESCRIPTOR, "\nchanges:\n", "\nchanges:\n" + "\n".join(draft[2:]) + "\n")
    code, problems, _ = _validate(history, capsys, "--base", "main")
    assert (code, _bump_codes(problems)) == (0, [])
    assert main(["--root", str(history.root), "diff", "--base", "main"]) == 0
    out = capsys.readouterr().out
    assert "`version: 1.1.0` and its `changes:` entry are in place." in out and "```yaml" not in out


def test_make_diff_without_changes_proposes_nothing(history: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(history.root), "diff", "--base", "main"]) == 0
    assert "Proposed versions" not in capsys.readouterr().out
