"""Real pages in real Chromium (Debian's, driven by Playwright): charts, language, downloads."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import CHROMIUM_ARGS, SKELETON_PACKAGE, chromium_path  # noqa: F401 - shared with other browser tests

pytestmark = pytest.mark.browser

DATASET = f"datasets/{SKELETON_PACKAGE}/dispatch-act-staff/"


def test_chart_draws_in_both_languages(page: Page, site_server: str) -> None:
    for url, label in [
        (site_server + DATASET, "年度末現在派遣中の職員数"),
        (site_server + "en/" + DATASET, "On dispatch at year end"),
    ]:
        page.goto(url)
        view = page.locator(".odp-chart__view").first
        view.scroll_into_view_if_needed()
        expect(view).to_have_attribute("data-state", "drawn", timeout=15_000)
        expect(view.locator("svg.marks")).to_be_visible()
        expect(view.locator("svg.marks")).to_contain_text(label)
        expect(page.locator(".odp-chart__static").first).to_be_hidden()


def test_language_switch_keeps_the_page(page: Page, site_server: str) -> None:
    page.goto(site_server + DATASET)
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').first.click()
    expect(page).to_have_url(site_server + "en/" + DATASET)
    expect(page.locator("h1")).to_have_text("Dispatched staff by fiscal year")
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="ja"]').first.click()
    expect(page).to_have_url(site_server + DATASET)
    expect(page.locator("h1")).to_have_text("派遣職員数の推移")


def test_language_switch_after_instant_navigation(page: Page, site_server: str) -> None:
    page.goto(site_server + "datasets/")
    page.locator(f'.odp-card a[href$="{DATASET.removeprefix("datasets/")}"]').first.click()
    expect(page).to_have_url(site_server + DATASET)
    view = page.locator(".odp-chart__view").first
    view.scroll_into_view_if_needed()
    expect(view).to_have_attribute("data-state", "drawn", timeout=15_000)  # chart survives instant navigation
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').first.click()
    expect(page).to_have_url(site_server + "en/" + DATASET)


def test_csv_download(page: Page, site_server: str) -> None:
    page.goto(site_server + "en/" + DATASET)
    link = page.locator(".odp-downloads a", has_text="CSV").first
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "dispatch-act-staff.csv"
    content = download.path().read_text(encoding="utf-8")
    assert content.startswith(
        "fiscal_year,era_year_label,dispatched,ended,ended_without_return,year_end,year_end_adjusted\n"
    )
    assert content.count("\n") == 55
