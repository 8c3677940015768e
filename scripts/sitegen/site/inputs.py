"""Everything site-wide that every page reads, gathered once before any page is made.

Reading strings, topics and featured items here (I/O at the edge) is what lets
each page kind be a pure function of these inputs and the indexes of what was published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.core.i18n import DEFAULT_LANG, LANGS, Strings, lang_prefix, load_strings
from sitegen.core.paths import Layout
from sitegen.core.reproducible import source_datetime
from sitegen.model.packages import Resource, read_descriptor
from sitegen.model.topics import Topic, load_topics
from sitegen.validate.validation import Validation


@dataclass(frozen=True)
class SiteInputs:
    layout: Layout
    validation: Validation
    strings: Strings
    #: The address the site is published at, with a trailing slash, or "".
    site_url: str
    #: The languages whose pages are built; downloads and metadata stay bilingual regardless.
    langs: tuple[str, ...]
    topics: tuple[Topic, ...]
    featured: Mapping[str, Any]
    #: The project's repository (``https://github.com/<owner>/<name>``), or "".
    repository: str
    #: The build's one timestamp (reproducible: the last commit's).
    published: dt.datetime

    def s(self, lang: str) -> dict[str, str]:
        return self.strings.for_lang(lang)

    def page_url(self, slug: str, lang: str) -> str:
        return f"{self.site_url}{lang_prefix(lang)}{slug}"

    def rows(self, resource: Resource) -> list[dict[str, Any]]:
        return csv_rows(self.validation.for_resource(resource).rows)


def gather(
    layout: Layout, validation: Validation, site_url: str = "", langs: tuple[str, ...] = LANGS, repository: str = ""
) -> SiteInputs:
    """Read what the pages need besides the validated packages."""
    featured_path = layout.datapackage / "featured.yaml"
    return SiteInputs(
        layout=layout,
        validation=validation,
        strings=load_strings(layout.site_src / "strings.yml"),
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        langs=tuple(lang for lang in LANGS if lang in langs) or (DEFAULT_LANG,),
        topics=tuple(load_topics(layout.root)[0]),
        featured=read_descriptor(featured_path) if featured_path.is_file() else {},
        repository=repository,
        published=source_datetime(layout.root),
    )


def csv_rows(rows: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Typed rows as the downloads and charts publish them."""
    return [{k: _plain_value(v) for k, v in row.items()} for _, row in rows]


def _plain_value(value: Any) -> Any:
    """frictionless gives year-months as (year, month) tuples; publish them as ISO 8601."""
    if isinstance(value, tuple) and hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year:04d}-{value.month:02d}"
    return value
