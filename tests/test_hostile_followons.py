"""One cause, one message: when a file cannot be read, validation says so once, and no
comparison that depends on reading it adds errors or warnings (issue: misleading
follow-on messages). Each case breaks a committed copy of the fixture package and runs
the real `sitegen validate` against the commit, as a pull request's check does."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.core.paths import Layout

from .hostile import CITIES, DESCRIPTOR, replace
from .test_diff import git
from .test_topics import TOPIC


@pytest.fixture
def committed(fixture_repo: Layout, monkeypatch: pytest.MonkeyPatch) -> Layout:
    """The fixture package and a topic that refers to it, committed on ``main``."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.delenv("SITEGEN_BASE", raising=False)
    (fixture_repo.datapackage / "topics").mkdir()
    (fixture_repo.datapackage / "topics" / "exchange.yaml").write_text(TOPIC, encoding="utf-8")
    git(fixture_repo.root, "init", "-q", "-b", "main")
    git(fixture_repo.root, "add", "datapackage")
    git(fixture_repo.root, "commit", "-q", "-m", "published data")
    return fixture_repo


def problems_of(layout: Layout, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problem lines of `sitegen validate --base main` (the English line of each)."""
    main(["--root", str(layout.root), "validate", "--base", "main"])
    out = capsys.readouterr().out.splitlines()
    return [line for line in out if ": error: " in line or ": warning: " in line]


def test_the_clean_copy_has_no_problems(committed: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    assert problems_of(committed, capsys) == []


def test_a_yaml_error_is_one_error_not_missing_tables_and_dead_topic_links(
    committed: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(committed, DESCRIPTOR, "\ntitle: ", "\ntitle: [unclosed ")
    [problem] = problems_of(committed, capsys)
    assert problem.startswith(f"{DESCRIPTOR}: error: cannot read the descriptor: line ")
    assert "fix the YAML syntax there" in problem


@pytest.mark.parametrize(
    ("encoding", "code_words"),
    [("shift_jis", "it looks like Shift_JIS"), ("utf-16", "UTF-16"), ("latin-1", "not UTF-8")],
)
def test_a_file_in_another_encoding_is_one_error_not_rows_deleted_or_values_revised(
    committed: Layout, capsys: pytest.CaptureFixture[str], encoding: str, code_words: str
) -> None:
    path = committed.root / CITIES
    text = path.read_text(encoding="utf-8")
    if encoding == "latin-1":
        text = text.replace("セブ市", "Cebú")  # a Latin-1 editor's save of an accented name
    path.write_bytes(text.encode(encoding, errors="replace" if encoding != "utf-16" else "strict"))
    [problem] = problems_of(committed, capsys)
    assert problem.startswith(f"{CITIES}:") and ": error: " in problem and code_words in problem


def test_a_total_that_moved_with_a_new_year_points_at_the_check_in_the_descriptor(fixture_repo: Layout) -> None:
    from .hostile import MEMBERS, errors, line_of
    from .test_diff import NEXT_YEAR

    path = fixture_repo.root / MEMBERS
    path.write_text(path.read_text(encoding="utf-8") + NEXT_YEAR, encoding="utf-8")
    [joined] = [p for p in errors(fixture_repo) if p.code == "column-total" and p.column == "joined"]
    at = f"{DESCRIPTOR}:{line_of(fixture_repo, DESCRIPTOR, 'expected: 2071')}"
    assert joined.location() == f"{MEMBERS}:-:joined"
    assert f"update the check's `expected` to the new document's total at {at}" in joined.message("en")
    assert "otherwise check each value of this column against the document" in joined.message("en")
    assert f"{at} の検証の expected を新しい資料の合計に直してください" in joined.message("ja")


def test_a_chart_legend_of_raw_codes_is_refused(fixture_repo: Layout) -> None:
    from .hostile import errors, line_of

    categories = (
        "          categories:\n"
        "            - {value: sister-city, label: 姉妹都市, label_en: Sister city}\n"
        "            - {value: friendship-city, label: 友好都市, label_en: Friendship city}\n"
    )
    replace(fixture_repo, DESCRIPTOR, categories, "")
    replace(
        fixture_repo,
        DESCRIPTOR,
        "        x: city\n        y: delegates\n",
        "        x: city\n        y: delegates\n        color: kind\n",
    )
    [problem] = [p for p in errors(fixture_repo) if p.code == "view-id-labels"]
    line = line_of(fixture_repo, DESCRIPTOR, "color: kind")
    assert problem.location() == f"{DESCRIPTOR}:{line}:color"
    assert "view 'delegates-by-city' puts 'kind' on `color`, so readers would see its codes" in problem.message("en")
    assert "(friendship-city, sister-city)" in problem.message("en")
    assert "categories を加えるか" in problem.message("ja")


def test_a_chart_axis_of_words_or_labelled_codes_is_fine(fixture_repo: Layout) -> None:
    from .hostile import errors

    replace(
        fixture_repo,
        DESCRIPTOR,
        "        x: city\n        y: delegates\n",
        "        x: city\n        y: delegates\n        color: kind\n",
    )
    assert [p for p in errors(fixture_repo) if p.code == "view-id-labels"] == []


def test_a_view_error_reads_in_japanese_too(fixture_repo: Layout) -> None:
    from .hostile import errors

    replace(fixture_repo, DESCRIPTOR, "        x: city\n", "        x: town\n")
    [problem] = [p for p in errors(fixture_repo) if p.code == "view-invalid"]
    assert "`x` names 'town', which is not a field of this resource" in problem.message("en")
    assert "`x` の 'town' はこのリソースの列ではありません。グラフ（views）の書き方は" in problem.message("ja")
    assert "which is not" not in problem.message("ja")


def test_a_check_on_an_unknown_field_lists_the_fields_in_both_languages(fixture_repo: Layout) -> None:
    from .hostile import errors

    replace(
        fixture_repo,
        DESCRIPTOR,
        "        field: joined\n        expected: 2071\n",
        "        field: joind\n        expected: 2071\n",
    )
    [problem] = [p for p in errors(fixture_repo) if p.code == "check-config"]
    assert "`field` names 'joind', which is not a field of the schema" in problem.message("en")
    ja = problem.message("ja")
    assert "`field` の 'joind' はスキーマの列ではありません（association-members の数値の列: fiscal_year, joined" in ja
    assert "which is not" not in ja


def test_a_topic_page_with_a_direction_override_is_refused(tmp_path: Path) -> None:
    from sitegen.validate.validation import validate_all

    from .conftest import make_fixture_repo

    layout = make_fixture_repo(tmp_path / "repo")
    (layout.datapackage / "topics").mkdir()
    spoofed = TOPIC.replace("title_en: International exchange", "title_en: International \u202eexchange")
    (layout.datapackage / "topics" / "exchange.yaml").write_text(spoofed, encoding="utf-8")
    [problem] = [p for p in validate_all(layout.root).problems if p.code == "char-bidi"]
    assert problem.location() == "datapackage/topics/exchange.yaml:-:title_en"
    assert "U+202E" in problem.message("en") and "U+202E" in problem.message("ja")


def test_an_unreadable_number_is_one_error_not_also_a_wrong_total(fixture_repo: Layout) -> None:
    from .hostile import MEMBERS, errors

    replace(fixture_repo, MEMBERS, "2012,平成24年度,412,", "2012,平成24年度,1e309,")
    [problem] = errors(fixture_repo)
    assert problem.location() == f"{MEMBERS}:2:joined" and problem.code == "cell-not-finite"
