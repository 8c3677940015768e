"""Dates that mean something: `sitegen status` (`make status`), data/status.json and the
overdue check the dataset pages word, all as of the build's date (SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.cli import main
from sitegen.core.paths import Layout
from sitegen.core.reproducible import source_epoch
from sitegen.model.packages import Package, load_packages
from sitegen.site.status import expected_by, overdue

from .conftest import FIXTURE_PACKAGE, make_fixture_repo
from .test_feeds import changes_entry, with_releases

LOG = [
    changes_entry("1.1.0", "2025-07-01", "new-data", "令和6年度の数値を追加しました。", "Added FY2024."),
    changes_entry("1.0.0", "2024-07-01", "new-data", "最初の版です。", "The first edition."),
]


def epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()))


def fixture(tmp_path: Path, next_edition: str | None, name: str = "repo") -> Layout:
    layout = make_fixture_repo(tmp_path / name)
    schedule = f"next_edition: {next_edition}\n" if next_edition else ""
    with_releases(layout, f"version: 1.1.0\naccrualPeriodicity: annual\n{schedule}", LOG)
    return layout


def package(layout: Layout) -> Package:
    packages, problems = load_packages(layout.root)
    assert problems == []
    [found] = packages
    return found


def status_of(layout: Layout, day: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    source_epoch.cache_clear()
    assert main(["--root", str(layout.root), "status"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("declared", "today", "late"),
    [
        ("2026-06", "2026-06-30", False),  # a month: expected until its last day
        ("2026-06", "2026-07-01", True),
        ("2026-06-15", "2026-06-15", False),
        ("2026-06-15", "2026-06-16", True),
        ("2026", "2026-12-31", False),
        ("2026", "2027-01-01", True),
        (None, "2099-01-01", False),  # no next edition declared: never overdue
    ],
)
def test_overdue_only_once_the_next_edition_is_past(
    tmp_path: Path, declared: str | None, today: str, late: bool
) -> None:
    found = overdue(package(fixture(tmp_path, declared)), dt.date.fromisoformat(today))
    assert found == (declared if late else None)


def test_expected_by_is_the_last_day_of_the_period() -> None:
    assert expected_by("2028-02") == dt.date(2028, 2, 29)
    assert expected_by("2027-06-30") == dt.date(2027, 6, 30)
    assert expected_by("next June") is None


def test_status_marks_a_package_overdue_past_its_next_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = fixture(tmp_path, "2026-06")
    out = status_of(layout, "2026-09-01", monkeypatch, capsys)
    [line] = [line for line in out.splitlines() if line.startswith(FIXTURE_PACKAGE)]
    assert line.split() == [FIXTURE_PACKAGE, "1.1.0", "2025-07-01", "annual", "2026-06", "OVERDUE"]
    assert "as of 2026-09-01: 1 packages, 1 overdue" in out


def test_status_does_not_mark_a_package_still_expected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = fixture(tmp_path, "2026-06")
    out = status_of(layout, "2026-06-30", monkeypatch, capsys)
    [line] = [line for line in out.splitlines() if line.startswith(FIXTURE_PACKAGE)]
    assert "OVERDUE" not in out
    assert line.split() == [FIXTURE_PACKAGE, "1.1.0", "2025-07-01", "annual", "2026-06"]


def test_status_of_a_package_without_a_schedule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    with_releases(layout, "", [])  # before its descriptor has a version and a log
    out = status_of(layout, "2099-01-01", monkeypatch, capsys)
    [line] = [line for line in out.splitlines() if line.startswith(FIXTURE_PACKAGE)]
    assert line.split() == [FIXTURE_PACKAGE, "-", "-", "-", "-"]


def test_status_json_is_on_the_site_and_says_what_make_status_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = fixture(tmp_path, "2026-06")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-09-01"))
    source_epoch.cache_clear()
    assert build_site(layout) == 0
    published = json.loads((layout.site / "data" / "status.json").read_text(encoding="utf-8"))
    assert published["as_of"] == "2026-09-01"
    [item] = published["packages"]
    assert item == {
        "name": FIXTURE_PACKAGE,
        "title": {"ja": package(layout).title("ja"), "en": package(layout).title("en")},
        "version": "1.1.0",
        "last_change": "2025-07-01",
        "accrualPeriodicity": "annual",
        "next_edition": "2026-06",
        "overdue": True,
    }
    capsys.readouterr()
    assert main(["--root", str(layout.root), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == published


@pytest.mark.parametrize(
    ("day", "ja", "en"),
    [
        ("2026-06-30", "2026年6月ごろの見込み", "Expected around June 2026"),
        ("2026-07-01", "まだ更新していません", "overdue"),
    ],
)
def test_the_dataset_page_says_when_the_next_edition_is_due_or_that_it_is_late(
    tmp_path: Path, day: str, ja: str, en: str
) -> None:
    import dataclasses

    from sitegen.site.inputs import gather
    from sitegen.site.pages.dataset import next_update
    from sitegen.validate.validation import validate_all

    layout = make_fixture_repo(tmp_path / "repo")
    validation = validate_all(layout.root)
    site = dataclasses.replace(
        gather(layout, validation), published=dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    )
    resource = validation.packages[0].resources[0]
    assert ja in next_update(site, resource, "ja")
    assert en in next_update(site, resource, "en")
    late = day > "2026-06-30"
    assert ("まだ更新していません" in next_update(site, resource, "ja")) is late
    assert ("overdue" in next_update(site, resource, "en")) is late
