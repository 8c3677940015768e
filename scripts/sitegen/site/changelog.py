"""The public changelog: every ``changes:`` entry of every package, newest first.

The Updates page, the home page's latest updates, the Atom feeds, ``status.json`` and
the sitemap's dates all read this one list, made from the descriptors' own words (in
both languages), never from the git log. A package without a ``changes:`` log simply
has no entries; an entry whose date is not an ISO 8601 date is left out (validation
reports it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitegen.core.i18n import Strings, text
from sitegen.format.dates import date_words
from sitegen.model.packages import Package, Resource
from sitegen.model.releases import Change, changes, iso_date, parse_version


@dataclass(frozen=True)
class Entry:
    """One change of one package, as the public reads it."""

    package: Package
    change: Change
    day: dt.date

    @property
    def version(self) -> str:
        return self.change.version

    @property
    def kind(self) -> str:
        return self.change.kind

    @property
    def anchor(self) -> str:
        """The entry's fragment on the Updates page: the package and the version."""
        return f"{self.package.name}-v{self.version}" if self.version else f"{self.package.name}-{self.day}"

    @property
    def resources(self) -> tuple[Resource, ...]:
        """The tables it touched (every table of the package when the entry names none)."""
        named = self.change.resources
        return tuple(r for r in self.package.resources if named is None or r.name in named)

    def touches(self, resource: Resource) -> bool:
        return resource.package.name == self.package.name and self.change.touches(resource.name)

    def summary(self, lang: str) -> str:
        return text(self.change.raw, "summary", lang)

    def source(self, lang: str) -> str:
        return text(self.change.raw, "source", lang)


def day_of(value: object) -> dt.date | None:
    """The day of a ``changes:`` entry (an ISO 8601 date; YAML may have read it as one)."""
    found = iso_date(value)
    return dt.date.fromisoformat(found) if found else None


def day_words(day: dt.date, lang: str) -> str:
    """The day as a reader writes it: 2027年6月30日 / 30 June 2027."""
    return date_words(day.isoformat(), lang)


def _order(entry: Entry) -> tuple[int, tuple[int, int, int], str]:
    version = parse_version(entry.version)
    numbers = (version.major, version.minor, version.patch) if version else (-1, -1, -1)
    # Newest first; on one day, the higher version first, then packages by name.
    return (-entry.day.toordinal(), (-numbers[0], -numbers[1], -numbers[2]), entry.package.name)


def changelog(packages: Iterable[Package]) -> tuple[Entry, ...]:
    """Every dated entry of every package's ``changes:`` log, newest first."""
    entries = []
    for package in packages:
        for change in changes(package.descriptor):
            day = day_of(change.raw.get("date"))
            if day is not None:
                entries.append(Entry(package, change, day))
    return tuple(sorted(entries, key=_order))


def of_package(entries: Sequence[Entry], package: Package) -> tuple[Entry, ...]:
    return tuple(e for e in entries if e.package.name == package.name)


def of_resource(entries: Sequence[Entry], resource: Resource) -> tuple[Entry, ...]:
    return tuple(e for e in entries if e.touches(resource))


def newest(entries: Sequence[Entry]) -> dt.date | None:
    """The date of the newest entry (the list is newest first)."""
    return entries[0].day if entries else None


def kind_words(strings: Strings, kind: str, lang: str) -> str:
    """The kind of a change in words (``change_kind:<kind>`` of strings.yml)."""
    key = f"change_kind:{kind}"
    return strings.get(key, lang) if key in strings.table else kind


def entry_title(strings: Strings, entry: Entry, lang: str) -> str:
    """The entry's title in a feed: the document, the kind of change, the version."""
    kind = kind_words(strings, entry.kind, lang)
    return strings.get("update_title", lang, package=entry.package.title(lang), kind=kind, version=entry.version)
