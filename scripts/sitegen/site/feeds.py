"""Atom feeds of the changelog: one for the whole site and one per package, in each
language, so that a reuser learns of a new edition without watching the site.

URLs (below the site root, whichever language; the same in every build):

- ``feeds/updates-<lang>.xml``: every change of every package
- ``feeds/updates-<package>-<lang>.xml``: the changes of one package
- ``feeds/sitemap.xml``: the sitemap of the feeds (also what Material's theme fetches
  beside every ``<link rel="alternate">`` a page announces; without it, every page
  would request a missing file)

Each entry is one ``changes:`` entry (``changelog.Entry``): its id is the URL of the
entry on the Updates page of that language (a ``tag:`` URI when the site has no
address), its dates the entry's date, its link the entry on the Updates page, its
content the summary with links to the tables it touched. Nothing depends on when the
build ran: two builds of one commit write the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from sitegen.core.i18n import lang_prefix
from sitegen.model.packages import Package
from sitegen.site.changelog import Entry, changelog, entry_title, kind_words, newest, of_package
from sitegen.site.inputs import SiteInputs
from sitegen.site.output import Output
from sitegen.site.sitemaps import sitemap

FOLDER = "feeds"
#: The changes log's dates are Japanese dates: an entry of 2027-06-30 is of that day in Japan.
JST = dt.timezone(dt.timedelta(hours=9))
ATOM = "application/atom+xml"


def site_feed(lang: str) -> str:
    """Where the site-wide feed of ``lang`` is, below the site root."""
    return f"{FOLDER}/updates-{lang}.xml"


def package_feed(package: Package | str, lang: str) -> str:
    """Where the feed of one package is, below the site root."""
    name = package if isinstance(package, str) else package.name
    return f"{FOLDER}/updates-{name}-{lang}.xml"


def package_feed_title(site: SiteInputs, package: Package, lang: str) -> str:
    return site.strings.get("feed_package_title", lang, package=package.title(lang))


def site_feed_title(site: SiteInputs, lang: str) -> str:
    return site.strings.get("feed_site_title", lang, site=site.strings.get("site_name", lang))


def _url(site: SiteInputs, path: str, lang: str | None = None) -> str:
    """An address for a feed: absolute from the site's address, else relative to ``feeds/``."""
    rel = f"{lang_prefix(lang) if lang else ''}{path}"
    return f"{site.site_url}{rel}" if site.site_url else f"../{rel}"


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=JST)


def _entry_id(site: SiteInputs, entry: Entry, lang: str) -> str:
    if site.site_url:
        return _url(site, f"updates/#{entry.anchor}", lang)
    return f"tag:sitegen.invalid,{entry.day.isoformat()}:{entry.package.name}/{entry.version}/{lang}"


def _content(site: SiteInputs, entry: Entry, lang: str) -> str:
    """The entry as HTML: its summary, the document of the new figures, the tables."""
    s = site.strings
    parts = [f"<p>{html.escape(entry.summary(lang))}</p>"]
    if entry.source(lang):
        parts.append(f"<p>{html.escape(s.get('update_source', lang, source=entry.source(lang)))}</p>")
    links = [
        f'<a href="{html.escape(_url(site, r.slug, lang))}">{html.escape(r.title(lang))}</a>' for r in entry.resources
    ]
    if links:
        parts.append(f"<p>{html.escape(s.get('update_tables', lang))}{s.get('list_separator', lang).join(links)}</p>")
    return "".join(parts)


def atom(
    site: SiteInputs,
    entries: Sequence[Entry],
    lang: str,
    *,
    path: str,
    title: str,
    home: str,
) -> bytes:
    """One Atom feed of ``entries`` (newest first) at ``path``, whose page is ``home``."""
    feed = FeedGenerator()
    feed.id(_url(site, path) if site.site_url else f"tag:sitegen.invalid,2000:{path}")
    feed.title(title)
    feed.language(lang)
    feed.author({"name": site.strings.get("site_name", lang)})
    feed.link(href=_url(site, home, lang), rel="alternate", type="text/html")
    feed.link(href=_url(site, path), rel="self", type=ATOM)
    feed.subtitle(site.strings.get("updates_intro", lang))
    feed.updated(_moment(newest(entries) or site.published.date()))
    for entry in entries:
        item = feed.add_entry(order="append")
        item.id(_entry_id(site, entry, lang))
        item.title(entry_title(site.strings, entry, lang))
        item.updated(_moment(entry.day))
        item.published(_moment(entry.day))
        item.summary(entry.summary(lang))
        item.content(_content(site, entry, lang), type="html")
        # One link: feedgen 1.0.0 writes an entry's links with their href only (every one
        # would read as rel="alternate"), so the tables are linked from the content.
        item.link(href=_url(site, f"updates/#{entry.anchor}", lang), rel="alternate", type="text/html")
        item.category(term=entry.kind, label=kind_words(site.strings, entry.kind, lang))
    data: bytes = feed.atom_str(pretty=True)
    return data


def publish_feeds(site: SiteInputs, out: Output) -> list[str]:
    """Write every feed of every built language, and their sitemap; returns their paths."""
    entries = changelog(site.validation.packages)
    dated: list[tuple[str, dt.date | None]] = []
    for lang in site.langs:
        path = site_feed(lang)
        out.put(path, atom(site, entries, lang, path=path, title=site_feed_title(site, lang), home="updates/"))
        dated.append((path, newest(entries)))
        for package in sorted(site.validation.packages, key=lambda p: p.name):
            own = of_package(entries, package)
            path = package_feed(package, lang)
            title = package_feed_title(site, package, lang)
            out.put(path, atom(site, own, lang, path=path, title=title, home=f"datasets/#{package.name}"))
            dated.append((path, newest(own)))
    out.put(f"{FOLDER}/sitemap.xml", sitemap((_url(site, path), day) for path, day in dated))
    return [path for path, _ in dated]
