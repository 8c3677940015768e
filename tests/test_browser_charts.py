"""Live charts in real Chromium: they draw, show tooltips in the reader's language,
follow Material's dark scheme, take keyboard focus, run under a Content-Security-Policy
without 'unsafe-eval', and log no console error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser

TREND = "datasets/nps-international-cooperation/dispatch-act-staff/"
FIGURES = "datasets/isa-recruit-guide-2025/headline-figures/"
#: What a strict site would send: scripts from the site only, no eval of any kind.
CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"


def drawn_chart(page: Page, url: str) -> None:
    page.goto(url)
    view = page.locator(".odp-chart__view").first
    view.scroll_into_view_if_needed()
    expect(view).to_have_attribute("data-state", "drawn", timeout=20_000)
    expect(view.locator("svg.marks")).to_be_visible()


def hover_first_point(page: Page) -> str:
    """Hover a data point of the first chart; return the tooltip's text."""
    point = page.locator(".odp-chart__view svg .mark-symbol path").first
    point.scroll_into_view_if_needed()  # a long lead can push the chart's first point below the fold
    box = point.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator("#vg-tooltip-element.visible")
    expect(tooltip).to_be_visible(timeout=5_000)
    return tooltip.inner_text()


def test_chart_draws_with_a_tooltip_in_each_language(page: Page, site_server: str) -> None:
    for prefix, words in [("", ["1970年度", "140人", "年度末現在派遣中の職員数"]), ("en/", ["FY1970", "140 people"])]:
        drawn_chart(page, site_server + prefix + TREND)
        expect(page.locator(".odp-chart__static").first).to_be_hidden()
        tip = hover_first_point(page)
        for word in words:
            assert word in tip, (word, tip)
        page.mouse.move(0, 0)


def test_key_figures_draw(page: Page, site_server: str) -> None:
    drawn_chart(page, site_server + "en/" + FIGURES)
    expect(page.locator(".odp-chart__view svg.marks")).to_contain_text("about 40.34 million people")


def test_dark_scheme_switches_the_chart(page: Page, site_server: str) -> None:
    drawn_chart(page, site_server + TREND)
    view = page.locator(".odp-chart__view").first
    expect(view.locator("svg.marks")).to_have_attribute("style", re.compile(r"rgb\(255, 255, 255\)"))
    page.locator('form[data-md-component="palette"] label:visible').first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(view).to_have_attribute("data-scheme", "slate", timeout=10_000)
    expect(view.locator("svg.marks")).to_have_attribute("style", re.compile(r"rgb\(30, 33, 41\)"))  # #1e2129
    expect(view.locator("svg.marks text").first).to_have_attribute("fill", re.compile("#(e8e9ed|c9cbd1|a0a3ab)"))
    page.locator('form[data-md-component="palette"] label:visible').first.click()
    expect(view).to_have_attribute("data-scheme", "default", timeout=10_000)


def test_static_image_follows_the_scheme_before_the_chart_is_drawn(page: Page, site_server: str) -> None:
    # The live chart never comes: an empty bundle (a failed request would log an error).
    page.route("**/vendor/vega-bundle.js", lambda route: route.fulfill(content_type="text/javascript", body=";"))
    page.goto(site_server + "en/" + TREND)
    expect(page.locator(".odp-chart__static").first).to_be_visible()
    expect(page.locator(".odp-chart__dark-static").first).to_be_hidden()
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    expect(page.locator(".odp-chart__static").first).to_be_hidden()
    expect(page.locator(".odp-chart__dark-static").first).to_be_visible()
    alt = page.locator(".odp-chart__dark-static").first.get_attribute("alt") or ""
    assert alt.startswith("Chart: Dispatched staff")
    page.unroute("**/vendor/vega-bundle.js")


def test_chart_takes_keyboard_focus(page: Page, site_server: str) -> None:
    drawn_chart(page, site_server + TREND)
    view = page.locator(".odp-chart__view").first
    page.locator("h1").first.click()  # start tabbing from the top of the content
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('odp-chart__view')"):
            break
    expect(view).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert (view.get_attribute("aria-label") or "").startswith("グラフ: 派遣職員数の推移")


def test_chart_draws_under_a_strict_content_security_policy(page: Page, site_server: str) -> None:
    def with_csp(route: Route) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": CSP}
        route.fulfill(response=response, headers=headers)

    page.route("**/*", with_csp)
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    drawn_chart(page, site_server + "en/" + TREND)
    assert "FY1970" in hover_first_point(page)
    assert violations == []


def test_only_chart_pages_load_the_chart_libraries(page: Page, site_server: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_server + "datasets/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "vega" in u]
    drawn_chart(page, site_server + TREND)
    assert [u for u in requested if u.endswith("vendor/vega-bundle.js")]
    assert [u for u in requested if u.endswith("vendor/vega-interpreter.js")]
