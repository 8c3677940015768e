"""The Updates page: every change of every package, newest first, in the reader's words.

Made from the descriptors' ``changes:`` logs (``site.changelog``), never the git log:
each entry says when, which document, which version, what kind of change, what changed
and which tables it touched. The home page's latest updates are its first entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sitegen.core.i18n import lang_prefix
from sitegen.site.changelog import Entry, changelog, day_words, kind_words
from sitegen.site.feeds import package_feed, package_feed_title, site_feed
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.common import Page, front_matter, page_name, root_of

SLUG = "updates/"


def entry_view(site: SiteInputs, entry: Entry, lang: str, pages: str) -> dict[str, Any]:
    """One entry as a template shows it; ``pages`` is the page's way to the root of the
    pages of its language (``root_of`` and the language's prefix)."""
    source = entry.source(lang)
    return {
        "anchor": entry.anchor,
        "url": f"{pages}{SLUG}#{entry.anchor}",
        "date": entry.day.isoformat(),
        "date_words": day_words(entry.day, lang),
        "package": entry.package.title(lang),
        "package_url": f"{pages}datasets/#{entry.package.name}",
        "version": site.strings.get("update_version", lang, version=entry.version) if entry.version else "",
        "kind": kind_words(site.strings, entry.kind, lang),
        "summary": entry.summary(lang),
        "source": site.strings.get("update_source", lang, source=source) if source else "",
        "tables": [{"title": r.title(lang), "url": f"{pages}{r.slug}"} for r in entry.resources],
    }


def entry_views(site: SiteInputs, entries: Sequence[Entry], lang: str, pages: str) -> list[dict[str, Any]]:
    return [entry_view(site, entry, lang, pages) for entry in entries]


def updates_page(site: SiteInputs, lang: str) -> Page:
    root = root_of(SLUG, lang)  # the site root: the feeds are the same for every language
    s = site.s(lang)
    packages = sorted(site.validation.packages, key=lambda p: p.name)
    context = {
        "front_matter": front_matter(title=s["updates"], description=s["updates_intro"]),
        "s": s,
        "entries": entry_views(site, changelog(site.validation.packages), lang, f"{root}{lang_prefix(lang)}"),
        "site_feed": f"{root}{site_feed(lang)}",
        "package_feeds": [
            {"title": package_feed_title(site, p, lang), "url": f"{root}{package_feed(p, lang)}"} for p in packages
        ],
    }
    return Page(f"{SLUG}{page_name(lang)}", "updates.md.j2", context)
