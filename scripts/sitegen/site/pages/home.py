"""The home page: featured figures and charts, the documents, the latest changes (the
newest entries of the changelog, as on the Updates page; never the git log)."""

from __future__ import annotations

from typing import Any

from sitegen.core.i18n import lang_prefix, text
from sitegen.model.topics import resolve
from sitegen.site.changelog import changelog
from sitegen.site.chart_index import ChartIndex
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.cards import figure_cards
from sitegen.site.pages.common import Page, front_matter, page_name, root_of
from sitegen.site.pages.updates import SLUG as UPDATES
from sitegen.site.pages.updates import entry_views

#: How many of the changelog's entries the home page shows.
LATEST = 8


def home_page(site: SiteInputs, lang: str, charts: ChartIndex) -> Page:
    root = root_of("", lang)  # the site root: charts are the same for every language
    pages = f"{root}{lang_prefix(lang)}"  # the pages of this language
    featured = site.featured
    chosen = [t for t in site.topics if t.name in featured.get("topics", [])]
    figures = [card for topic in chosen for card in figure_cards(site, topic, lang, pages)]
    thumbs: list[dict[str, Any]] = []
    for item in featured.get("charts", []):
        resource = resolve(site.validation.packages, str(item.get("resource", "")))
        if resource is None or not resource.views:
            continue
        view = next((v for v in resource.views if v.get("name") == item.get("view")), resource.views[0])
        chart = charts.view(resource, str(view["name"]), lang)
        title, description = text(view, "title", lang), text(view, "description", lang)
        thumbs.append(
            {
                "url": f"{pages}{resource.slug}",
                "svg_url": f"{root}{chart['svg_path']}",
                "height": chart["height"],
                "title": title,
                "alt": site.strings.get("chart_static_alt", lang, title=title, description=description),
            }
        )
    packages = [
        {
            "title": p.title(lang),
            "url": f"{pages}datasets/#{p.name}",
            "publisher": text(p.descriptor, "publisher", lang),
            "count": site.strings.get("tables_count", lang, count=len(p.resources)),
        }
        for p in site.validation.packages
    ]
    s = site.s(lang)
    context = {
        # Not a search result: its figures and lists point to the pages that are (and its
        # thumbnails' relative addresses would break on the search page).
        "front_matter": front_matter(
            title=s["home"], description=s["site_description"], template="home.html", search={"exclude": True}
        ),
        "s": s,
        "catalog_url": f"{pages}datasets/",
        "search_url": f"{pages}search/",
        "figures": figures,
        # a topic's caveat stays beside its figures: figures from different documents
        # (961人 and 約960人) must not read as one series
        "topics": [
            {"title": t.title(lang), "url": f"{pages}{t.slug}", "caveat": text(t.descriptor, "caveat", lang)}
            for t in chosen
        ],
        "charts": thumbs,
        "packages": packages,
        "updates": entry_views(site, changelog(site.validation.packages)[:LATEST], lang, pages),
        "updates_url": f"{pages}{UPDATES}",
    }
    return Page(page_name(lang), "home.md.j2", context)
