"""The size budget (issue: a thousand datasets): a site over GitHub Pages' 1 GB stops
the build before site/ changes, with a message that says how big and what makes it so;
over 800 MB, or with a file over GitHub's 50 MB warning, it builds and warns."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.site import budget

from .conftest import make_fixture_repo

MB = budget.MB


def test_a_site_over_the_limit_is_an_error_naming_its_largest_kinds() -> None:
    size = budget.measure([("charts/a/b.png", 900 * MB), ("data/a/b.csv", 150 * MB), ("index.html", MB)], 50 * MB)
    verdict = budget.judge(size)
    assert "1,051.0 MB" in verdict.error and "1,000.0 MB" in verdict.error
    assert "PNG images 900.0 MB" in verdict.error and "CSV downloads 150.0 MB" in verdict.error
    assert "GitHub Pages の上限" in verdict.error_ja
    assert next(iter(size.shares())) == "PNG images"


def test_near_the_limit_or_with_a_large_file_it_warns() -> None:
    near = budget.judge(budget.measure([(f"charts/{i}.svg", 42 * MB) for i in range(20)], 50 * MB))
    assert not near.error and len(near.warnings) == 1 and "840.0 MB" in near.warnings[0][0]
    big = budget.judge(budget.measure([("charts/x.png", 60 * MB), ("index.html", MB)], 50 * MB))
    assert not big.error and [w for w, _ in big.warnings] == [
        "charts/x.png is 60.0 MB, over GitHub's 50.0 MB file-size warning"
    ]


def test_a_small_site_gets_neither() -> None:
    assert budget.judge(budget.measure([("index.html", 10 * MB), ("data/x.csv", 49 * MB)], 50 * MB)) == budget.Verdict()


def test_the_build_stops_over_the_budget_and_leaves_the_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    monkeypatch.setattr(budget, "SITE_LIMIT", 1 * MB)  # the fixture's site is a few MB
    out = io.StringIO()
    assert build_site(layout, stream=out) == 1
    text = out.getvalue()
    assert "Build stopped: the site would be" in text and "was not changed" in text, text[-500:]
    assert not layout.site.exists()
    monkeypatch.setattr(budget, "SITE_LIMIT", 1_000 * MB)
    monkeypatch.setattr(budget, "SITE_WARNING", 1 * MB)
    out = io.StringIO()
    assert build_site(layout, stream=out) == 0
    assert "Warning: the site is" in out.getvalue()
    assert (layout.site / "index.html").is_file()
