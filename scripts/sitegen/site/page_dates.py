"""What every generated page says about its data's dates and feeds, in its front matter.

Read by the theme overrides, not by readers: ``lastmod`` and ``changefreq`` by the
sitemap (``site_src/overrides/sitemap.xml``), ``feed`` and ``feed_title`` by
``main.html``'s ``<link rel="alternate" type="application/atom+xml">``.

- a dataset page: ``lastmod`` is the date of the newest change that touched its table,
  ``changefreq`` follows its package's ``accrualPeriodicity`` (``yearly`` for annual
  sources and when none is declared), ``feed`` is its package's feed;
- a topic page: the newest change of any table it draws on, as often as the most
  frequently published of their packages;
- every other generated page (home, catalog, coverage, Updates, search): the newest
  change of the site, as often as its most frequently published package.

A page whose data has no dated change yet gets no ``lastmod`` (the sitemap then gives
the build's date, as MkDocs does). Done in one place, after the pages are made, so that
no page kind has to know about the sitemap.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

import yaml
from markupsafe import Markup

from sitegen.model.packages import Package, Resource
from sitegen.model.topics import Topic, resolve
from sitegen.site.changelog import Entry, changelog, newest, of_resource
from sitegen.site.feeds import package_feed, package_feed_title
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.common import Page, page_name

#: Sitemap ``changefreq`` for each ``accrualPeriodicity`` (the sitemap has no quarterly).
CHANGEFREQ = {
    "annual": "yearly",
    "triennial": "yearly",
    "irregular": "yearly",
    "semiannual": "monthly",
    "quarterly": "monthly",
    "monthly": "monthly",
}
DEFAULT_CHANGEFREQ = "yearly"
_FREQUENCY_ORDER = ("never", "yearly", "monthly", "weekly", "daily", "hourly", "always")


def changefreq(package: Package) -> str:
    return CHANGEFREQ.get(str(package.descriptor.get("accrualPeriodicity", "")), DEFAULT_CHANGEFREQ)


def _most_frequent(values: Iterable[str]) -> str:
    return max(values, key=_FREQUENCY_ORDER.index, default=DEFAULT_CHANGEFREQ)


def _refs(value: Any) -> Iterator[str]:
    """Every ``package/resource`` a topic names (``datasets``, and any ``resource`` key)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key == "resource" and isinstance(item, str):
                yield item
            elif key == "datasets" and isinstance(item, list):
                yield from (str(ref) for ref in item)
            else:
                yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def topic_resources(site: SiteInputs, topic: Topic) -> list[Resource]:
    found = (resolve(site.validation.packages, ref) for ref in _refs(topic.descriptor))
    return [r for r in found if r is not None]


def _newest_touching(entries: Sequence[Entry], resources: Iterable[Resource]) -> dt.date | None:
    days = [day for r in resources if (day := newest(of_resource(entries, r))) is not None]
    return max(days, default=None)


def _with(page: Page, values: Mapping[str, str | None]) -> Page:
    chosen = {key: value for key, value in values.items() if value}
    if not chosen:
        return page
    extra = yaml.safe_dump(chosen, allow_unicode=True, sort_keys=False, width=10_000).strip()
    context = {**page.context, "front_matter": Markup(f"{page.context['front_matter']}\n{extra}")}
    return replace(page, context=context)


def dated(site: SiteInputs, pages: Sequence[Page]) -> list[Page]:
    """``pages`` with their data's dates and feed added to their front matter."""
    entries = changelog(site.validation.packages)
    site_day = newest(entries)
    site_freq = _most_frequent(changefreq(p) for p in site.validation.packages)
    by_slug: dict[str, Resource] = {r.slug: r for p in site.validation.packages for r in p.resources}
    topics = {t.slug: t for t in site.topics}
    result = []
    for page in pages:
        lang = next((lang for lang in site.langs if page.path.endswith(page_name(lang))), site.langs[0])
        slug = page.path[: -len(page_name(lang))]
        resource = by_slug.get(slug)
        topic = topics.get(slug)
        if resource is not None:
            day = newest(of_resource(entries, resource))
            values = {
                "lastmod": day.isoformat() if day else None,
                "changefreq": changefreq(resource.package),
                "feed": package_feed(resource.package, lang),
                "feed_title": html.escape(package_feed_title(site, resource.package, lang)),
            }
        elif topic is not None:
            drawn = topic_resources(site, topic)
            day = _newest_touching(entries, drawn)
            values = {
                "lastmod": day.isoformat() if day else None,
                "changefreq": _most_frequent(changefreq(r.package) for r in drawn),
            }
        else:
            values = {"lastmod": site_day.isoformat() if site_day else None, "changefreq": site_freq}
        result.append(_with(page, values))
    return result
