"""Live charts in real Chromium: they draw, show a readout of every series in the
reader's language under the mouse, a tap and the arrow keys, keep their axis labels
apart on a phone, follow Material's dark scheme, take keyboard focus, run under a
Content-Security-Policy without 'unsafe-eval', and log no console error."""

from __future__ import annotations

import base64
import io
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from sitegen.charts.theme import DARK, LIGHT

from .conftest import watched_page

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


#: The series of the dispatch chart, as its legend names them.
SERIES = {
    "ja": ["年度末現在派遣中の職員数", "年度内の派遣職員数", "年度内に派遣を終了した職員数"],
    "en": ["On dispatch at year end", "Dispatched during the year", "Dispatch ended during the year"],
}


def stop_centre(page: Page, index: int) -> tuple[float, float]:
    """The screen point of the readout's ``index``-th x (its rule), halfway down the plot."""
    stop = page.locator(".odp-chart__view svg .odp_readout_marks > *").nth(index)
    stop.scroll_into_view_if_needed()
    box = stop.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def readout_rows(page: Page) -> tuple[str, list[list[str]]]:
    """The readout's heading (the x) and its rows (series, value), once it shows."""
    readout = page.locator(".odp-chart__readout").first
    expect(readout).to_be_visible(timeout=5_000)
    heading = readout.locator(".odp-chart__readout-x").inner_text()
    rows = [[cell.strip() for cell in row.split("\t")] for row in readout.locator("tr").all_inner_texts()]
    return heading, rows


def hover_first_year(page: Page) -> str:
    """Move the mouse onto the first chart's first year; return the readout's text."""
    page.mouse.move(*stop_centre(page, 0))
    readout_rows(page)
    return page.locator(".odp-chart__readout").first.inner_text()


def test_chart_draws_with_a_readout_in_each_language(page: Page, site_server: str) -> None:
    for prefix, words in [("", ["1970年度（昭和45年度）", "140人", *SERIES["ja"]]), ("en/", ["FY1970", "140 people"])]:
        drawn_chart(page, site_server + prefix + TREND)
        expect(page.locator(".odp-chart__static").first).to_be_hidden()
        tip = hover_first_year(page)
        for word in words:
            assert word in tip, (word, tip)
        page.mouse.move(0, 0)  # the mouse leaves the chart: the readout goes
        expect(page.locator(".odp-chart__readout").first).to_be_hidden()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 390 px touch phone that fails the test on any console error."""
    yield from watched_page(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)


@pytest.mark.parametrize(
    ("prefix", "lang", "heading", "value"),
    [
        ("", "ja", "2001年度（平成13年度）", "570人"),
        ("en/", "en", "FY2001", "570 people"),
    ],
)
def test_a_tap_lists_every_series_at_that_year(
    phone: Page, site_server: str, prefix: str, lang: str, heading: str, value: str
) -> None:
    drawn_chart(phone, site_server + prefix + TREND)
    readout = phone.locator(".odp-chart__readout").first
    assert readout.count() == 0 or not readout.is_visible()  # nothing shows before the tap
    legend = phone.locator(".odp-chart__view svg .role-legend-label text").all_text_contents()
    assert legend == SERIES[lang]
    phone.touchscreen.tap(*stop_centre(phone, 2001 - 1970))
    shown, rows = readout_rows(phone)
    assert shown == heading
    assert [name for name, _ in rows] == legend  # every series, in the legend's order
    assert rows[0][1] == value and all(re.search(r"\d", v) for _, v in rows)
    live = phone.locator(".odp-chart__live[aria-live=polite]").first
    expect(live).to_contain_text(heading)
    for name, number in rows:
        expect(live).to_contain_text(name)
        expect(live).to_contain_text(number)
    phone.touchscreen.tap(10, 10)  # a tap elsewhere closes it
    expect(readout).to_be_hidden()


def test_the_arrow_keys_move_the_readout_and_escape_closes_it(page: Page, site_server: str) -> None:
    drawn_chart(page, site_server + TREND)
    view = page.locator(".odp-chart__view").first
    page.locator("h1").first.click()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('odp-chart__view')"):
            break
    expect(view).to_be_focused()
    hint = page.locator("#" + (view.get_attribute("aria-describedby") or "none"))
    expect(hint).to_contain_text("矢印キー")
    live = page.locator(".odp-chart__live[aria-live=polite]").first
    page.keyboard.press("ArrowRight")
    heading, rows = readout_rows(page)
    assert heading == "1970年度（昭和45年度）"
    assert [name for name, _ in rows] == SERIES["ja"] and rows[0][1] == "140人"
    expect(live).to_have_text("1970年度（昭和45年度）：" + "、".join(f"{name}：{v}" for name, v in rows))
    rule = page.locator(".odp-chart__view svg .odp_readout_marks > *")
    expect(rule.nth(0)).to_have_attribute("opacity", "1")  # the rule shows where the readout is
    expect(rule.nth(1)).to_have_attribute("opacity", "0")
    page.keyboard.press("ArrowRight")
    assert readout_rows(page)[0] == "1971年度（昭和46年度）"
    expect(rule.nth(1)).to_have_attribute("opacity", "1")
    page.keyboard.press("End")
    heading, rows = readout_rows(page)
    assert heading == "2023年度（令和5年度）" and rows[0][1] == "342人"
    expect(live).to_contain_text("2023年度（令和5年度）")
    page.keyboard.press("Escape")
    expect(page.locator(".odp-chart__readout").first).to_be_hidden()
    expect(view).to_be_focused()


def axis_gaps(page: Page) -> list[float]:
    """The px between neighbouring shown labels of the first chart's x axis."""
    labels = page.locator(".odp-chart__view svg .role-axis-label").first.locator("text")
    boxes = [b for b in (labels.nth(i).bounding_box() for i in range(labels.count())) if b]
    shown = sorted(
        (
            b
            for b, o in zip(boxes, labels.evaluate_all("ts => ts.map(t => t.getAttribute('opacity'))"), strict=True)
            if o != "0"
        ),
        key=lambda b: b["x"],
    )
    assert len(shown) >= 2
    return [b["x"] - (a["x"] + a["width"]) for a, b in itertools.pairwise(shown)]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_phone_keeps_the_year_labels_apart(phone: Page, site_server: str, prefix: str) -> None:
    drawn_chart(phone, site_server + prefix + TREND)
    assert min(axis_gaps(phone)) >= 6


def test_a_phone_ran_the_year_labels_together_with_default_ticks(phone: Page, site_server: str) -> None:
    """The check above can fail: Vega's default ticks, as the chart had them, run
    1970年度1980年度… together on a phone."""

    def crowded(route: Route) -> None:
        spec = route.fetch().json()
        for layer in spec["layer"]:
            axis = layer["encoding"].get("x", {}).get("axis") or {}
            axis.pop("tickCount", None)
            axis.pop("labelSeparation", None)
        route.fulfill(body=json.dumps(spec), content_type="application/json")

    phone.route("**/dispatch-trend-*-vl.json", crowded)
    drawn_chart(phone, site_server + TREND)
    assert min(axis_gaps(phone)) < 6


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


def screenshot_colours(page: Page, png: bytes, colours: list[str]) -> tuple[str, list[int]]:
    """The most common colour of a PNG (a chart's background) and how many of its pixels
    are close to each of ``colours`` (a scaled image blends its edges), decoded by
    Chromium on a canvas of ``page``."""
    url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    top, near = page.evaluate(
        """async ([url, colours]) => {
            const image = new Image(); image.src = url; await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
            const targets = colours.map(c => [1, 3, 5].map(i => parseInt(c.slice(i, i + 2), 16)));
            const near = targets.map(() => 0), counts = new Map();
            for (let i = 0; i < data.length; i += 4) {
                const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
                counts.set(rgb, (counts.get(rgb) || 0) + 1);
                targets.forEach((t, j) => {
                    const off = Math.abs(data[i] - t[0]) + Math.abs(data[i + 1] - t[1]) + Math.abs(data[i + 2] - t[2]);
                    if (off < 24) near[j]++;
                });
            }
            const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
            return ["#" + top.toString(16).padStart(6, "0"), near];
        }""",
        [url, colours],
    )
    return top, near


def image_scheme(page: Page, image: Locator) -> str:
    """The scheme a static chart image is drawn in, from its pixels: its background and
    its first series (the light and the dark blue are far apart); ``?`` if neither."""
    light, dark = LIGHT.series[0].lower(), DARK.series[0].lower()
    top, (light_pixels, dark_pixels) = screenshot_colours(page, image.screenshot(), [light, dark])
    if top == LIGHT.background and light_pixels > 50 and dark_pixels == 0:
        return "default"
    if top == DARK.background and dark_pixels > 50 and light_pixels == 0:
        return "slate"
    return f"? {top} {light_pixels} {dark_pixels}"


def wait_for_image_scheme(page: Page, image: Locator, scheme: str) -> None:
    """Poll: the image repaints in the frame after its color-scheme changes."""
    seen = ""
    for _ in range(50):
        seen = image_scheme(page, image)
        if seen == scheme:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the static image is drawn as {seen!r}, not {scheme!r}")


@pytest.mark.parametrize("system", ["light", "dark"])
def test_static_image_follows_the_toggle_not_the_system(browser: Browser, site_server: str, system: str) -> None:
    """Before the live chart draws (it never does here), the one static SVG is drawn in
    the page's scheme: its dark style answers the image's color-scheme, which follows
    Material's toggle even when the system says the opposite."""
    first, toggled = ("default", "slate") if system == "light" else ("slate", "default")
    for page in watched_page(browser, viewport={"width": 1280, "height": 900}, color_scheme=system):
        # The live chart never comes: an empty bundle (a failed request would log an error).
        page.route("**/vendor/vega-bundle.js", lambda route: route.fulfill(content_type="text/javascript", body=";"))
        page.goto(site_server + "en/" + TREND)
        image = page.locator(".odp-chart__static").first
        expect(image).to_be_visible()
        expect(page.locator(".odp-chart img")).to_have_count(page.locator(".odp-chart").count())  # one image each
        assert (image.get_attribute("alt") or "").startswith("Chart: Dispatched staff")
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", first)
        wait_for_image_scheme(page, image, first)
        toggle = page.locator('form[data-md-component="palette"] label:visible').first
        toggle.click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", toggled)
        wait_for_image_scheme(page, image, toggled)  # against the system's setting
        toggle = page.locator('form[data-md-component="palette"] label:visible').first
        toggle.click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", first)
        wait_for_image_scheme(page, image, first)
        expect(image).to_be_visible()
        # The check can fail: the image forced into the other scheme is seen as such.
        other = "dark" if first == "default" else "light"
        image.evaluate("(img, scheme) => { img.style.colorScheme = scheme; }", other)
        wait_for_image_scheme(page, image, toggled)
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
    assert "FY1970" in hover_first_year(page)
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


def test_optimised_pngs_keep_the_theme_colours_in_a_fraction_of_the_bytes(page: Page, tmp_path: Path) -> None:
    """A chart's PNG is reduced to a palette and recompressed: Chromium decodes it to the
    same picture (every pixel in a theme colour keeps it exactly; anti-aliased shades move
    a little), in well under half of vl-convert's bytes."""
    import vl_convert as vlc

    from sitegen.charts import render
    from sitegen.charts.fonts import register
    from sitegen.charts.theme import LIGHT, palette_colours
    from sitegen.charts.worker import optimised_png

    register(vlc)
    values = [{"x": i, "y": (i * 37) % 101, "s": "abc"[i % 3]} for i in range(600)]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": values},
        "mark": {"type": "line", "strokeDash": [4, 2]},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
            "color": {"field": "s", "scale": {"range": list(LIGHT.series[:3])}},
        },
        "config": {"background": LIGHT.background, "axis": {"labelColor": LIGHT.text, "gridColor": LIGHT.grid}},
        "width": 500,
        "height": 250,
    }
    svg = render.render_svg(spec, tmp_path)
    plain = bytes(vlc.svg_to_png(svg.decode("utf-8"), scale=1.0))
    optimised = optimised_png(plain, palette_colours(LIGHT))
    assert render.render_png(svg, tmp_path) == optimised  # what the build publishes
    assert optimised.startswith(b"\x89PNG\r\n\x1a\n") and len(optimised) < 0.5 * len(plain)

    def pixels(png: bytes) -> list[int]:
        url = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        return page.evaluate(
            """async (url) => {
                const image = new Image(); image.src = url; await image.decode();
                const canvas = document.createElement("canvas");
                canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
                const context = canvas.getContext("2d");
                context.drawImage(image, 0, 0);
                return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data);
            }""",
            url,
        )

    page.set_content("<!doctype html><title>png</title>")
    before, after = pixels(plain), pixels(optimised)
    assert len(before) == len(after) > 4 * 500 * 250
    theme = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in palette_colours(LIGHT)}
    exact = moved = 0
    for i in range(0, len(before), 4):
        a, b = tuple(before[i : i + 3]), tuple(after[i : i + 3])
        if a in theme:
            assert b == a, (i // 4, a, b)
            exact += 1
        moved = max(moved, *(abs(x - y) for x, y in zip(a, b, strict=True)))
    assert exact > 0.5 * len(before) / 4 and 0 < moved <= 64
    # an image of 256 colours or fewer keeps every pixel: its palette holds them all
    from PIL import Image

    flat = Image.new("RGB", (64, 32), LIGHT.background)
    flat.paste(Image.new("RGB", (20, 32), LIGHT.series[0]), (10, 0))
    flat.paste(Image.new("RGB", (20, 32), LIGHT.text), (40, 0))
    buffer = io.BytesIO()
    flat.save(buffer, format="PNG")
    assert pixels(optimised_png(buffer.getvalue())) == pixels(buffer.getvalue())
