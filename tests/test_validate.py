"""`make validate` on real packages, and on broken copies: located, actionable errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sitegen.cli import main
from sitegen.paths import ROOT, Layout
from sitegen.validate import validate_all

from .conftest import SKELETON_PACKAGE, make_repo

CSV = f"datapackage/{SKELETON_PACKAGE}/dispatch-act-staff.csv"
DESCRIPTOR = f"datapackage/{SKELETON_PACKAGE}/datapackage.yaml"


def _validate(layout: Layout, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(layout.root), "validate"])
    return code, capsys.readouterr().out


def _edit_csv(layout: Layout, old: str, new: str) -> None:
    path = layout.root / CSV
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_package_in_the_repository_is_valid() -> None:
    validation = validate_all(ROOT)
    assert [p.render() for p in validation.problems if p.severity == "error"] == []
    assert validation.packages, "no data packages found"
    assert all(p.resources for p in validation.packages)


def test_skeleton_package_passes(repo: Layout, capsys) -> None:
    code, out = _validate(repo, capsys)
    assert code == 0
    assert re.search(r"OK: 1 packages, \d+ resources, 0 errors", out)


def test_type_error_names_file_row_and_field(repo: Layout, capsys) -> None:
    _edit_csv(repo, "1975,昭和50年度,147,", "1975,昭和50年度,1,47,")  # a thousands separator split the cell
    code, out = _validate(repo, capsys)
    assert code == 1
    assert f"{CSV}:7" in out  # header is row 1, FY1970 row 2, FY1975 row 7
    assert "FAILED" in out


def test_non_numeric_cell(repo: Layout, capsys) -> None:
    _edit_csv(repo, "1975,昭和50年度,147,", "1975,昭和50年度,147人,")
    code, out = _validate(repo, capsys)
    assert code == 1
    assert f"{CSV}:7:dispatched: error:" in out
    assert "列「dispatched」の値「147人」が型に合いません" in out


def test_broken_total_is_reported_with_both_figures(repo: Layout, capsys) -> None:
    _edit_csv(repo, "1975,昭和50年度,147,129,,251,", "1975,昭和50年度,148,129,,252,")
    code, out = _validate(repo, capsys)
    assert code == 1
    assert f"{CSV}:-:dispatched: error: the column sums to 8,858, but the document's total is 8,857" in out
    # the year-end was raised with it, so the stock-flow identity fails on the next year only
    assert f"{CSV}:8:year_end: error:" in out


def test_github_annotations(repo: Layout, capsys) -> None:
    _edit_csv(repo, "1975,昭和50年度,147,", "1975,昭和50年度,x,")
    code = main(["--root", str(repo.root), "validate", "--github"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"::error file={CSV},line=7,title=frictionless (dispatched)::" in out


def test_unsafe_resource_paths_are_refused(tmp_path: Path, capsys) -> None:
    for bad in ["https://example.org/x.csv", "/etc/passwd", "../../outside.csv"]:
        layout = make_repo(tmp_path / f"r{abs(hash(bad))}", [SKELETON_PACKAGE])
        path = layout.root / DESCRIPTOR
        descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
        descriptor["resources"][0]["path"] = bad
        path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
        code, out = _validate(layout, capsys)
        assert code == 1, bad
        assert f"{DESCRIPTOR}:-:path: error: resource path {bad!r} is refused" in out


def test_invalid_yaml_is_located(repo: Layout, capsys) -> None:
    path = repo.root / DESCRIPTOR
    path.write_text(path.read_text(encoding="utf-8").replace("resources:", "resources: [", 1), encoding="utf-8")
    code, out = _validate(repo, capsys)
    assert code == 1
    assert f"{DESCRIPTOR}: error: cannot read the descriptor: line" in out
    assert "Traceback" not in out


def test_missing_english_title_is_a_metadata_error(repo: Layout, capsys) -> None:
    path = repo.root / DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("          title_en: Dispatched during the year\n", "", 1), encoding="utf-8")
    code, out = _validate(repo, capsys)
    assert code == 1
    assert "field dispatched: `title_en` is missing" in out


def test_unknown_check_type(repo: Layout, capsys) -> None:
    path = repo.root / DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- type: stock-flow", "- type: stock-flo", 1), encoding="utf-8")
    code, out = _validate(repo, capsys)
    assert code == 1
    assert "unknown check type 'stock-flo'" in out
