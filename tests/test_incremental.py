"""Rebuilds: one validation and one generation per build, and results reused by content.

Each test runs real builds of a small real site. To prove that a step is *not* redone,
the slow library behind it is replaced by one that fails: a rebuild that still
succeeds, byte for byte the same, did not need it.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from sitegen import build
from sitegen.build import build_site
from sitegen.charts import render, spec
from sitegen.core.paths import Layout
from sitegen.format import exports
from sitegen.site.pipeline import generate
from sitegen.validate import machine_readability as mr
from sitegen.validate import validation
from sitegen.validate.validation import validate_all

from .conftest import SKELETON_PACKAGE, make_repo

STAFF_CSV = f"datapackage/{SKELETON_PACKAGE}/dispatch-act-staff.csv"


def digest(root: Path) -> dict[str, str]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def refuse(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{name} was called, but its result is in the cache")

    monkeypatch.setattr(owner, name, fail)


def counting(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(owner, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Layout:
    return make_repo(tmp_path / "repo", [SKELETON_PACKAGE])


def test_a_build_validates_once_and_generates_once(small: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    validations = counting(monkeypatch, build, "validate_all")
    generations = counting(monkeypatch, build, "generate")
    assert build_site(small, small.root / "out") == 0
    # Control runs one way: MkDocs builds each language, but never calls back into
    # the generator (there is no hook), so nothing is validated or generated twice.
    assert (len(validations), len(generations)) == (1, 1)
    assert "\nhooks:" not in (small.root / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_rebuild_with_nothing_changed_reuses_every_slow_result(
    small: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_site(small, small.root / "first") == 0
    refuse(monkeypatch, spec, "build_chart")  # Altair
    refuse(monkeypatch, exports, "xlsx_bytes")  # openpyxl
    refuse(monkeypatch, exports, "zip_bytes")  # every table compressed again
    refuse(monkeypatch, validation, "validate_resource")  # frictionless, row by row
    refuse(monkeypatch, render, "borrowed_worker")  # vl-convert
    refuse(monkeypatch, mr, "check_file")  # every download read back (openpyxl again)
    assert build_site(small, small.root / "second") == 0
    first, second = digest(small.root / "first"), digest(small.root / "second")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_an_edited_table_is_validated_and_charted_afresh(small: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build_site(small, small.root / "out") == 0
    page = small.root / "out" / "en" / "datasets" / SKELETON_PACKAGE / "dispatch-act-staff" / "index.html"
    assert ">159<" in page.read_text(encoding="utf-8")
    csv_path = small.root / STAFF_CSV
    # A correction that keeps every declared check true (column totals, stock and flow):
    # FY1970's dispatched and ended both +1, FY1971's both -1.
    text = csv_path.read_text(encoding="utf-8")
    text = text.replace("1970,昭和45年度,159,19,", "1970,昭和45年度,160,20,")
    text = text.replace("1971,昭和46年度,195,81,", "1971,昭和46年度,194,80,")
    csv_path.write_text(text, encoding="utf-8")
    package_tables = len(validate_all(small.root).packages[0].resources)
    validated = counting(monkeypatch, validation, "validate_resource")
    charted = counting(monkeypatch, spec, "build_chart")
    assert build_site(small, small.root / "out") == 0
    html = page.read_text(encoding="utf-8")
    assert ">160<" in html and ">159<" not in html
    assert len(validated) == package_tables  # the edited table's package, every table of it
    assert len(charted) >= 2  # its charts, in both languages


def test_a_table_with_a_problem_is_never_remembered(small: Layout) -> None:
    csv_path = small.root / STAFF_CSV
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",159,", ",x,"), encoding="utf-8")
    for _ in range(2):  # the second run must report it again, from a real validation
        problems = validate_all(small.root, small.cache).problems
        assert any(p.path == STAFF_CSV and p.severity == "error" for p in problems)
    assert validate_all(small.root, small.cache).ok is False


def test_pages_made_on_one_thread_or_several_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trees = []
    for jobs in ("1", "4"):
        layout = make_repo(tmp_path / f"jobs-{jobs}", [SKELETON_PACKAGE])
        monkeypatch.setenv("SITEGEN_JOBS", jobs)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        generate(layout, validate_all(layout.root), "https://example.org/")
        trees.append(digest(layout.docs))
    assert trees[0] == trees[1]


def test_the_render_memo_is_bounded_in_bytes() -> None:
    memo = render._Memo(limit=100)
    memo.put("a", b"x" * 60)
    memo.put("b", b"y" * 30)
    assert memo.get("a") and memo.get("b")
    memo.put("c", b"z" * 30)  # over the limit: the oldest goes
    assert memo.get("a") is None and memo.get("b") == b"y" * 30 and memo.size == 60
    memo.put("huge", b"h" * 101)  # bigger than the whole memo: never kept
    assert memo.get("huge") is None


def test_cache_entries_no_build_uses_any_more_are_removed(small: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    orphan = small.cache / "specs" / "00" / ("0" * 64)
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"{}")
    assert build_site(small, small.root / "out") == 0
    assert not orphan.exists()
    kept = sorted(p for p in small.cache.rglob("*") if p.is_file())
    assert kept  # what the build used stays, for the next one
    refuse(monkeypatch, spec, "build_chart")
    assert build_site(small, small.root / "out") == 0
    assert sorted(p for p in small.cache.rglob("*") if p.is_file()) == kept


def test_a_language_switched_off_is_not_generated(small: Layout) -> None:
    from benchmarks.bench import single_language_config

    small.mkdocs_yml.write_text(single_language_config(small.mkdocs_yml.read_text(encoding="utf-8")), encoding="utf-8")
    assert build_site(small, small.root / "out") == 0
    generated = [p.relative_to(small.docs).as_posix() for p in small.docs.rglob("*") if p.is_file()]
    assert any(name.endswith("-ja.svg") for name in generated)
    hand_written = {p.name for p in (small.site_src / "pages").iterdir()}
    assert [name for name in generated if name.endswith(".en.md") and name not in hand_written] == []
    assert [name for name in generated if "-en." in name or name.endswith("-en-vl.json")] == []
    assert (small.root / "out" / "datasets" / SKELETON_PACKAGE / "dispatch-act-staff" / "index.html").is_file()
    assert not (small.root / "out" / "en").exists()


def test_a_build_cache_that_comes_with_a_commit_stops_the_build(small: Layout) -> None:
    import subprocess

    forged = small.cache / "validation" / "ab" / ("ab" * 32)
    forged.parent.mkdir(parents=True)
    forged.write_text("[]", encoding="utf-8")
    git = ["git", "-C", str(small.root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", "build"], check=True)
    subprocess.run([*git, "commit", "-qm", "a cache"], check=True)
    stream = io.StringIO()
    assert build_site(small, small.root / "out", stream=stream) == 1
    assert "are committed to git" in stream.getvalue() and "git rm -r --cached build" in stream.getvalue()
    assert not (small.root / "out").exists()


def test_the_rows_are_let_go_before_mkdocs_assembles_the_pages(small: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table's typed rows are written out by the time MkDocs runs; holding them while
    MkDocs holds every page made the largest build's peak memory."""
    seen: list[validation.Validation] = []
    original_validate, original_assemble = build.validate_all, build.assembler.assemble
    rows_when_assembling: list[int] = []

    def validate(*args: object, **kwargs: object) -> validation.Validation:
        seen.append(original_validate(*args, **kwargs))  # type: ignore[arg-type]
        return seen[-1]

    def assemble(*args: object, **kwargs: object) -> None:
        rows_when_assembling.append(sum(len(r.rows) for r in seen[0].results.values()))
        original_assemble(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "validate_all", validate)
    monkeypatch.setattr(build.assembler, "assemble", assemble)
    assert build_site(small, small.root / "out") == 0
    assert rows_when_assembling == [0]
    # the check can fail: the validation held rows before
    assert validate_all(small.root, small.cache).release_rows() > 0
