"""Generate the docs folder from the validated packages: every download, chart and page
of every language, and the navigation. The site in our own Python; an assembler
(MkDocs today) only turns what is written here into HTML.

The order is data, not convention: downloads return the index of what was published,
the renders an index of what was rendered (heights included), the table bodies theirs;
each page is a pure function of those indexes and the site's inputs.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from sitegen.charts.render import vega_bundle
from sitegen.core.i18n import LANGS
from sitegen.core.paths import Layout
from sitegen.core.problems import Problem
from sitegen.site.chart_index import ChartIndex, submit_charts
from sitegen.site.downloads import DownloadIndex, publish_downloads
from sitegen.site.embeds import publish_embeds
from sitegen.site.feeds import publish_feeds
from sitegen.site.inputs import SiteInputs, gather
from sitegen.site.nav_tree import NavItem
from sitegen.site.navigation import navigation
from sitegen.site.output import Output
from sitegen.site.page_dates import dated
from sitegen.site.pages.catalog import catalog_page
from sitegen.site.pages.common import Page, Templates
from sitegen.site.pages.coverage import coverage_page
from sitegen.site.pages.dataset import dataset_page
from sitegen.site.pages.home import home_page
from sitegen.site.pages.search import search_page
from sitegen.site.pages.topic import topic_page
from sitegen.site.pages.topics_index import topics_index_page
from sitegen.site.pages.updates import updates_page
from sitegen.site.releases import ReleaseIndex, publish_releases
from sitegen.site.status import publish_status
from sitegen.site.tables import TableIndex, submit_tables
from sitegen.validate.validation import Validation

VEGA_BUNDLE = "assets/javascripts/vendor/vega-bundle.js"


def jobs() -> int:
    """How many renders run at once: one per core, or ``SITEGEN_JOBS``."""
    try:
        return max(1, int(os.environ.get("SITEGEN_JOBS", "")))
    except ValueError:
        return max(1, min(os.cpu_count() or 1, 8))


@dataclass(frozen=True)
class Generated:
    """What one generation produced: the files it wrote and the navigation of its pages."""

    output: Output
    nav: tuple[NavItem, ...]
    langs: tuple[str, ...]
    #: What the build log should say (e.g. that only current versions were published).
    notes: tuple[str, ...] = ()
    #: The downloads' breaches of the machine-readability rules: the build must stop.
    problems: tuple[Problem, ...] = ()


def static_sources(site: SiteInputs, out: Output) -> None:
    """The hand-written pages and assets of ``site_src``, and the chart library. The
    pages may name the project's repository (where readers report errors): they are
    Jinja templates with ``repository`` and ``issues`` ("" when the build does not know
    the repository, so a page can say so instead of linking nowhere)."""
    for folder in ("pages", "assets"):
        src = site.layout.site_src / folder
        for path in sorted(src.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(src).as_posix()
            if folder == "pages" and path.suffix == ".md":
                out.put(rel, static_page(path.read_text(encoding="utf-8"), site.repository))
            else:
                out.copy(path, rel if folder == "pages" else f"assets/{rel}")
    out.put(VEGA_BUNDLE, vega_bundle(site.layout.cache))


#: Hand-written pages are Markdown, not HTML: nothing to escape.
_STATIC = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def static_page(source: str, repository: str) -> str:
    """A hand-written page with the repository's addresses filled in."""
    issues = f"{repository}/issues" if repository else ""
    return _STATIC.from_string(source).render(repository=repository, issues=issues)


def pages(
    site: SiteInputs, downloads: DownloadIndex, charts: ChartIndex, tables: TableIndex, releases: ReleaseIndex
) -> list[Page]:
    """Every page of every built language, from the indexes of what was published."""
    result = []
    for lang in site.langs:
        for package in site.validation.packages:
            for r in package.resources:
                key = (package.name, r.name, lang)
                page = dataset_page(site, r, lang, charts.of_resource(r, lang), tables[key], downloads, releases)
                result.append(page)
        result.append(catalog_page(site, lang))
        result.append(home_page(site, lang, charts))
        result.append(coverage_page(site, lang, downloads))
        result.append(updates_page(site, lang))
        result.append(search_page(site, lang))
        if site.topics:
            result.append(topics_index_page(site, lang))
        result.extend(topic_page(site, topic, lang, charts) for topic in site.topics)
    return result


def generate(
    layout: Layout, validation: Validation, site_url: str = "", langs: tuple[str, ...] = LANGS, repository: str = ""
) -> Generated:
    """Write ``layout.docs``. Renders and table bodies run on worker threads (the renders
    in child processes) while this thread writes the downloads, so both cores are busy
    from the start; the pages are written once all three indexes are complete."""
    site = gather(layout, validation, site_url, langs, repository)
    out = Output(layout.docs)
    static_sources(site, out)
    with ThreadPoolExecutor(max_workers=jobs(), thread_name_prefix="render") as pool:
        try:
            chart_index = submit_charts(site, out, pool)
            table_index = submit_tables(site, pool)
            releases = publish_releases(site, out)
            downloads = publish_downloads(site, out, releases)
            charts, tables = chart_index(), table_index()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    templates = Templates(layout.site_src / "templates")
    for page in dated(site, pages(site, downloads, charts, tables, releases)):
        out.put(page.path, templates.render(page))
    publish_embeds(site, out, charts, templates)
    publish_feeds(site, out)
    publish_status(site, out)
    out.prune()
    return Generated(out, navigation(site), site.langs, tuple(releases.notes), tuple(downloads.problems))


def check_downloads(layout: Layout, validation: Validation) -> list[Problem]:
    """The machine-readability rules on every download, written to a scratch folder:
    what ``make validate`` adds to the source checks, so that a contributor meets a
    breach before the build does (without earlier versions, L3-07 is not judged)."""
    site = gather(layout, validation)
    with tempfile.TemporaryDirectory(prefix="sitegen-downloads-") as scratch:
        return publish_downloads(site, Output(Path(scratch))).problems
