"""`make validate` on the real packages, and on broken copies of the test fixture package:
located, actionable errors in the terminal and as GitHub annotations, and the metadata
lint (bilingual text, units, categories, chart views, references between fields)."""

from __future__ import annotations

import re

import pytest

from sitegen.cli import main
from sitegen.core.paths import ROOT, Layout
from sitegen.core.problems import Problem, templates
from sitegen.validate.validation import validate_all

from .hostile import CITIES, DESCRIPTOR, FY2012, MEMBERS, line_of, only_error, replace

CSV = MEMBERS


def _validate(layout: Layout, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(layout.root), "validate", *args])
    return code, capsys.readouterr().out


def test_every_package_in_the_repository_is_valid() -> None:
    validation = validate_all(ROOT)
    assert [p.render() for p in validation.problems if p.severity == "error"] == []
    assert validation.packages, "no data packages found"
    assert all(p.resources for p in validation.packages)


def test_the_fixture_package_passes(fixture_repo: Layout, capsys) -> None:
    code, out = _validate(fixture_repo, capsys)
    assert code == 0
    assert out.endswith("\nOK: 1 packages, 3 resources, 0 errors, 0 warnings\n")


def test_every_problem_is_printed_at_once_in_both_languages(fixture_repo: Layout, capsys) -> None:
    replace(fixture_repo, CSV, "2015,平成27年度,126,", "2015,平成27年度,126人,")
    replace(fixture_repo, DESCRIPTOR, "          title_en: Joined during the year\n", "")
    # The missing key is reported where its field begins.
    field_line = line_of(fixture_repo, DESCRIPTOR, "        - name: joined")
    code, out = _validate(fixture_repo, capsys, "--no-base")
    assert code == 1
    assert (
        f"{DESCRIPTOR}:{field_line}:title_en: error: resource association-members field joined: `title_en` is missing."
        in out
    )
    assert f"{CSV}:5:joined: error: '126人' has words or a unit ('人') in the cell." in out
    assert "    「126人」はセルに単位や語（人）を含んでいます。" in out
    # the unreadable cell is said once: no column total computed without it (2,071 − 126)
    assert "the column sums to" not in out
    assert out.endswith("FAILED: 1 packages, 3 resources, 2 errors, 0 warnings\n")
    assert "Traceback" not in out


def test_github_annotations_land_on_the_line(fixture_repo: Layout, capsys) -> None:
    replace(fixture_repo, CSV, FY2012, FY2012[:-1] + "x\n")
    code, out = _validate(fixture_repo, capsys, "--github", "--no-base")
    assert code == 1
    [annotation] = [line for line in out.splitlines() if line.startswith("::error")]
    assert annotation == (
        f"::error file={CSV},line=2,title=cell-placeholder (year_end_adjusted)::"
        "'x' is a placeholder, not a number. Leave the cell empty and say why in a `<field>_status` column, "
        "or declare the symbol in the schema's `missingValues`. / 「x」は記号で、数値ではありません。"
        "セルを空にして理由を `<列名>_status` 列に書くか、スキーマの missingValues にこの記号を宣言してください。"
    )


def test_every_problem_goes_to_the_job_summary(fixture_repo: Layout, capsys, tmp_path) -> None:
    # GitHub shows only the first annotations of a step on the diff; the summary has them all.
    summary = tmp_path / "summary.md"
    for year in range(2012, 2025):
        replace(fixture_repo, CSV, f"{year},", f"{year}|x,")
    assert main(["--root", str(fixture_repo.root), "validate", "--no-base", "--summary", str(summary)]) == 1
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert lines[:5] == [
        "## Validation / 検証",
        "",
        "13 errors, 0 warnings / エラー 13 件、警告 0 件",
        "",
        "| Where / 場所 | Severity / 重大度 | Problem / 問題 |",
    ]
    assert lines[6] == (
        f"| {CSV}:2:fiscal_year | error | '2012\\|x' has words or a unit ('\\|x') in the cell. Write the plain "
        "number in the field's unit (-); the unit belongs in the schema (`unit`).<br>「2012\\|x」はセルに単位や語"
        "（\\|x）を含んでいます。列の単位（-）での数値だけを書いてください。単位はスキーマ（unit）に書きます。 |"
    )
    assert len(lines) == 6 + 13 + 1 and lines[-1] == ""  # a blank line before the next step's part


def test_annotations_escape_what_would_break_the_workflow_command() -> None:
    problem = Problem("frictionless", "a,b:c.csv", 3, "x", values={"detail": "50%\nnext"})
    assert problem.annotation() == "::error file=a%2Cb%3Ac.csv,line=3,title=frictionless (x)::50%25%0Anext / " + (
        "データの形式に誤りがあります: 50%25%0Anext"
    )


def test_github_actions_environment_turns_annotations_on(fixture_repo: Layout, capsys, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    replace(fixture_repo, CSV, "2015,平成27年度,126,", "2015,平成27年度,x,")
    _, out = _validate(fixture_repo, capsys, "--no-base")
    assert f"::error file={CSV},line=5,title=cell-placeholder (joined)::" in out


def test_every_message_has_both_languages_and_fills_its_placeholders() -> None:
    for code, entry in templates().items():
        if code.startswith("_"):
            continue
        assert set(entry) == {"en", "ja"}, code
        assert entry["ja"] != entry["en"], code
        fields = set(re.findall(r"(?<!\{)\{(\w+)", entry["en"])) - {"value", "field"}
        assert fields <= set(re.findall(r"(?<!\{)\{(\w+)", entry["en"] + entry["ja"])), code


def test_a_missing_base_is_a_note_not_a_failure(fixture_repo: Layout, capsys) -> None:
    code, out = _validate(fixture_repo, capsys, "--base", "origin/main")
    assert code == 0
    assert out.startswith("note: not compared with the base branch (origin/main): ")
    assert "is not a git checkout" in out.splitlines()[0]


# Metadata lint --------------------------------------------------------------------------------


def _lint(layout: Layout, old: str, new: str) -> Problem:
    replace(layout, DESCRIPTOR, old, new)
    return only_error(layout)


def _at(layout: Layout, needle: str, column: str, start: str | None = None) -> str:
    return f"{DESCRIPTOR}:{line_of(layout, DESCRIPTOR, needle, start)}:{column}"


def test_missing_english_title(fixture_repo: Layout) -> None:
    problem = _lint(fixture_repo, "          title_en: Joined during the year\n", "")
    assert (problem.code, problem.location()) == ("metadata-missing", _at(fixture_repo, "- name: joined", "title_en"))
    assert "field joined: `title_en` is missing" in problem.message("en")


def test_text_in_one_language_only(fixture_repo: Layout) -> None:
    old = "        text_en: >-\n          Figures in parentheses"
    problem = _lint(fixture_repo, old, "        text_fr: >-\n          Figures in parentheses")
    assert (problem.code, problem.location()) == ("metadata-pair", _at(fixture_repo, "text: ", "text_en", "id: note-1"))
    assert problem.message("en") == (
        "resource association-members notes note-1: `text` is given but `text_en` is not. "
        "Every text a reader sees is given in Japanese (`text`) and English (`text_en`)."
    )


def test_missing_license(fixture_repo: Layout) -> None:
    problem = _lint(fixture_repo, "licenses:\n  - name: CC0-1.0", "licenses: []\nlicense_draft:\n  - name: CC0-1.0")
    assert (problem.code, problem.location()) == ("metadata-missing", _at(fixture_repo, "licenses: []", "licenses"))


def test_a_number_without_its_unit(fixture_repo: Layout) -> None:
    constraints = "          constraints: {required: true"
    problem = _lint(fixture_repo, "          unit: 人\n          unit_en: people\n" + constraints, constraints)
    assert (problem.code, problem.location()) == ("unit-missing", _at(fixture_repo, "- name: joined", "unit"))
    assert "field joined: a numeric measure needs its unit in both languages" in problem.message("en")


def test_view_naming_a_field_that_does_not_exist(fixture_repo: Layout) -> None:
    problem = _lint(fixture_repo, "        y: [year_end, joined, left]", "        y: [year_end, joined, lft]")
    assert (problem.code, problem.location()) == ("view-invalid", _at(fixture_repo, "lft]", "y"))
    assert "view members-trend: `y` names 'lft', which is not a field of this resource." in problem.message("en")


@pytest.mark.parametrize(
    ("old", "new", "detail"),
    [
        ("        mark: line\n        x: fiscal_year", "        mark: pie\n        x: fiscal_year", "`mark` is 'pie'"),
        ("        x: fiscal_year\n        y: [year_end", "        x: year\n        y: [year_end", "`x` names 'year'"),
        (
            "        y: [year_end, joined, left]",
            "        y: era_year_label",
            "`y` names 'era_year_label', which is not a number field",
        ),
        ("        y: [year_end, joined, left]", "        y: year_end\n        color: sex", "`color` names 'sex'"),
    ],
)
def test_view_configuration(fixture_repo: Layout, old: str, new: str, detail: str) -> None:
    problem = _lint(fixture_repo, old, new)
    assert problem.code == "view-invalid"
    assert detail in problem.message("en")


def test_category_without_an_english_label(fixture_repo: Layout) -> None:
    problem = _lint(fixture_repo, "{value: approx, label: 約, label_en: about}", "{value: approx, label: 約}")
    assert (problem.code, problem.location()) == (
        "categories-invalid",
        _at(fixture_repo, "{value: approx, label: 約}", "categories"),
    )
    assert "field delegates_qualifier: category 'approx' has no label_en." in problem.message("en")


def test_enum_and_categories_disagree(fixture_repo: Layout) -> None:
    problem = _lint(fixture_repo, "constraints: {enum: [approx]}", "constraints: {enum: [approx, at-least]}")
    assert (problem.code, problem.location()) == (
        "categories-invalid",
        _at(fixture_repo, "enum: [approx, at-least]", "categories"),
    )
    assert "in enum but without a category (no labels): at-least" in problem.message("en")


def test_qualifier_of_a_field_that_does_not_exist(fixture_repo: Layout) -> None:
    problem = _lint(fixture_repo, "qualifier_of: delegates", "qualifier_of: delegate")
    assert (problem.code, problem.location()) == (
        "field-reference",
        _at(fixture_repo, "qualifier_of: delegate", "qualifier_of"),
    )
    assert "`qualifier_of` names 'delegate', which is not a field of this resource." in problem.message("en")


def test_note_naming_a_field_that_does_not_exist(fixture_repo: Layout) -> None:
    problem = _lint(
        fixture_repo, "fields: [left_unpaid]\n      - id: note-2", "fields: [left_unpayed]\n      - id: note-2"
    )
    assert (problem.code, problem.location()) == (
        "field-reference",
        _at(fixture_repo, "fields: [left_unpayed]", "fields"),
    )


# Checks as declared ----------------------------------------------------------------------------


def test_unknown_check_type(fixture_repo: Layout) -> None:
    problem = _lint(fixture_repo, "- type: stock-flow", "- type: stock-flo")
    assert (problem.code, problem.location()) == (
        "check-unknown",
        _at(fixture_repo, "- type: stock-flo", "checks[4] (stock-flo)"),
    )
    assert "unknown check type 'stock-flo'. Known types: era-year, column-total" in problem.message("en")


@pytest.mark.parametrize(
    ("old", "new", "detail"),
    [
        ("field: joined\n        expected: 2071", "field: joind\n        expected: 2071",
         "`field` names 'joind', which is not a field of the schema"),
        ("field: joined\n        expected: 2071", "field: era_year_label\n        expected: 2071",
         "`field` names 'era_year_label', which is not numeric (type 'string';"),
        ("outflows: [left]", "outflows: [left, died]", "`outflows` names 'died', which is not a field"),
        ("        expected: 2071\n", "        expected: 2071\n        where: {sex: female}\n",
         "`where` names 'sex', which is not a field"),
        ("field: joined\n        expected: 2071", "field: joined", "parameter `expected` is required"),
    ],
)  # fmt: skip
def test_misconfigured_checks_are_reported_at_their_line(fixture_repo: Layout, old: str, new: str, detail: str) -> None:
    problem = _lint(fixture_repo, old, new)
    assert problem.code == "check-config"
    assert problem.location().startswith(f"{DESCRIPTOR}:1")
    assert detail in problem.message("en")


def test_a_check_that_cannot_run_is_reported_not_raised(fixture_repo: Layout) -> None:
    old = "      - type: column-total\n        field: joined\n        expected: 2071\n"
    problem = _lint(fixture_repo, old, "      - type: column-total\n        field: joined\n        expected: many\n")
    assert problem.code == "check-config"
    assert "it cannot run on this data (ValueError: could not convert string to float: 'many')" in problem.message("en")


def test_problems_are_sorted_and_errors_counted(fixture_repo: Layout, capsys) -> None:
    # Found in this order: the byte scan (row 12), then frictionless (row 5), then the
    # checks (the column total, of no row); printed like the file reads. The checks of
    # `joined` do not run (two of its cells cannot be read); those of `left` do.
    replace(fixture_repo, CSV, "2022,令和4年度,152,", "2022,令和4年度,１５２,")
    replace(fixture_repo, CSV, "2015,平成27年度,126,", "2015,平成27年度,126人,")
    replace(fixture_repo, CITIES, "kaohsiung,", "cebu,")
    replace(fixture_repo, DESCRIPTOR, "          title_en: People exchanged\n", "")
    replace(
        fixture_repo,
        DESCRIPTOR,
        "        field: left\n        expected: 792\n",
        "        field: left\n        expected: 790\n",
    )
    jump = "      - type: jump\n        field: joined\n        order_by: fiscal_year\n        max_ratio: 2\n"
    replace(fixture_repo, DESCRIPTOR, "      - type: stock-flow\n", jump + "      - type: stock-flow\n")
    expected = [
        (f"{DESCRIPTOR}:{line_of(fixture_repo, DESCRIPTOR, '        - name: delegates')}:title_en", "error"),
        (f"{CSV}:-:left", "error"),  # column-total: file-level problems first
        (f"{CSV}:5:joined", "error"),  # cell-unit
        (f"{CSV}:12:joined", "error"),  # cell-fullwidth-digits
        (f"{CITIES}:3", "error"),  # primary-key, in the next resource
    ]
    assert [(p.location(), p.severity) for p in validate_all(fixture_repo.root).problems] == expected
    code, out = _validate(fixture_repo, capsys, "--no-base")
    printed = re.findall(r"^(\S+): (error|warning): ", out, flags=re.MULTILINE)
    assert printed == expected
    assert code == 1
    assert out.splitlines()[-1] == "FAILED: 1 packages, 3 resources, 5 errors, 0 warnings"


# The codes, documented -------------------------------------------------------------------------

CODES = sorted(code for code in templates() if not code.startswith("_"))


@pytest.mark.parametrize("doc", ["CONTRIBUTING.md", "CONTRIBUTING.ja.md"])
def test_every_code_is_explained_in_contributing(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    table = sorted(re.findall(r"^\| `([a-z0-9-]+)`", text, flags=re.MULTILINE))
    assert table == CODES


def test_every_code_the_source_emits_has_a_message() -> None:
    pattern = r'(?:Problem|problem|add|Finding|_note)\(\s*"([a-z0-9-]+)"|return "([a-z0-9-]+)", '
    emitted = set()
    for path in (ROOT / "scripts" / "sitegen").rglob("*.py"):
        for match in re.finditer(pattern, path.read_text(encoding="utf-8")):
            emitted.add(match.group(1) or match.group(2))
    assert emitted - set(CODES) == set()
    assert len(emitted) > 40


Y_LINE = "        y: [year_end, joined, left]"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (Y_LINE, Y_LINE + "\n        scale: {y: 5}"),
        (Y_LINE, Y_LINE + "\n        rules: [5]"),
        (Y_LINE, "        y: {a: 1}"),
        ("        mark: line\n        x: fiscal_year", "        mark: [line]\n        x: fiscal_year"),
    ],
)
def test_a_malformed_view_is_reported_never_raised(fixture_repo: Layout, old: str, new: str) -> None:
    problem = _lint(fixture_repo, old, new)
    assert problem.code == "view-invalid"
    assert problem.message("en").startswith("resource association-members view members-trend: ")
