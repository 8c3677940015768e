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
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

#: The kinds of change, in the order of their weight.
KINDS = ("new-data", "correction", "revision", "metadata")
#: How often a source is published (DCAT's frequency vocabulary, by its last path segment).
PERIODICITIES = ("annual", "semiannual", "quarterly", "monthly", "irregular")
Bump = Literal["major", "minor", "patch"]
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


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
