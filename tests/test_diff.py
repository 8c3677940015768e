"""The data diff and the plausibility warnings, against a real git history in tmp_path:
next year's row added, a past value revised, rows deleted, a table removed, a branch
behind main, and a base that cannot be read (no git, an unknown revision)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from sitegen.cli import main
from sitegen.core.gitbase import BaseUnavailable, open_base
from sitegen.core.paths import Layout
from sitegen.review.diff import compute, to_markdown

from .hostile import CITIES, DESCRIPTOR, MEMBERS, replace

NEXT_YEAR = "2025,令和7年度,160,81,22,1302,\n"  # stock-flow holds: 1,223 + 160 − 81


def git(root: Path, *args: str) -> str:
    config = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", "-C", str(root), *config, *args], check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def history(fixture_repo: Layout, monkeypatch: pytest.MonkeyPatch) -> Layout:
    """The repository copy with its data committed on ``main``."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.delenv("SITEGEN_BASE", raising=False)
    git(fixture_repo.root, "init", "-q", "-b", "main")
    git(fixture_repo.root, "add", "datapackage")
    git(fixture_repo.root, "commit", "-q", "-m", "published data")
    return fixture_repo


def _yearly_update(layout: Layout) -> None:
    """Next year's row, plus two slips a reviewer should see: a revised and a lost row."""
    path = layout.root / MEMBERS
    path.write_text(path.read_text(encoding="utf-8") + NEXT_YEAR, encoding="utf-8")
    replace(layout, MEMBERS, "2022,令和4年度,152,", "2022,令和4年度,153,")
    replace(layout, MEMBERS, "2013,平成25年度,158,37,,533,\n", "")


def test_a_yearly_update_as_markdown(history: Layout, capsys, tmp_path: Path) -> None:
    _yearly_update(history)
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    assert main(["--root", str(history.root), "diff", "--base", "main", "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    commit = git(history.root, "rev-parse", "main").strip()
    assert out.startswith(f"## Data changes / データの変更: `main ({commit[:10]})`\n")
    assert "| sample-city-exchange / association-members | changed / 変更あり | 1 | 1 | 1 |" in out.splitlines()
    assert '| 14 | 2025 | 令和7年度 | 160 | 81 | 22 | 1302 | `""` |' in out.splitlines()
    assert "| 11 | fiscal_year=2022 | joined | 152 | 153 |" in out.splitlines()
    assert '| 3 | 2013 | 平成25年度 | 158 | 37 | `""` | 533 | `""` |' in out.splitlines()
    assert summary.read_text(encoding="utf-8") == "# Earlier step\n" + out + "\n"


def test_the_yearly_update_warns_the_reviewer_where_it_matters(history: Layout, capsys) -> None:
    _yearly_update(history)
    # FY2012 takes over the deleted FY2013 row: the totals and the stock-flow hold again
    replace(history, MEMBERS, "2012,平成24年度,412,0,,412,", "2012,平成24年度,570,37,,533,")
    main(["--root", str(history.root), "validate", "--github"])
    out = capsys.readouterr().out
    # the table's own warnings (a caption left at the old last year is the descriptor's)
    warnings = [line for line in out.splitlines() if line.startswith(f"::warning file={MEMBERS},")]
    assert [w.split("::")[1] for w in warnings] == [
        f"warning file={MEMBERS},title=rows-deleted",
        f"warning file={MEMBERS},line=2,title=value-revised (joined)",
        f"warning file={MEMBERS},line=2,title=value-revised (left)",
        f"warning file={MEMBERS},line=2,title=value-revised (year_end)",
        f"warning file={MEMBERS},line=11,title=value-revised (joined)",
    ]
    assert "1 row(s) present on main (" in warnings[0] and "were deleted: fiscal_year=2013." in warnings[0]
    assert "a past value was revised: joined for fiscal_year=2022 was 152 on main (" in warnings[4]


#: The codes of the comparison with the base branch (plausibility and the version bump).
REVIEW_CODES = {"value-revised", "rows-deleted", "resource-removed", "version-not-bumped", "version-bump-wrong"}
REVIEW_CODES |= {"version-bump-larger", "changes-kind"}


def _released(layout: Layout, version: str, summary: str, summary_en: str, kind: str = "new-data") -> None:
    """The package's ``version`` raised to ``version``, with its entry at the top of ``changes:``."""
    replace(layout, DESCRIPTOR, "\nversion: 1.0.0\n", f"\nversion: {version}\n")
    entry = f"  - version: {version}\n    date: 2026-07-01\n    kind: {kind}\n"
    entry += f"    summary: {summary}\n    summary_en: {summary_en}\n"
    replace(layout, DESCRIPTOR, "\nchanges:\n", "\nchanges:\n" + entry)


def _annotated(layout: Layout, capsys) -> list[str]:
    """The codes of the problems ``make validate`` annotates on the pull request."""
    main(["--root", str(layout.root), "validate", "--github"])
    return re.findall(r"^::(?:error|warning) [^:]*title=([a-z0-9-]+)", capsys.readouterr().out, flags=re.MULTILINE)


def test_adding_next_years_row_alone_warns_nothing(history: Layout, capsys) -> None:
    path = history.root / MEMBERS
    path.write_text(path.read_text(encoding="utf-8") + NEXT_YEAR, encoding="utf-8")
    replace(history, DESCRIPTOR, "expected: 2071", "expected: 2231")
    replace(history, DESCRIPTOR, "expected: 792", "expected: 873")
    replace(history, DESCRIPTOR, "expected: 192\n", "expected: 214\n")
    assert "version-not-bumped" in _annotated(history, capsys)  # a new row needs a new version
    _released(history, "1.1.0", "令和7年度の会員数を追加しました。", "Added the members of FY2025.")
    assert REVIEW_CODES.isdisjoint(_annotated(history, capsys))
    diff = compute(history.root, open_base(history.root, "main"))
    assert [(d.table.name, len(d.added), len(d.removed), len(d.changed)) for d in diff.tables] == [
        ("association-members", 1, 0, 0)
    ]
    assert diff.descriptors == [DESCRIPTOR]


def test_a_removed_table_is_a_warning_and_a_diff(history: Layout, capsys) -> None:
    (history.root / CITIES).unlink()
    descriptor = yaml.safe_load((history.root / DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "partner-cities"]
    (history.root / DESCRIPTOR).write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    diff = compute(history.root, open_base(history.root, "main"))
    assert [(d.table.name, d.status, len(d.removed)) for d in diff.tables] == [("partner-cities", "removed", 6)]
    main(["--root", str(history.root), "validate"])
    out = capsys.readouterr().out
    assert f"{CITIES}: warning: resource 'sample-city-exchange/partner-cities' ({CITIES}) present on main (" in out


def test_a_table_without_a_primary_key_is_compared_as_a_set(history: Layout) -> None:
    replace(history, DESCRIPTOR, "      primaryKey: [city]\n", "")
    lines = (history.root / CITIES).read_text(encoding="utf-8").splitlines(keepends=True)
    replace(history, CITIES, next(line for line in lines if line.startswith("cebu,")), "")
    replace(history, CITIES, "高雄市との経済交流ミッション。", "高雄市との経済交流。")
    diff = compute(history.root, open_base(history.root, "main"))
    [cities] = [d for d in diff.tables if d.table.name == "partner-cities"]
    assert (cities.table.key, len(cities.added), len(cities.removed), cities.changed) == ((), 1, 2, [])


def test_a_new_column_shows_in_the_diff_but_is_not_a_revision(history: Layout) -> None:
    path = history.root / CITIES
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(f"{line},x" for line in lines) + "\n", encoding="utf-8")
    diff = compute(history.root, open_base(history.root, "main"))
    [cities] = diff.tables
    columns = ["city", "kind", "since", "delegates", "delegates_qualifier", "summary", "summary_en"]
    assert cities.header == (columns, [*columns, "x"])
    assert f"Columns changed: {', '.join(columns)} → {', '.join(columns)}, x" in to_markdown(diff)
    from sitegen.review.plausibility import review_warnings

    assert review_warnings(diff) == []


def test_a_branch_shows_only_its_own_changes(history: Layout) -> None:
    git(history.root, "checkout", "-q", "-b", "update")
    replace(history, MEMBERS, "2022,令和4年度,152,", "2022,令和4年度,153,")
    git(history.root, "commit", "-q", "-am", "branch change")
    git(history.root, "checkout", "-q", "main")
    replace(history, CITIES, "セブ市との青少年交流。", "セブ市との青少年交流事業。")
    git(history.root, "commit", "-q", "-am", "main moved on")
    git(history.root, "checkout", "-q", "update")
    diff = compute(history.root, open_base(history.root, "main"))
    assert [(d.table.name, [c.key for c in d.changed]) for d in diff.tables] == [
        ("association-members", ["fiscal_year=2022"])
    ]


def test_no_change(history: Layout, capsys) -> None:
    assert main(["--root", str(history.root), "diff"]) == 0  # the default base: origin/main, else main
    assert capsys.readouterr().out.endswith("\n\nNo data changes. / データの変更はありません。\n")


def test_markdown_cannot_be_broken_by_a_cell(history: Layout) -> None:
    replace(history, CITIES, "Online exchange meetings with Porto Alegre.", "Porto Alegre | <script>alert(1)</script>")
    markdown = to_markdown(compute(history.root, open_base(history.root, "main")))
    assert (
        "| Online exchange meetings with Porto Alegre. | Porto Alegre \\| &lt;script&gt;alert(1)&lt;/script&gt; |"
        in markdown
    )


@pytest.mark.parametrize(
    ("rev", "reason"),
    [
        ("no-such-branch", "'no-such-branch' is not a known revision; fetch it (git fetch origin main)"),
        ("--output=/tmp/x", "'--output=/tmp/x' is not a revision"),
    ],
)
def test_an_unreadable_base_is_a_note_not_a_failure(history: Layout, capsys, rev: str, reason: str) -> None:
    with pytest.raises(BaseUnavailable, match="^" + reason.replace("(", r"\(").replace(")", r"\)")):
        open_base(history.root, rev)
    assert main(["--root", str(history.root), "diff", f"--base={rev}"]) == 0
    assert main(["--root", str(history.root), "validate", f"--base={rev}"]) == 0
    out = capsys.readouterr().out
    assert out.count(f"note: not compared with the base branch ({rev}): {reason}") == 2


def test_without_git_the_comparison_is_skipped(history: Layout, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert main(["--root", str(history.root), "validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("note: not compared with the base branch (origin/main): git is not installed.")
    assert out.endswith("OK: 1 packages, 3 resources, 0 errors, 0 warnings\n")
