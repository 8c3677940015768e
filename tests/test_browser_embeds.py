"""Embedding, in real Chromium, across origins as on the web: the built site on one
origin and a host page on another (a second local server, another port). An embed page
shows its chart inside the host's frame, light or dark, and fits the frame its snippet
asks for; a dataset page framed the same way shows the frame guard's notice instead of
itself. Each check has its counterpart that shows it can fail: a missing image, a page
left unguarded (site.js emptied), a frame of the site's own origin, a frame too short."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, expect

from sitegen.core.paths import ROOT

from .test_browser_charts import wait_for_image_scheme

pytestmark = pytest.mark.browser

TABLE = "nps-international-cooperation/dispatch-act-staff"
VIEW = "dispatch-trend"
EMBED = f"embed/{TABLE}/{VIEW}/"
DATASET = f"datasets/{TABLE}/"
SITE_URL = re.search(r'site_url: !ENV \[SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
BUILT_URL = SITE_URL.group(1) if SITE_URL else ""
#: What the live chart's library is replaced with when a test is about the static image.
NO_LIBRARY = ";"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def host_page(*frames: str) -> str:
    """A page of another site that frames ``frames``, one after another."""
    body = "".join(
        f'<iframe src="{src}" title="frame {i}" width="720" height="600"></iframe>' for i, src in enumerate(frames)
    )
    head = "<meta charset=utf-8><link rel=icon href=data:,><title>Host</title>"
    return f"<!doctype html><html lang=en><head>{head}</head><body>{body}</body></html>"


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory, site_server: str) -> Iterator[tuple[str, Path]]:
    """Another origin (another port), serving the pages a test writes into its folder."""
    folder = tmp_path_factory.mktemp("host")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{port}/"
    assert url != site_server
    yield url, folder
    server.shutdown()


def hosted(host: tuple[str, Path], name: str, *frames: str) -> str:
    url, folder = host
    (folder / name).write_text(host_page(*frames), encoding="utf-8")
    return url + name


@pytest.fixture
def quiet_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context for the counter-cases, which break pages on purpose (console errors expected)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def frame_of(page: Page, src_part: str) -> Frame:
    for _ in range(100):
        found = [f for f in page.frames if src_part in f.url]
        if found and found[0].url != "about:blank":
            return found[0]
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame for {src_part}: {[f.url for f in page.frames]}")


def static_chart_shown(frame: Frame) -> bool:
    """The embed's static SVG is laid out, visible and actually decoded."""
    image = frame.locator("img.odp-embed__static")
    expect(image).to_be_attached()
    frame.wait_for_function("img => img.complete", arg=image.element_handle())
    return bool(
        image.is_visible() and image.evaluate("img => img.naturalWidth > 0 && img.getBoundingClientRect().height > 100")
    )


def test_an_embed_page_shows_its_chart_inside_another_sites_frame(
    page: Page, site_server: str, host: tuple[str, Path]
) -> None:
    page.route("**/vendor/vega-bundle.js", lambda r: r.fulfill(content_type="text/javascript", body=NO_LIBRARY))
    page.goto(hosted(host, "static.html", site_server + EMBED))
    frame = frame_of(page, EMBED)
    assert static_chart_shown(frame)
    src = frame.locator("img.odp-embed__static").evaluate("img => img.currentSrc")
    assert src.endswith(f"{VIEW}-ja.svg")
    expect(frame.locator(".odp-framed")).to_have_count(0)
    expect(frame.locator(".odp-embed__source")).to_contain_text("出典：「人事院 年次報告書")
    back = frame.locator(".odp-embed__back a")
    assert back.get_attribute("target") == "_blank"
    assert (back.get_attribute("href") or "").endswith(DATASET)


def test_a_missing_chart_image_is_caught(
    quiet_context: BrowserContext, site_server: str, host: tuple[str, Path]
) -> None:
    page = quiet_context.new_page()
    page.route("**/vendor/vega-bundle.js", lambda r: r.fulfill(content_type="text/javascript", body=NO_LIBRARY))
    page.route(f"**/{VIEW}-ja.svg", lambda r: r.fulfill(status=404, body="missing"))
    page.goto(hosted(host, "missing.html", site_server + EMBED))
    assert not static_chart_shown(frame_of(page, EMBED))


def test_the_live_chart_draws_inside_the_frame(page: Page, site_server: str, host: tuple[str, Path]) -> None:
    page.goto(hosted(host, "live.html", site_server + "en/" + EMBED))
    frame = frame_of(page, "en/" + EMBED)
    view = frame.locator(".odp-chart__view")
    expect(view).to_have_attribute("data-state", "drawn", timeout=20_000)
    expect(view.locator("svg.marks")).to_be_visible()
    expect(frame.locator("img.odp-embed__static")).to_be_hidden()


def test_the_embed_follows_a_dark_system_and_a_light_one(
    browser: Browser, site_server: str, host: tuple[str, Path]
) -> None:
    url = hosted(host, "scheme.html", site_server + EMBED)
    for scheme, drawn, background in [
        ("dark", "slate", "rgb(30, 33, 41)"),
        ("light", "default", "rgb(255, 255, 255)"),
    ]:
        context = browser.new_context(viewport={"width": 900, "height": 800}, color_scheme=scheme)
        page = context.new_page()
        page.route("**/vendor/vega-bundle.js", lambda r: r.fulfill(content_type="text/javascript", body=NO_LIBRARY))
        page.goto(url)
        frame = frame_of(page, EMBED)
        assert static_chart_shown(frame)
        image = frame.locator("img.odp-embed__static")
        assert image.evaluate("img => img.currentSrc").endswith(f"{VIEW}-ja.svg"), scheme  # one file for both
        # its pixels: the SVG's own dark style answers the system's scheme
        wait_for_image_scheme(page, image, drawn)
        assert frame.evaluate("getComputedStyle(document.body).backgroundColor") == background
        expect(frame.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate" if scheme == "dark" else "default"
        )
        # The check can fail: the image made to take the other scheme is drawn in it.
        image.evaluate("(img, s) => { img.style.colorScheme = s; }", "light" if scheme == "dark" else "dark")
        wait_for_image_scheme(page, image, "default" if drawn == "slate" else "slate")
        context.close()


def test_a_dataset_page_framed_by_another_site_shows_the_guard_not_itself(
    page: Page, site_server: str, host: tuple[str, Path]
) -> None:
    page.goto(hosted(host, "dataset.html", site_server + DATASET))
    frame = frame_of(page, DATASET)
    notice = frame.locator(".odp-framed")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("ほかのサイトの中には表示しません")
    link = notice.locator("a")
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("href") == site_server + DATASET
    expect(notice).to_contain_text("「このグラフを埋め込む」")  # where the embeddable code is
    expect(frame.locator(".md-container")).to_be_hidden()
    expect(frame.locator("h1.odp-title")).to_be_hidden()
    assert page.url.startswith(host[0])  # the host page was never navigated away
    # Any other page too, in English; one without charts says nothing of embedding.
    page.goto(hosted(host, "about.html", site_server + "en/about/"))
    about = frame_of(page, "en/about/").locator(".odp-framed")
    expect(about).to_contain_text("This page is not shown inside other sites.")
    expect(about).not_to_contain_text("Embed this chart")
    expect(frame_of(page, "en/about/").locator(".md-container")).to_be_hidden()


def test_without_the_guard_the_framed_page_would_show(
    quiet_context: BrowserContext, site_server: str, host: tuple[str, Path]
) -> None:
    page = quiet_context.new_page()
    page.route("**/assets/javascripts/site.js", lambda r: r.fulfill(content_type="text/javascript", body=";"))
    page.goto(hosted(host, "unguarded.html", site_server + DATASET))
    frame = frame_of(page, DATASET)
    expect(frame.locator("h1.odp-title")).to_be_visible()
    expect(frame.locator(".odp-framed")).to_have_count(0)


def test_the_site_framing_itself_and_a_page_opened_directly_show_the_page(page: Page, site_server: str) -> None:
    page.goto(site_server + DATASET)
    expect(page.locator("h1.odp-title")).to_be_visible()
    expect(page.locator(".odp-framed")).to_have_count(0)
    # A host page on the site's own origin (served by the test, not written into the site).
    own = site_server + "own-host.html"
    page.route(own, lambda r: r.fulfill(content_type="text/html", body=host_page(site_server + "en/" + DATASET)))
    page.goto(own)
    frame = frame_of(page, "en/" + DATASET)
    expect(frame.locator("h1.odp-title")).to_be_visible()
    expect(frame.locator(".odp-framed")).to_have_count(0)


def test_every_embed_fits_the_frame_its_snippet_asks_for(browser: Browser, built_site: Path, site_server: str) -> None:
    """At the size its snippet gives the <iframe>, each embed page, live chart drawn, has
    nothing to scroll; one pixel shorter than its content, the same page would scroll."""
    responses = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(built_site.glob("oembed/*/*/*.json"))]
    assert len(responses) >= 40
    context = browser.new_context(viewport={"width": 720, "height": 600})
    page = context.new_page()
    try:
        for response in responses:
            width, height = int(response["width"]), int(response["height"])
            [src] = re.findall(r'src="([^"]+)"', response["html"])
            assert src.startswith(BUILT_URL), src
            url = site_server + src[len(BUILT_URL) :]
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url)
            expect(page.locator(".odp-chart__view")).to_have_attribute("data-state", "drawn", timeout=20_000)
            content = page.evaluate("document.querySelector('main').getBoundingClientRect().bottom")
            assert content <= height, (url, content, height)
            assert not page.evaluate("document.documentElement.scrollHeight > innerHeight"), url
            page.set_viewport_size({"width": width, "height": int(content) - 1})
            assert page.evaluate("document.documentElement.scrollHeight > innerHeight"), url
    finally:
        context.close()


def test_without_javascript_the_embed_shows_the_static_chart_and_loads_no_library(
    browser: Browser, site_server: str
) -> None:
    context = browser.new_context(viewport={"width": 720, "height": 700}, java_script_enabled=False)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_server + EMBED)
    expect(page.locator("img.odp-embed__static")).to_be_visible()
    assert page.locator("img.odp-embed__static").evaluate("img => img.naturalWidth") > 0
    assert not [u for u in requested if "vega" in u or u.endswith("charts.js")]
    context.close()


def test_the_dataset_page_offers_the_snippet_a_copy_button_and_a_preview(browser: Browser, site_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.rstrip("/"))
    page = context.new_page()
    page.goto(site_server + DATASET)
    block = page.locator("details.odp-embed-code").first
    code = block.locator("pre code")
    expect(code).to_be_hidden()  # collapsed until asked for
    block.locator("summary").click()
    snippet_text = code.inner_text()
    assert snippet_text.startswith(f'<iframe src="{BUILT_URL}{EMBED}"') and 'title="' in snippet_text
    page.evaluate("navigator.clipboard.writeText('')")
    button = block.locator("button.odp-copy")
    expect(button).to_have_text("コピー")
    button.click()
    expect(button).to_have_text("コピーしました")
    assert page.evaluate("navigator.clipboard.readText()") == snippet_text
    # The preview is a page of its own, not one more page of Material's instant navigation.
    block.locator("a", has_text="埋め込んだときの表示を見る").click()
    page.wait_for_url(site_server + EMBED)
    expect(page.locator("img.odp-embed__static, .odp-chart__view svg.marks").first).to_be_visible()
    expect(page.locator(".md-container")).to_have_count(0)
    context.close()
