"""Charts for other sites (site/embeds.py): the embed page, the <iframe> snippet and the
oEmbed response of each chart; first from their builders, then in the real built site,
where every dataset chart of both languages must have all three, found from its page."""

from __future__ import annotations

import dataclasses
import json
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from markupsafe import escape

from sitegen.core.paths import ROOT
from sitegen.model.packages import Resource
from sitegen.site import embeds
from sitegen.site.chart_index import Chart
from sitegen.site.inputs import SiteInputs, gather
from sitegen.site.pages.common import Templates, root_of
from sitegen.validate.validation import validate_all

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

SITE = "https://example.org/odp/"
RESOURCE = "association-members"
VIEW = "members-trend"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self.inline_scripts = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        self._in = tag
        if tag == "script" and "src" not in values and values.get("type") != "application/ld+json":
            self.inline_scripts += 1

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def all(self, tag: str, **match: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in match.items())]


def tags(html: str) -> Tags:
    parsed = Tags()
    parsed.feed(html)
    return parsed


# The builders ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteInputs:
    layout = make_fixture_repo(tmp_path_factory.mktemp("embeds") / "repo")
    validation = validate_all(layout.root)
    assert validation.ok
    return gather(layout, validation, SITE)


@pytest.fixture(scope="module")
def resource(site: SiteInputs) -> Resource:
    return next(r for p in site.validation.packages for r in p.resources if r.name == RESOURCE)


def chart(resource: Resource, lang: str, title: str = "Association members", **extra: object) -> Chart:
    """A chart as the chart index holds it for its dataset page (URLs from that page)."""
    root = root_of(resource.slug, lang)
    base = f"charts/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}-{lang}"
    return {
        "name": VIEW,
        "title": title,
        "description": "",
        "spec_url": f"{root}{base}-vl.json",
        "svg_url": f"{root}{base}.svg",
        "png_url": f"{root}{base}.png",
        "png_path": f"{base}.png",
        "svg_path": f"{base}.svg",
        "width": 720,
        "height": 400,
        "alt": f"Chart: {title}",
        **extra,
    }


def render(site: SiteInputs, embed: embeds.Embed) -> str:
    return Templates(site.layout.site_src / "templates").render(embeds.embed_page(site, embed))


def test_an_embed_takes_its_files_from_the_chart_index_below_the_site_root(resource: Resource) -> None:
    embed = embeds.embed_of(resource, chart(resource, "en"), "en")
    assert embed.page == f"en/embed/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}/"
    assert embed.svg == f"charts/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}-en.svg"
    assert embed.oembed == f"oembed/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}-en.json"
    assert embed.height == 400 + embeds.FOOTER_HEIGHT
    # A chart made for another page (another root) is a bug, never a broken image.
    with pytest.raises(ValueError, match="not below"):
        embeds.embed_of(resource, chart(resource, "ja"), "en")


def test_the_snippet_is_a_lazy_titled_iframe_of_the_embed_page(resource: Resource) -> None:
    hostile = 'Members "quoted" <b>&</b>'
    embed = embeds.embed_of(resource, chart(resource, "ja", title=hostile), "ja")
    [frame] = tags(embeds.snippet(embed, SITE)).all("iframe")
    assert frame["src"] == f"{SITE}embed/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}/"
    assert frame["title"] == hostile  # escaped in the HTML, the same words once parsed
    assert (frame["width"], frame["height"], frame["loading"]) == ("720", str(400 + embeds.FOOTER_HEIGHT), "lazy")
    assert "<b>" not in embeds.snippet(embed, SITE)


def test_the_oembed_response_is_rich_with_the_snippet_and_a_thumbnail_when_there_is_one(
    site: SiteInputs, resource: Resource
) -> None:
    embed = embeds.embed_of(resource, chart(resource, "en"), "en")
    response = embeds.oembed_response(site, embed, (1440, 800))
    assert response["version"] == "1.0" and response["type"] == "rich"
    assert response["html"] == embeds.snippet(embed, SITE)
    assert (response["width"], response["height"]) == (720, embed.height)
    assert response["title"] == "Association members"
    assert response["provider_name"] == site.s("en")["site_name"]
    assert response["provider_url"] == f"{SITE}en/"
    assert response["author_name"] == "Sample City International Exchange Division"
    assert response["thumbnail_url"] == f"{SITE}charts/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}-en.png"
    assert (response["thumbnail_width"], response["thumbnail_height"]) == (1440, 800)
    assert "thumbnail_url" not in embeds.oembed_response(site, embed, None)
    json.dumps(response)  # plain JSON


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + header
        + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    )


def test_a_thumbnail_size_is_read_from_the_png_itself(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(_png(1440, 938))
    (tmp_path / "b.png").write_bytes(b"<svg/>")
    assert embeds.png_size(tmp_path / "a.png") == (1440, 938)
    assert embeds.png_size(tmp_path / "b.png") is None
    assert embeds.png_size(tmp_path / "missing.png") is None


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_embed_page_is_small_standalone_html(site: SiteInputs, resource: Resource, lang: str) -> None:
    title = "会員数の推移" if lang == "ja" else "Association members"
    embed = embeds.embed_of(resource, chart(resource, lang, title=title), lang)
    html = render(site, embed)
    page = tags(html)
    [root] = page.all("html")
    assert root["lang"] == lang
    assert page.title.startswith(title) and site.s(lang)["site_name"] in page.title
    assert page.all("meta", name="robots") == [{"name": "robots", "content": "noindex"}]
    assert "data-pagefind-body" not in html
    # The one static SVG (dark by its own style when the reader's system is: the browser
    # test looks at its pixels), with the chart's size and words; no <picture> of two files.
    assert page.all("picture") == [] and page.all("source") == []
    [image] = page.all("img")
    here = f"https://host/{embed.page}"
    assert urljoin(here, image["src"]) == f"https://host/{embed.svg}"
    assert (image["width"], image["height"], image["alt"]) == ("720", "400", f"Chart: {title}")
    # The live chart comes from the site's own scripts, and none of them is inline or site.js.
    scripts = [urljoin(here, s["src"]) for s in page.all("script")]
    assert scripts == ["https://host/assets/javascripts/embed.js"]
    assert page.inline_scripts == 0
    [view] = [a for t, a in page.tags if a.get("class") == "odp-chart__view"]
    assert urljoin(here, view["data-spec"]) == f"https://host/{embed.spec}"
    # Discovery, source and the way back, absolute: the page is read inside other sites.
    [oembed] = page.all("link", type="application/json+oembed")
    assert oembed["href"] == f"{SITE}{embed.oembed}" and oembed["title"] == title
    links = [a["href"] for a in page.all("a")]
    assert f"{SITE}{'en/' if lang == 'en' else ''}datasets/{FIXTURE_PACKAGE}/{RESOURCE}/" in links
    assert all(a.get("target") == "_blank" for a in page.all("a"))
    assert ("出典：" if lang == "ja" else "Source: ") in html
    assert "CC0 1.0" in html


def test_without_a_site_address_the_way_back_is_relative_and_nothing_names_a_guessed_one(
    site: SiteInputs, resource: Resource
) -> None:
    local = dataclasses.replace(site, site_url="")
    embed = embeds.embed_of(resource, chart(resource, "en"), "en")
    page = tags(render(local, embed))
    back = [a["href"] for a in page.all("a") if "datasets/" in a["href"]]
    assert back == [f"../../../../../en/datasets/{FIXTURE_PACKAGE}/{RESOURCE}/"]
    assert urljoin(f"https://host/{embed.page}", back[0]) == f"https://host/en/{resource.slug}"
    assert page.all("link", type="application/json+oembed") == []
    assert embeds.dataset_embeds(local, resource, [chart(resource, "en")], "en") == {}
    assert embeds.discovery_links(local, resource, [chart(resource, "en")], "en") == []


def test_hostile_words_in_a_chart_stay_text_on_its_embed_page(site: SiteInputs, resource: Resource) -> None:
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    embed = embeds.embed_of(resource, chart(resource, "ja", title=payload), "ja")
    html = render(site, embed)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert tags(html).title.startswith(payload)


def test_a_dataset_page_gets_the_snippet_and_relative_discovery_links(site: SiteInputs, resource: Resource) -> None:
    charts = [chart(resource, "ja")]
    [(view, block)] = embeds.dataset_embeds(site, resource, charts, "ja").items()
    assert view == VIEW
    assert block["snippet"] == embeds.snippet(embeds.embed_of(resource, charts[0], "ja"), SITE)
    page = f"https://host/{resource.slug}"
    assert urljoin(page, block["preview"]) == f"https://host/embed/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}/"
    [link] = embeds.discovery_links(site, resource, charts, "ja")
    assert link == {"href": f"oembed/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}-ja.json", "title": "Association members"}


# The real site -------------------------------------------------------------------------

SITE_URL = re.search(r'site_url: !ENV \[SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
BUILT_URL = SITE_URL.group(1) if SITE_URL else ""


def dataset_charts(site: Path) -> list[tuple[Path, str, str]]:
    """Every chart of every dataset page, as (page, language prefix, view)."""
    found = []
    for prefix in ("", "en/"):
        for page in sorted((site / prefix / "datasets").glob("*/*/index.html")):
            views = re.findall(r'<figure class="odp-chart" id="chart-([^"]+)"', page.read_text(encoding="utf-8"))
            found += [(page, prefix, view) for view in views]
    return found


def local(site: Path, address: str) -> Path:
    """The built file an address of the published site names."""
    assert address.startswith(BUILT_URL), address
    path = site / address[len(BUILT_URL) :]
    return path / "index.html" if address.endswith("/") else path


def test_every_dataset_chart_of_both_languages_has_an_embed_page_and_an_oembed_file(built_site: Path) -> None:
    charts = dataset_charts(built_site)
    assert {prefix for _, prefix, _ in charts} == {"", "en/"}
    assert len(charts) >= 40
    for page, prefix, view in charts:
        html = page.read_text(encoding="utf-8")
        parsed = tags(html)
        table = page.parent.relative_to(built_site / prefix / "datasets").as_posix()
        lang = "en" if prefix else "ja"
        # Discovery: the head names this chart's oEmbed file, and it is there.
        hrefs = [a["href"] for a in parsed.all("link", type="application/json+oembed")]
        expected = f"oembed/{table}/{view}-{lang}.json"
        [href] = [h for h in hrefs if h.endswith(f"/{view}-{lang}.json")]
        target = (page.parent / href).resolve()
        assert target == (built_site / expected).resolve() and target.is_file(), (page, href)
        # Material fetches a sitemap beside every rel="alternate": it lists the file.
        sitemap = ET.fromstring((target.parent / "sitemap.xml").read_bytes())
        assert f"{BUILT_URL}{expected}" in [u.findtext(f"{SITEMAP}loc") for u in sitemap.iter(f"{SITEMAP}url")]
        response = json.loads(target.read_text(encoding="utf-8"))
        assert response["type"] == "rich" and response["version"] == "1.0"
        # The response's iframe is the embed page, and it exists in the same language.
        [frame] = tags(response["html"]).all("iframe")
        assert frame["src"] == f"{BUILT_URL}{prefix}embed/{table}/{view}/"
        embed_page = local(built_site, frame["src"])
        assert embed_page.is_file(), frame["src"]
        assert f'<html lang="{lang}">' in embed_page.read_text(encoding="utf-8")
        assert (int(frame["width"]), int(frame["height"])) == (response["width"], response["height"])
        # The thumbnail is the chart's PNG, at the size it has.
        png = local(built_site, response["thumbnail_url"])
        assert embeds.png_size(png) == (response["thumbnail_width"], response["thumbnail_height"])
        # The dataset page offers the same snippet to copy.
        assert str(escape(response["html"])) in html


def test_the_embed_pages_are_in_no_sitemap_and_no_search_index(built_site: Path) -> None:
    embed_pages = sorted([*built_site.glob("embed/*/*/*/index.html"), *built_site.glob("en/embed/*/*/*/index.html")])
    assert len(embed_pages) == len(dataset_charts(built_site))
    for sitemap in [built_site / "sitemap.xml", *built_site.rglob("sitemap.xml")]:
        assert "/embed/" not in sitemap.read_text(encoding="utf-8"), sitemap
    # Pagefind indexes only pages with data-pagefind-body: its counts are the other pages.
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    for lang in ("ja", "en"):
        indexed = [
            p
            for p in built_site.rglob("index.html")
            if f'<html lang="{lang}"' in (text := p.read_text(encoding="utf-8")) and "data-pagefind-body" in text
        ]
        assert entry["languages"][lang]["page_count"] == len(indexed), lang
    for page in embed_pages:
        html = page.read_text(encoding="utf-8")
        assert "data-pagefind-body" not in html and '<meta name="robots" content="noindex">' in html


def test_only_embed_pages_go_without_the_frame_guard(built_site: Path) -> None:
    """Every page but the embed pages loads site.js (whose guard hides a page framed by
    another site); no embed page does. Each has the site's Content-Security-Policy."""
    unguarded = []
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, page
        scripts = [urlparse(s["src"]).path.rsplit("/", 1)[-1] for s in tags(html).all("script") if s.get("src")]
        if "site.js" not in scripts:
            unguarded.append(page.relative_to(built_site).as_posix())
    embed_pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("embed/*/*/*/index.html")}
    assert embed_pages and set(unguarded) == embed_pages
