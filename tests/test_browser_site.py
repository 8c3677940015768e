"""Every page of the real site in real Chromium: no console error, no request to another
origin, the language switch keeps the reader on the same page, search finds the right
page for Japanese and English queries, and axe-core finds no serious accessibility issue."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

SEARCHES = [
    ("", "派遣職員", "datasets/nps-international-cooperation/dispatch-act-staff/"),
    ("", "定着率", "datasets/mofa-policy-evaluation-un/jpo-retention-rate/"),
    ("", "難民", "datasets/mofa-iom-evaluation/earmarked-resettlement-results/"),
    ("", "拠出金", "datasets/mofa-iom-evaluation/contribution-overview/"),
    ("", "在留外国人", "datasets/isa-recruit-guide-2025/"),
    ("", "応募者数", "datasets/mofa-jpo-pamphlet/jpo-applicants-dispatched/"),
    ("en/", "dispatched staff", "en/datasets/nps-international-cooperation/dispatch-act-staff/"),
    ("en/", "retention", "en/datasets/mofa-policy-evaluation-un/jpo-retention-rate/"),
    ("en/", "refugees", "en/datasets/mofa-iom-evaluation/"),
    ("en/", "budget", "en/datasets/mofa-iom-evaluation/iom-budget-settlement/"),
    # English pages are found by their Japanese titles and keywords
    ("en/", "派遣", "en/datasets/nps-international-cooperation/"),
    ("en/", "定着率", "en/datasets/mofa-policy-evaluation-un/"),
]


def html_pages(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def test_every_page_loads_cleanly_and_stays_on_this_origin(
    browser: Browser, built_site: Path, site_server: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    origin = urlparse(site_server).netloc
    page.on(
        "console", lambda m: problems.append(f"{page.url}: console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    page.on(
        "request",
        lambda r: (
            problems.append(f"{page.url}: request to {r.url}")
            if urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != origin
            else None
        ),
    )
    pages = html_pages(built_site)
    assert len(pages) > 80  # every dataset in two languages, plus catalog, topics, coverage, ...
    for rel in pages:
        response = page.goto(site_server + rel)
        assert response is not None and response.ok, rel
        page.wait_for_load_state("load")
    context.close()
    assert problems == []


@pytest.mark.parametrize(
    "rel",
    [
        "",
        "datasets/",
        "coverage/",
        "methodology/",
        "topics/japanese-staff-international/",
        "datasets/mofa-iom-evaluation/iom-budget-settlement/",
    ],
)
def test_language_switch_keeps_the_page(browser: Browser, site_server: str, rel: str) -> None:
    page = browser.new_page()
    page.goto(site_server + rel)
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').first.click()
    expect(page).to_have_url(site_server + "en/" + rel)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="ja"]').first.click()
    expect(page).to_have_url(site_server + rel)
    page.close()


@pytest.mark.parametrize(("prefix", "query", "expected"), SEARCHES)
def test_search_finds_the_right_page_first(
    browser: Browser, site_server: str, prefix: str, query: str, expected: str
) -> None:
    page = browser.new_page()
    page.goto(f"{site_server}{prefix}search/?q={query}")
    first = page.locator(".pagefind-ui__result-link").first
    expect(first).to_be_visible(timeout=10_000)
    href = first.get_attribute("href") or ""
    assert urlparse(href).path.lstrip("/").startswith(expected), (query, href)
    page.close()


def test_header_search_form_submits_to_the_search_page(browser: Browser, site_server: str) -> None:
    page = browser.new_page()
    page.goto(site_server + "datasets/")
    page.locator(".odp-search__input").fill("定着率")
    page.locator(".odp-search__input").press("Enter")
    expect(page).to_have_url(site_server + "search/?q=%E5%AE%9A%E7%9D%80%E7%8E%87")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    page.close()


def test_catalog_filter(browser: Browser, site_server: str) -> None:
    page = browser.new_page()
    page.goto(site_server + "en/datasets/")
    form = page.locator("#odp-filter")
    expect(form).to_be_visible()
    total = page.locator(".odp-card").count()
    form.locator("select[name=package]").select_option("nps-international-cooperation")
    shown = page.locator(".odp-card:visible")
    assert 0 < shown.count() < total
    form.locator("select[name=package]").select_option("")
    form.locator("input[name=year]").fill("1975")
    expect(page.locator(".odp-card:visible")).to_have_count(2)
    visible = {a.get_attribute("href") for a in page.locator(".odp-card:visible a").all()}
    # only 資料8 (FY1970–2023) and IOM's profile (founded 1951) cover 1975
    assert {h.rstrip("/").rsplit("/", 1)[-1] for h in visible if h} == {"dispatch-act-staff", "iom-profile"}
    page.close()


def test_data_table_sorts(browser: Browser, site_server: str) -> None:
    page = browser.new_page()
    page.goto(site_server + "en/datasets/nps-international-cooperation/dispatch-act-staff/")
    header = page.locator("table.odp-data thead th").nth(5)  # on dispatch at year end
    header.locator("button").click()
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert page.locator("table.odp-data tbody tr").first.locator("td").nth(5).inner_text() == "570"
    page.close()


AXE_PAGES = ["", "datasets/", "datasets/nps-international-cooperation/dispatch-act-staff/"]


@pytest.mark.parametrize("rel", [p for p in AXE_PAGES] + [f"en/{p}" for p in AXE_PAGES])
def test_axe_finds_no_serious_violation(browser: Browser, site_server: str, rel: str) -> None:
    import axe_playwright_python

    source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(site_server + rel)
    page.wait_for_load_state("networkidle")
    page.evaluate(source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.close()
    assert serious == []


def test_switching_language_on_the_search_page_keeps_the_query(browser: Browser, site_server: str) -> None:
    page = browser.new_page()
    page.goto(site_server + "search/")
    page.locator("#odp-search input").first.fill("派遣")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    page.locator(".md-header .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').first.click()
    expect(page).to_have_url(site_server + "en/search/?q=%E6%B4%BE%E9%81%A3")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    assert page.locator("#odp-search input").first.input_value() == "派遣"
    page.close()


#: What is not reading matter: a SHA-256, a download path, a BibTeX entry, CSL-JSON.
NOT_READING = re.compile(r"[0-9a-f]{64}|/data/[\w/.-]+\.(?:csv|json|xlsx)|@misc\{|urldate|\"date-parts\"")
EXCERPT_QUERIES = [("", "派遣"), ("", "拠出金"), ("", "職員"), ("en/", "staff"), ("en/", "dispatch"), ("en/", "IOM")]


def test_the_check_for_non_reading_text_can_fail() -> None:
    assert NOT_READING.search("sha256:" + "ab" * 32)
    assert NOT_READING.search("/data/mofa-iom-evaluation/audits.csv")
    assert not NOT_READING.search("派遣職員数の推移（昭和45年度〜令和5年度）")


@pytest.mark.parametrize(("prefix", "query"), EXCERPT_QUERIES)
def test_search_excerpts_are_reading_matter(browser: Browser, site_server: str, prefix: str, query: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_server}{prefix}search/?q={query}")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    links = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")
    assert excerpts
    for text in excerpts:
        assert not NOT_READING.search(text), text
    paths = [urlparse(href).path.rstrip("/") for href in links]
    assert not any(p.endswith("/search") for p in paths), "the search page is not a result"
    if prefix == "":  # Japanese excerpts long enough to read (Pagefind counts CJK words short)
        assert max(len(t) for t in excerpts) >= 40, excerpts
    page.close()


CONTRAST = """sel => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b]
    .map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [.2126, .7152, .0722][i], 0);
  const bgOf = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const el = document.querySelector(sel); if (!el) return null;
  const fg = rgb(getComputedStyle(el).color), bg = bgOf(el), a = fg.length > 3 ? fg[3] : 1;
  const mixed = fg.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a));
  const [hi, lo] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
  return (hi + .05) / (lo + .05);
}"""
MUTED = [".md-typeset h1", ".odp-lead", ".odp-facts dt", ".odp-source dt", "blockquote.odp-cite", ".odp-note"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_secondary_text_has_strong_contrast(browser: Browser, site_server: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site_server + "datasets/nps-international-cooperation/dispatch-act-staff/")
    for selector in MUTED:
        ratio = page.evaluate(CONTRAST, selector)
        assert ratio is not None, selector
        assert ratio >= 7.0, (scheme, selector, round(ratio, 2))
    context.close()


def test_sortable_headings_show_that_they_sort_before_a_click(browser: Browser, site_server: str) -> None:
    page = browser.new_page()
    page.goto(site_server + "datasets/nps-international-cooperation/dispatch-act-staff/")
    button = page.locator("table.odp-data thead .odp-sort").first
    expect(button).to_be_visible()
    before = button.evaluate("b => getComputedStyle(b, '::after').content")
    assert "↕" in before
    button.click()
    after = button.evaluate("b => getComputedStyle(b, '::after').content")
    assert "▲" in after
    page.close()
