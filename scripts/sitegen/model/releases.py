"""A package's editions: its ``version``, its ``changes:`` log and its update schedule.

The data changes every year and reusers cite it, so a package says which version it
is, what each version changed (in both languages: the public changelog is this log,
never the git log), how often its source is published and when the next edition is
expected:

    version: 1.1.0
    accrualPeriodicity: annual                # how often the source document is published
    next_edition: 2027-06                     # when the next edition is expected
    changes:                                  # newest first
      - version: 1.1.0
        date: 2027-06-30
        kind: new-data                        # new-data | correction | revision | metadata
        summary: 令和6年度の数値を追加しました。
        summary_en: Added the figures for FY2024.
        source: 人事院 年次報告書（令和6年度）  # + source_en: the document of the new figures
        resources: [dispatch-act-staff]       # the tables it changed (all, if absent)

Versions follow Frictionless and DataCite practice (semantic versioning): MAJOR when a
field is removed, renamed or retyped or the licence changes; MINOR when rows are added;
PATCH for corrections and revisions of past values, and for metadata alone.
``datapackage/README.md`` (Versions and changes) states the rules for contributors;
``validate/releases.py`` checks a descriptor's log and ``review/bump.py`` the bump
against the base branch.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

#: The kinds of change, in the order of their weight.
KINDS = ("new-data", "correction", "revision", "metadata")
#: How often a source is published (DCAT's frequency vocabulary, by its last path segment).
PERIODICITIES = ("annual", "semiannual", "quarterly", "monthly", "triennial", "irregular")
Bump = Literal["major", "minor", "patch"]
#: The bumps, the largest first.
BUMPS: tuple[Bump, ...] = ("major", "minor", "patch")
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def larger(first: Bump, second: Bump) -> bool:
    """Whether ``first`` is a larger step than ``second`` (major > minor > patch)."""
    return BUMPS.index(first) < BUMPS.index(second)


def largest(bumps: Sequence[Bump]) -> Bump | None:
    return min(bumps, key=BUMPS.index) if bumps else None


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def bumped(self, bump: Bump) -> Version:
        if bump == "major":
            return Version(self.major + 1, 0, 0)
        if bump == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def bump_from(self, older: Version) -> Bump | None:
        """Which part went up from ``older`` to this one (None if not exactly one step up)."""
        bumps: tuple[Bump, ...] = ("major", "minor", "patch")
        return next((bump for bump in bumps if older.bumped(bump) == self), None)


def parse_version(value: Any) -> Version | None:
    match = _SEMVER.match(str(value)) if value is not None else None
    return Version(*(int(part) for part in match.groups())) if match else None


def iso_date(value: Any) -> str | None:
    """``value`` as an ISO date (YAML reads an unquoted ``2027-06-30`` as a date), or None."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def iso_month(value: Any) -> str | None:
    """``value`` as an ISO year-month (``2027-06``) or date, or None."""
    if isinstance(value, str) and _YEAR_MONTH.match(value):
        return value
    return iso_date(value)


def iso_partial_date(value: Any) -> str | None:
    """``value`` as an ISO year, year-month or date (a document's own date), or None."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str) and _YEAR.match(value):
        return value
    return iso_month(value)


@dataclass(frozen=True)
class Change:
    version: str
    date: str
    kind: str
    raw: Mapping[str, Any]

    @property
    def resources(self) -> tuple[str, ...] | None:
        """The tables this change touched, or None for all of them."""
        names = self.raw.get("resources")
        return tuple(str(n) for n in names) if isinstance(names, list) else None

    def touches(self, resource_name: str) -> bool:
        return self.resources is None or resource_name in self.resources


def changes(descriptor: Mapping[str, Any]) -> list[Change]:
    """The package's changes log as declared (newest first)."""
    found = []
    for raw in descriptor.get("changes") or []:
        if isinstance(raw, Mapping):
            found.append(Change(str(raw.get("version", "")), str(raw.get("date", "")), str(raw.get("kind", "")), raw))
    return found


def current_version(descriptor: Mapping[str, Any]) -> Version | None:
    return parse_version(descriptor.get("version"))


def changes_of(descriptor: Mapping[str, Any], resource_name: str) -> list[Change]:
    return [c for c in changes(descriptor) if c.touches(resource_name)]


def latest(entries: Sequence[Change]) -> Change | None:
    return entries[0] if entries else None


@dataclass(frozen=True)
class Proposal:
    """The next edition of a package, as ``make diff`` proposes it from the data diff:
    the bump the changes need and a draft ``changes:`` entry, in both languages."""

    package: str
    current: Version
    bump: Bump
    kind: str
    date: str
    summary: str
    summary_en: str
    source: str = ""
    source_en: str = ""
    #: The tables whose data changed (empty for a change of metadata alone: all of them).
    resources: tuple[str, ...] = ()
    #: Why, in the words of ``messages.yml`` ``_release`` (English / Japanese).
    reasons: tuple[str, ...] = field(default=())
    reasons_ja: tuple[str, ...] = field(default=())

    @property
    def version(self) -> Version:
        return self.current.bumped(self.bump)
