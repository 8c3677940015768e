"""Charts for other sites: an embed page per chart and language, the ``<iframe>`` snippet
the dataset page offers, and oEmbed discovery.

URLs (below the site root; the language prefix as for pages, ``en/`` for English):

- ``[en/]embed/<package>/<table>/<view>/``: the embed page. Small standalone HTML, not a
  MkDocs page: the static SVG first (light or dark by ``prefers-color-scheme``), the
  live chart once the page has loaded and JavaScript runs (the site's own ``charts.js``
  and vendored Vega, nothing from another origin), the 出典 line and a link back to the
  dataset page. ``noindex``, outside Pagefind's ``data-pagefind-body``, in no sitemap.
- ``oembed/<package>/<table>/<view>-<lang>.json``: the oEmbed response (``rich``) of
  that page. GitHub Pages serves files only, so there is no endpoint taking ``?url=``:
  each discovery ``<link>`` points at its chart's own file.
- ``oembed/<package>/<table>/sitemap.xml``: the JSON files of that table. Material
  fetches a ``sitemap.xml`` beside every ``<link rel="alternate">`` of a page; without
  it, every dataset page would request a missing file.

Framing: the embed pages are the only pages meant to be shown inside another site.
GitHub Pages sends no header a site chooses, so neither ``X-Frame-Options`` nor a CSP
``frame-ancestors`` (ignored in a ``<meta>`` policy) can forbid framing elsewhere;
``site.js``, which every other page loads and the embed pages do not, hides a page
framed by another origin and links to it instead (see its comment).

Without a site address (``site_url``) only the embed pages are written: a snippet or an
oEmbed response for other sites needs the real address, never a guessed one.
"""

from __future__ import annotations

import html
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from sitegen.core.i18n import lang_prefix, text
from sitegen.format import cells, citation
from sitegen.model.packages import Resource
from sitegen.site.chart_index import Chart, ChartIndex
from sitegen.site.inputs import SiteInputs
from sitegen.site.output import Output
from sitegen.site.pages.common import Page, Templates, root_of
from sitegen.site.sitemaps import sitemap

EMBED = "embed"
OEMBED = "oembed"
TEMPLATE = "embed.html.j2"
#: What the frame adds below the chart at 720 px: the 出典 line and the link back (two
#: to three lines of 13 px text, and room for a fourth where fonts run wider). Narrower,
#: the live chart grows taller and the frame scrolls: a fixed-size <iframe> cannot
#: follow its content without a script on the host page.
FOOTER_HEIGHT = 120


@dataclass(frozen=True)
class Embed:
    """One chart as another site shows it, in one language. Paths are below the site root."""

    resource: Resource
    lang: str
    view: str
    title: str
    alt: str
    #: The chart image's size at its natural width.
    width: int
    chart_height: int
    spec: str
    svg: str
    png: str | None

    @property
    def height(self) -> int:
        """The frame's height: the chart and the lines below it."""
        return self.chart_height + FOOTER_HEIGHT

    @property
    def page(self) -> str:
        return embed_page_path(self.resource, self.view, self.lang)

    @property
    def oembed(self) -> str:
        return oembed_path(self.resource, self.view, self.lang)


def embed_slug(resource: Resource, view: str) -> str:
    """A chart's embed page below its language's root (a folder URL)."""
    return f"{EMBED}/{resource.package.name}/{resource.name}/{view}/"


def embed_page_path(resource: Resource, view: str, lang: str) -> str:
    """Where a chart's embed page is published, below the site root."""
    return f"{lang_prefix(lang)}{embed_slug(resource, view)}"


def oembed_path(resource: Resource, view: str, lang: str) -> str:
    """Where a chart's oEmbed response is published, below the site root."""
    return f"{OEMBED}/{resource.package.name}/{resource.name}/{view}-{lang}.json"


def _below(url: str, root: str) -> str:
    """A chart URL made relative to its page's root, as a path below the site root."""
    if not url.startswith(root):
        raise ValueError(f"chart URL {url!r} is not below its page's root {root!r}")
    return url[len(root) :]


def embed_of(resource: Resource, chart: Chart, lang: str) -> Embed:
    """The embed of a dataset chart, from what the chart index holds for its page."""
    root = root_of(resource.slug, lang)
    return Embed(
        resource=resource,
        lang=lang,
        view=str(chart["name"]),
        title=str(chart["title"]),
        alt=str(chart["alt"]),
        width=int(chart.get("width") or 720),
        chart_height=int(chart["height"]),
        spec=_below(str(chart["spec_url"]), root),
        svg=_below(str(chart["svg_url"]), root),
        png=str(chart["png_path"]) if chart.get("png_path") else None,
    )


def snippet(embed: Embed, site_url: str) -> str:
    """The ``<iframe>`` a reuser pastes: lazy, titled, as wide as the chart and never
    wider than the column it is pasted into."""
    src = html.escape(f"{site_url}{embed.page}")
    return (
        f'<iframe src="{src}" title="{html.escape(embed.title)}" width="{embed.width}" height="{embed.height}" '
        f'loading="lazy" style="max-width:100%;border:0"></iframe>'
    )


def dataset_embeds(site: SiteInputs, resource: Resource, charts: list[Chart], lang: str) -> dict[str, dict[str, str]]:
    """What a dataset page shows under each chart, by view: the snippet to copy and a link
    to the embed page. Nothing when the build does not know the site's address: a
    snippet for other sites needs the real one, never a guessed one."""
    if not site.site_url:
        return {}
    result = {}
    for chart in charts:
        embed = embed_of(resource, chart, lang)
        result[embed.view] = {
            "snippet": snippet(embed, site.site_url),
            "preview": f"{root_of(resource.slug, lang)}{embed.page}",
        }
    return result


def discovery_links(site: SiteInputs, resource: Resource, charts: list[Chart], lang: str) -> list[dict[str, str]]:
    """A dataset page's oEmbed ``<link>`` targets, as paths below the site root (the
    theme makes them relative to the page). Relative because Material fetches a
    ``sitemap.xml`` beside each ``rel="alternate"`` link: an absolute address would make
    every copy not served from ``site_url`` (a preview, the tests) request another
    origin, which the CSP refuses. The embed pages, which Material never sees, announce
    the absolute address. None without a site address (there are no oEmbed files then)."""
    if not site.site_url:
        return []
    return [{"href": oembed_path(resource, str(c["name"]), lang), "title": str(c["title"])} for c in charts]


def png_size(path: Path) -> tuple[int, int] | None:
    """A PNG's width and height from its header, or None when the file is no PNG."""
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def oembed_response(site: SiteInputs, embed: Embed, thumbnail: tuple[int, int] | None) -> dict[str, Any]:
    """The oEmbed 1.0 ``rich`` response for one chart: the snippet, its size, who
    published the data (the source table's publisher), and the chart's PNG as the
    thumbnail when there is one. Only built when the site has an address."""
    s = site.s(embed.lang)
    response: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "title": embed.title,
        "provider_name": s["site_name"],
        "provider_url": f"{site.site_url}{lang_prefix(embed.lang)}",
        "author_name": citation.source_parts(embed.resource, embed.lang)["publisher"],
        "html": snippet(embed, site.site_url),
        "width": embed.width,
        "height": embed.height,
    }
    if embed.png and thumbnail:
        response |= {
            "thumbnail_url": f"{site.site_url}{embed.png}",
            "thumbnail_width": thumbnail[0],
            "thumbnail_height": thumbnail[1],
        }
    return response


def _link(url: str | None, words: str) -> Markup:
    """Words linked to an outside page (opened outside the frame), or the words alone."""
    if not url:
        return escape(words)
    return Markup('<a href="{}" target="_blank" rel="noopener external">{}</a>').format(url, words)


def source_markup(site: SiteInputs, resource: Resource, lang: str) -> Markup:
    """The 出典 line of the dataset page's citation (``source_line``), with the document
    and the licence as links rather than bracketed addresses."""
    parts = citation.source_parts(resource, lang)
    licence = (resource.package.descriptor.get("licenses") or [{}])[0]
    licence_name = text(licence, "title", lang, str(licence.get("name", "")))
    template = site.strings.get("source_line", lang)  # no values: the template itself
    return escape(template).format(
        document=_link(cells.safe_url(citation.document_url(resource)), parts["document"]),
        publisher=parts["publisher"],
        url="",
        licence=_link(cells.safe_url(licence.get("path")), licence_name),
    )


def embed_page(site: SiteInputs, embed: Embed) -> Page:
    """The embed page of one chart (``embed.html.j2``): every URL relative to the page,
    except the link back, which is absolute when the site has an address (it opens the
    dataset page from inside someone else's page)."""
    root = root_of(embed_slug(embed.resource, embed.view), embed.lang)
    s = site.s(embed.lang)
    dataset = f"{lang_prefix(embed.lang)}{embed.resource.slug}"
    context = {
        "lang": embed.lang,
        "s": s,
        "root": root,
        "title": embed.title,
        "alt": embed.alt,
        "width": embed.width,
        "height": embed.chart_height,
        "spec": f"{root}{embed.spec}",
        "svg": f"{root}{embed.svg}",
        "oembed": f"{site.site_url}{embed.oembed}" if site.site_url else "",
        "dataset_url": f"{site.site_url}{dataset}" if site.site_url else f"{root}{dataset}",
        "back": site.strings.get("embed_back", embed.lang, site=s["site_name"]),
        "source": source_markup(site, embed.resource, embed.lang),
    }
    return Page(f"{embed.page}index.html", TEMPLATE, context)


def publish_embeds(site: SiteInputs, out: Output, charts: ChartIndex, templates: Templates) -> list[str]:
    """Write the embed page and the oEmbed response of every dataset chart in every built
    language, and each table's oEmbed sitemap; returns the embed pages' paths."""
    pages = []
    for package in site.validation.packages:
        for resource in package.resources:
            responses = []
            for lang in site.langs:
                for chart in charts.of_resource(resource, lang):
                    embed = embed_of(resource, chart, lang)
                    page = embed_page(site, embed)
                    out.put(page.path, templates.render(page))
                    pages.append(embed.page)
                    if not site.site_url:
                        continue  # an oEmbed response names absolute addresses only
                    thumbnail = png_size(out.docs / embed.png) if embed.png else None
                    response = oembed_response(site, embed, thumbnail)
                    out.put(embed.oembed, json.dumps(response, ensure_ascii=False, indent=1) + "\n")
                    responses.append(embed.oembed)
            if responses:
                folder = f"{OEMBED}/{package.name}/{resource.name}/"
                out.put(f"{folder}sitemap.xml", sitemap((f"{site.site_url}{path}", None) for path in responses))
    return pages
