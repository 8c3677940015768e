"""The real site's topic pages, built by MkDocs and drawn by Chromium: the topics index
in both languages, each chart's data link landing on a table of its numbers, a measure
axis from zero, and dark-mode charts whose text and marks keep their contrast.

Every check is a function that is also shown failing on a case it must reject.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from sitegen.charts import spec as vega
from sitegen.charts.render import render_svg
from sitegen.charts.theme import DARK, LIGHT, Palette, contrast_ratio, vega_config
from sitegen.core.paths import ROOT
from sitegen.model.topics import Topic, load_topics

from .test_charts import dark_rendering

LANGS = (("ja", ""), ("en", "en/"))


def real_topics() -> list[Topic]:
    topics, problems = load_topics(ROOT)
    assert topics and not problems
    return topics


def plain(fragment: str) -> str:
    """The text of an HTML fragment, its whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# The index -----------------------------------------------------------------------------


def listed_topics(page: str) -> list[tuple[str, str, str]]:
    """(link, title, description) of each topic an index page lists."""
    items = re.findall(
        r'<li class="odp-topic"><h2[^>]*><a href="([^"]+)">(.*?)</a></h2>\s*<p>(.*?)</p></li>', page, flags=re.S
    )
    return [(href, plain(title), plain(description)) for href, title, description in items]


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_the_topics_index_lists_every_topic_with_its_description(built_site: Path, lang: str, prefix: str) -> None:
    index = built_site / prefix / "topics" / "index.html"
    page = index.read_text(encoding="utf-8")
    listed = listed_topics(page)
    expected = [
        (t.title(lang), " ".join(str(t.descriptor[f"description{'' if lang == 'ja' else '_en'}"]).split()))
        for t in real_topics()
    ]
    assert [(title, description) for _, title, description in listed] == expected
    for href, _, _ in listed:
        assert (index.parent / href / "index.html").resolve().is_file(), href
    # the same reading of a page that lists no topic finds none
    assert listed_topics((built_site / prefix / "datasets" / "index.html").read_text(encoding="utf-8")) == []


def breadcrumbs(page: str) -> list[tuple[str, str]]:
    """(link, label) of each step of Material's breadcrumb trail (``navigation.path``)."""
    trail = page.split('<nav class="md-path"', 1)[1].split("</nav>", 1)[0]
    return [(href, plain(label)) for href, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', trail, re.S)]


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_the_breadcrumb_and_the_navigation_lead_to_the_index(built_site: Path, lang: str, prefix: str) -> None:
    index = (built_site / prefix / "topics" / "index.html").resolve()
    label = {"ja": "テーマ", "en": "Topics"}[lang]
    for topic in real_topics():
        page_path = built_site / prefix / "topics" / topic.name / "index.html"
        page = page_path.read_text(encoding="utf-8")
        steps = dict((name, href) for href, name in breadcrumbs(page))
        assert (page_path.parent / steps[label] / "index.html").resolve() == index
        nav = page.split('class="md-nav md-nav--primary"', 1)[1]
        all_topics = {"ja": "すべてのテーマ", "en": "All topics"}[lang]
        links = {plain(name): href for href, name in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', nav, re.S)}
        assert (page_path.parent / links[all_topics] / "index.html").resolve() == index
    # a dataset page's trail does not lead there
    dataset = built_site / prefix / "datasets" / "mofa-iom-evaluation" / "japanese-staff" / "index.html"
    trail = breadcrumbs(dataset.read_text(encoding="utf-8"))
    assert all((dataset.parent / href / "index.html").resolve() != index for href, _ in trail)


# The data link --------------------------------------------------------------------------


def table_at(page: str, fragment: str) -> list[list[str]] | None:
    """The rows (header row first) of the first table inside the element ``id=fragment``,
    or None when there is no such element or it holds no table."""
    parts = page.split(f'id="{fragment}"', 1)
    if len(parts) < 2:
        return None
    rest = parts[1]
    # the element ends where the next section of the page begins
    end = min(i for i in (rest.find("<h2"), rest.find("</section>"), len(rest)) if i >= 0)
    body = rest[:end]
    if "<table" not in body:
        return None
    table = body.split("<table", 1)[1].split("</table>", 1)[0]
    return [
        [plain(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def missing_numbers(rows: list[list[str]] | None, spec: dict[str, Any]) -> list[str]:
    """The chart's points that the table does not hold: each (x, series, y) must be a
    row of x with y in that series' column (a column header starts with the series)."""
    if not rows:
        return ["no table"]
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    missing = []
    for point in spec["data"]["values"]:
        column = next((i for i, h in enumerate(header) if h.startswith(point["series"])), None)
        row = body.get(str(point["x"]))
        if column is None or row is None or row[column].replace(",", "") != str(point["y"]).replace(",", ""):
            missing.append(f"{point['x']} {point['series']} {point['y']}")
    return missing


def figures(page: str) -> list[tuple[str, str]]:
    """(data link, spec URL) of each chart on a page."""
    found = []
    for figure in page.split('<figure class="odp-chart"')[1:]:
        figure = figure.split("</figure>", 1)[0]
        link = re.search(r'class="odp-chart__table" href="([^"]+)"', figure)
        spec = re.search(r'data-spec="([^"]+)"', figure)
        assert link and spec
        found.append((html.unescape(link.group(1)), html.unescape(spec.group(1))))
    return found


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_each_charts_data_link_lands_on_a_table_of_its_numbers(built_site: Path, lang: str, prefix: str) -> None:
    for topic in real_topics():
        page_path = built_site / prefix / "topics" / topic.name / "index.html"
        page = page_path.read_text(encoding="utf-8")
        charts = figures(page)
        assert len(charts) == len(topic.descriptor["views"])
        for link, spec_url in charts:
            assert link.startswith("#")
            spec = json.loads((page_path.parent / spec_url).resolve().read_text(encoding="utf-8"))
            assert spec["data"]["values"]
            rows = table_at(page, link[1:])
            assert missing_numbers(rows, spec) == [], link
            if lang == "ja":  # the era year beside the Gregorian one
                assert rows and rows[0][1] == "和暦" and re.fullmatch(r"(平成|令和)(元|\d+)年度?", rows[1][1])
        # where the link used to go, the cards of the topic's tables: no table there
        assert missing_numbers(
            table_at(page, "datasets"),
            json.loads((page_path.parent / charts[0][1]).resolve().read_text(encoding="utf-8")),
        ) == ["no table"]
        # and a table that lacks a number is caught
        rows = table_at(page, charts[0][0][1:])
        assert rows
        spec = json.loads((page_path.parent / charts[0][1]).resolve().read_text(encoding="utf-8"))
        assert missing_numbers(rows[:-1], spec) != []


# The axis from zero -------------------------------------------------------------------------


def y_axis_range(svg: str) -> tuple[float, float]:
    """The y axis's first and last value, as Vega describes the axis to screen readers."""
    match = re.search(r"aria-label=\"Y-axis [^\"]*? values from ([\d,.\-]+) to ([\d,.\-]+)\"", svg)
    assert match, "no y axis"
    low, high = (float(v.replace(",", "")) for v in match.groups())
    return low, high


def topic_specs(built_site: Path) -> list[Path]:
    found = sorted((built_site / "charts" / "topics").rglob("*-vl.json"))
    assert len(found) == 2 * sum(len(t.descriptor["views"]) for t in real_topics())
    return found


def test_every_topic_charts_measure_axis_starts_at_zero(built_site: Path, tmp_path: Path) -> None:
    for path in topic_specs(built_site):
        svg = path.with_name(path.name.replace("-vl.json", ".svg")).read_text(encoding="utf-8")
        assert y_axis_range(svg)[0] == 0, path.name
    # the check can fail: the same chart without zero in its scale (as it was) starts higher
    spec = json.loads(topic_specs(built_site)[0].read_text(encoding="utf-8"))
    for layer in spec["layer"]:
        if "y" in layer.get("encoding", {}) and "field" in layer["encoding"]["y"]:
            layer["encoding"]["y"]["scale"] = {"zero": False}
    svg = render_svg(vega.with_scheme(vega.static_spec(spec), "default"), tmp_path).decode("utf-8")
    assert y_axis_range(svg)[0] > 0


# Dark mode -------------------------------------------------------------------------------------


def exempt(palette: Palette) -> set[str]:
    """Colours that need no contrast: the background itself, and grid lines (WCAG 1.4.11
    asks it of what is needed to understand the chart; the axis and its labels carry the scale)."""
    return {palette.background.lower(), palette.grid.lower()}


def low_contrast(painted: list[tuple[str, str]], palette: Palette) -> list[str]:
    """Each (element kind, colour) below its WCAG minimum on ``palette``'s background:
    4.5:1 for text, 3:1 for marks."""
    bad = []
    for kind, colour in painted:
        colour = colour.lower()
        if colour in exempt(palette) or colour in ("none", "transparent"):
            continue
        needed = 4.5 if kind == "text" else 3.0
        ratio = contrast_ratio(colour, palette.background)
        if ratio < needed:
            bad.append(f"{kind} {colour} {ratio:.1f}:1")
    return sorted(set(bad))


def svg_paint(svg: str) -> list[tuple[str, str]]:
    """(``text`` or ``mark``, colour) of every fill and stroke a static SVG paints."""
    painted = []
    for tag, attrs in re.findall(r"<(\w+)\b([^>]*)>", svg):
        for colour in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', attrs):
            painted.append(("text" if tag == "text" else "mark", colour))
    return painted


def test_dark_topic_charts_are_drawn_in_dark_colours(built_site: Path) -> None:
    for path in topic_specs(built_site):
        spec = json.loads(path.read_text(encoding="utf-8"))
        assert spec["usermeta"]["odp"]["dark"] == vega_config("slate")
        # one SVG: light, and dark by its own prefers-color-scheme style
        light_svg = path.with_name(path.name.replace("-vl.json", ".svg")).read_text(encoding="utf-8")
        assert not path.with_name(path.name.replace("-vl.json", "-dark.svg")).exists()
        dark_svg = dark_rendering(light_svg)
        assert low_contrast(svg_paint(dark_svg), DARK) == [], path.name
        assert low_contrast(svg_paint(light_svg), LIGHT) == [], path.name
        # the check can fail: the light image on the dark background
        assert low_contrast(svg_paint(light_svg), DARK) != []
    # the target line's label: 2.2:1 before, when its colour was written into the spec
    assert low_contrast([("text", LIGHT.reference)], DARK) == [f"text {LIGHT.reference} 2.2:1"]


_LIVE_PAINT = """view => Array.from(view.querySelectorAll('svg *')).flatMap(el => {
  const kind = el.tagName === 'text' || el.tagName === 'tspan' ? 'text' : 'mark';
  const own = ['fill', 'stroke'].map(a => el.getAttribute(a)).filter(c => c && c.startsWith('#'));
  return own.map(c => [kind, c]);
})"""


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_the_live_chart_follows_dark_mode(browser: Browser, site_server: str, lang: str, prefix: str) -> None:
    painted: dict[str, list[tuple[str, str]]] = {}
    for scheme in ("dark", "light"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{site_server}{prefix}topics/{real_topics()[0].name}/")
        figure = page.locator(".odp-chart").first
        figure.scroll_into_view_if_needed()
        expect(figure).to_have_class(re.compile("odp-chart--live"), timeout=15_000)
        paint = figure.locator(".odp-chart__view").evaluate(_LIVE_PAINT)
        painted[scheme] = [(str(kind), str(colour)) for kind, colour in paint]
        context.close()
    assert painted["dark"] and low_contrast(painted["dark"], DARK) == []
    assert low_contrast(painted["light"], LIGHT) == []
    # the check can fail: the light chart's target label on the dark background
    assert low_contrast(painted["light"], DARK) != []


# A phone ---------------------------------------------------------------------------------------

_TITLE_OVERFLOW = """view => {
  const svg = view.querySelector('svg');
  const width = svg.getBoundingClientRect().right;
  return Array.from(svg.querySelectorAll('.role-title-text text, .role-title-subtitle text'))
    .map(t => t.getBoundingClientRect().right - width).filter(d => d > 0.5);
}"""
_WIDE_TITLE_OVERFLOW = """async view => {
  const spec = JSON.parse(JSON.stringify(view.odpSpec));
  delete spec.usermeta;  // the title as the 720 px image has it
  const probe = document.createElement('div');
  probe.style.width = view.clientWidth + 'px';
  view.parentElement.appendChild(probe);
  await window.vegaEmbed(probe, spec, {actions: false, renderer: 'svg', ast: true,
    expr: window.vegaInterpreter.expressionInterpreter});
  const right = probe.getBoundingClientRect().right;
  const over = Array.from(probe.querySelectorAll('.role-title-text text'))
    .map(t => t.getBoundingClientRect().right - right).filter(d => d > 0.5);
  probe.remove();
  return over;
}"""


def test_the_english_chart_title_wraps_on_a_phone(browser: Browser, site_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light")
    page = context.new_page()
    page.goto(f"{site_server}en/topics/{real_topics()[0].name}/")
    for index in range(page.locator(".odp-chart").count()):
        figure = page.locator(".odp-chart").nth(index)
        figure.scroll_into_view_if_needed()
        expect(figure).to_have_class(re.compile("odp-chart--live"), timeout=15_000)
        view = figure.locator(".odp-chart__view")
        assert view.evaluate(_TITLE_OVERFLOW) == []
    # the check can fail: the first chart with the wide title runs off the phone's screen
    first = page.locator(".odp-chart__view").first
    assert first.evaluate(_WIDE_TITLE_OVERFLOW) != []
    context.close()


def test_a_topic_chart_has_the_readout_of_every_series_by_key_and_tap(browser: Browser, site_server: str) -> None:
    """The topic charts answer as the dataset charts do: the keyboard and a tap open one
    readout listing every series at that year, with the era year in Japanese."""
    topic = real_topics()[0].name
    context = browser.new_context(has_touch=True, viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(f"{site_server}topics/{topic}/")
    view = page.locator(".odp-chart__view").first
    view.scroll_into_view_if_needed()
    expect(view).to_have_attribute("data-state", "drawn", timeout=20_000)
    readout = page.locator(".odp-chart__readout").first
    expect(readout).to_be_hidden()
    view.focus()
    page.keyboard.press("Home")
    expect(readout).to_be_visible(timeout=5_000)
    heading = readout.locator(".odp-chart__readout-x").inner_text()
    rows = readout.locator("tr").all_inner_texts()
    assert heading == "2020年（令和2年）", heading
    assert len(rows) == 2 and all("918人" in row for row in rows), rows  # both series start at 918
    page.keyboard.press("Escape")
    expect(readout).to_be_hidden()
    box = view.locator("svg.marks").bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + box["width"] * 0.97, box["y"] + box["height"] * 0.6)
    expect(readout).to_be_visible(timeout=5_000)
    assert readout.locator(".odp-chart__readout-x").inner_text().startswith("2025年")
    assert "1,000人" in readout.inner_text()
    context.close()
