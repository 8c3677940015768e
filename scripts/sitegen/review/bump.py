"""The version bump a pull request needs, from its data diff against the base branch.

Each package's changes since the base decide the step its ``version`` must go up by
(semantic versioning, as Frictionless and DataCite use it for data):

- MAJOR: what a reuser relies on is gone or different: a field removed, renamed or
  retyped, a table removed, rows removed (a key that resolved no longer does), or the
  licence changed;
- MINOR: something was added and nothing taken away: rows, tables or fields added;
- PATCH: values of existing rows revised (a correction, or the document's revision),
  or metadata alone (titles, descriptions, notes, checks, charts).

``bump_problems`` reports an error when the data changed but the version did not go
up by exactly that step (a warning when only metadata changed, and when the step is
larger than needed); the validation of the log (``validate/releases.py``) makes sure
that the new version has its ``changes:`` entry, at the top. ``proposals`` drafts that
entry for ``make diff``, in both languages, for the contributor to edit and paste.
A package new on this branch, or not versioned on the base, has nothing to bump from.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen.core.i18n import text
from sitegen.core.problems import Bilingual, Problem, section
from sitegen.model.packages import Package
from sitegen.model.releases import (
    KINDS,
    Bump,
    Proposal,
    Version,
    changes,
    larger,
    largest,
    parse_version,
)
from sitegen.review.diff import DataDiff, TableDiff

#: Keys that describe the edition rather than its content: editing them alone is no change.
RELEASE_KEYS = ("version", "changes", "next_edition")

#: The step each kind of change needs.
BUMP_OF: dict[str, Bump] = {
    "field-removed": "major",
    "field-retyped": "major",
    "licence-changed": "major",
    "table-removed": "major",
    "rows-removed": "major",
    "table-added": "minor",
    "field-added": "minor",
    "rows-added": "minor",
    "values-changed": "patch",
    "metadata": "patch",
}
ADDITIONS = ("table-added", "rows-added", "field-added")


@dataclass(frozen=True)
class Reason:
    """One kind of change to one table (or to the package: ``resource`` empty)."""

    what: str  # a key of BUMP_OF
    resource: str = ""
    detail: str = ""  # the field, for field-*
    count: int = 0  # rows (rows-*) or values (values-changed)
    rows: int = 0  # values-changed: in how many rows

    @property
    def bump(self) -> Bump:
        return BUMP_OF[self.what]

    def words(self, lang: str) -> str:
        values = dataclasses.asdict(self) | {
            "rows": _counted("row", self.count, lang),
            "values": _counted("value", self.count, lang),
        }
        return _words()[self.what][lang].format(**values)


@dataclass
class PackageChanges:
    """What changed in one package between the base and the working tree."""

    package: str
    base: Mapping[str, Any]
    now: Mapping[str, Any]
    reasons: list[Reason] = field(default_factory=list)

    @property
    def required(self) -> Bump | None:
        return largest([r.bump for r in self.reasons])

    @property
    def data_changed(self) -> bool:
        return any(r.what != "metadata" for r in self.reasons)

    @property
    def kind(self) -> str:
        """The kind of change a reader should read in the log."""
        if any(r.what in ADDITIONS for r in self.reasons):
            return "new-data"
        return "correction" if self.data_changed else "metadata"

    @property
    def resources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.resource for r in self.reasons if r.resource))

    def describe(self, lang: str) -> str:
        return ("、" if lang == "ja" else "; ").join(r.words(lang) for r in self.reasons)


def _words() -> dict[str, Bilingual]:
    return section("_release")


# What changed ------------------------------------------------------------------------------


def _resources(descriptor: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for res in descriptor.get("resources") or []:
        if isinstance(res, Mapping) and isinstance(res.get("name"), str):
            found[res["name"]] = res
    return found


def _fields(resource: Mapping[str, Any]) -> dict[str, str]:
    """Field name → type (``string`` when not given, as Table Schema says)."""
    schema = resource.get("schema")
    items = schema.get("fields") if isinstance(schema, Mapping) else None
    found: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("name"), str):
            found[item["name"]] = str(item.get("type") or "string")
    return found


def _licences(descriptor: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The licences by what identifies them (a new translation of a title is not a new licence)."""
    items = descriptor.get("licenses")
    return sorted(
        (str(item.get("name") or ""), str(item.get("path") or ""))
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, Mapping)
    )


def _schema_reasons(base: Mapping[str, Any], now: Mapping[str, Any]) -> Iterable[Reason]:
    old_resources, new_resources = _resources(base), _resources(now)
    for name in old_resources.keys() - new_resources.keys():
        yield Reason("table-removed", name)
    for name in sorted(new_resources.keys() - old_resources.keys()):
        yield Reason("table-added", name)
    for name in sorted(old_resources.keys() & new_resources.keys()):
        old, new = _fields(old_resources[name]), _fields(new_resources[name])
        yield from (Reason("field-removed", name, column) for column in old if column not in new)
        yield from (
            Reason("field-retyped", name, column) for column in old if column in new and old[column] != new[column]
        )
        yield from (Reason("field-added", name, column) for column in new if column not in old)
    if _licences(base) != _licences(now):
        yield Reason("licence-changed")


def _table_reasons(diff: TableDiff) -> Iterable[Reason]:
    name = diff.table.name
    if diff.status in ("added", "removed"):
        yield Reason(f"table-{diff.status}", name)
        return
    if diff.header:
        old, new = diff.header
        yield from (Reason("field-removed", name, column) for column in old if column not in new)
        yield from (Reason("field-added", name, column) for column in new if column not in old)
    if diff.added:
        yield Reason("rows-added", name, count=len(diff.added))
    revised = [
        [cell for cell in change.cells if cell[1] is not None and cell[2] is not None] for change in diff.changed
    ]
    if any(revised):
        yield Reason("values-changed", name, count=sum(map(len, revised)), rows=sum(1 for cells in revised if cells))
    if diff.removed:
        yield Reason("rows-removed", name, count=len(diff.removed))


def _content(descriptor: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in descriptor.items() if key not in RELEASE_KEYS}


def package_changes(diff: DataDiff) -> list[PackageChanges]:
    """The changes of every package found on both sides, in the order of the packages."""
    found = []
    for package in diff.packages():
        base, now = diff.base_descriptors.get(package), diff.descriptors_now.get(package)
        if base is None or now is None:
            continue
        reasons = list(_schema_reasons(base, now))
        for table_diff in diff.tables:
            if table_diff.table.package == package:
                reasons += _table_reasons(table_diff)
        if not reasons and _content(base) != _content(now):
            reasons.append(Reason("metadata"))
        found.append(PackageChanges(package, base, now, _unique(reasons)))
    return found


def _unique(reasons: list[Reason]) -> list[Reason]:
    """One reason per (kind, table, field), the biggest step first: a field or a table
    changed in both the schema and the CSV is said once."""
    seen: set[tuple[str, str, str]] = set()
    result = []
    for reason in sorted(reasons, key=lambda r: (_order(r.bump), r.resource, r.what, r.detail)):
        key = (reason.what, reason.resource, reason.detail)
        if key not in seen:
            seen.add(key)
            result.append(reason)
    return result


def _order(bump: Bump) -> int:
    return ("major", "minor", "patch").index(bump)


# The check ---------------------------------------------------------------------------------


def _bump_words(bump: Bump, lang: str) -> str:
    word = _words()[f"bump_{bump}"][lang]
    return f"{word}バージョンの更新" if lang == "ja" else word


def _values(changed: PackageChanges, base: str, old: Version, version: Version, bump: Bump) -> dict[str, Any]:
    return {
        "base": base,
        "reasons": changed.describe("en") or _words()["nothing"]["en"],
        "reasons_ja": changed.describe("ja") or _words()["nothing"]["ja"],
        "old": str(old),
        "version": str(version),
        "proposed": str(old.bumped(bump)),
        "bump": _bump_words(bump, "en"),
        "bump_ja": _bump_words(bump, "ja"),
    }


def _kind_problem(package: Package, changed: PackageChanges, base: str, version: Version) -> Problem | None:
    """A warning when the new entry's kind does not say what changed."""
    log = changes(changed.now)
    entry = log[0] if log and parse_version(log[0].version) == version else None
    if entry is None or entry.kind == changed.kind or entry.kind not in KINDS:  # an unknown kind: reported
        return None
    expected = ["new-data"] if changed.kind == "new-data" else []
    if any(r.what not in (*ADDITIONS, "metadata") for r in changed.reasons):  # past values touched
        expected += ["correction", "revision"]
    expected = expected or ["metadata"]
    if entry.kind in expected:
        return None
    quoted = [f"`kind: {kind}`" for kind in expected]
    values = {
        "version": str(version),
        "kind": entry.kind,
        "base": base,
        "reasons": changed.describe("en"),
        "reasons_ja": changed.describe("ja"),
        "expected": " or ".join(quoted),
        "expected_ja": " または ".join(quoted),
    }
    problem = package.problem("changes-kind", ("changes", 0, "kind"), "kind", **values)
    return dataclasses.replace(problem, severity="warning")


def _check(package: Package, changed: PackageChanges, base: str) -> list[Problem]:
    old, version = parse_version(changed.base.get("version")), parse_version(changed.now.get("version"))
    required = changed.required
    if old is None or version is None:  # not versioned on the base (the first edition), or reported already
        return []
    if version == old:
        if required is None:
            return []
        problem = package.problem(
            "version-not-bumped", ("version",), "version", **_values(changed, base, old, version, required)
        )
        return [problem if changed.data_changed else dataclasses.replace(problem, severity="warning")]
    given = version.bump_from(old)
    if given is None or (required is not None and larger(required, given)):
        bump = required or "patch"
        return [
            package.problem("version-bump-wrong", ("version",), "version", **_values(changed, base, old, version, bump))
        ]
    if required is None:
        return []  # a new entry for the log alone: nothing to say
    problems = []
    if larger(given, required):
        values = _values(changed, base, old, version, required)
        values |= {"given": _bump_words(given, "en"), "given_ja": _bump_words(given, "ja")}
        problem = package.problem("version-bump-larger", ("version",), "version", **values)
        problems.append(dataclasses.replace(problem, severity="warning"))
    kind = _kind_problem(package, changed, base, version)
    return problems + ([kind] if kind else [])


def bump_problems(diff: DataDiff, packages: Iterable[Package]) -> list[Problem]:
    """The bump check of every package that exists on the base and validated into a Package."""
    by_name = {package.dir.name: package for package in packages}
    problems = []
    for changed in package_changes(diff):
        package = by_name.get(changed.package)
        if package is not None:
            problems += _check(package, changed, diff.base)
    return problems


# The proposal ------------------------------------------------------------------------------


def _title(descriptor: Mapping[str, Any], lang: str, resource: str, field_name: str = "") -> str:
    res = _resources(descriptor).get(resource)
    if res is None:
        return field_name or resource
    if not field_name:
        return text(res, "title", lang, resource)
    schema = res.get("schema")
    for item in schema.get("fields") or [] if isinstance(schema, Mapping) else []:
        if isinstance(item, Mapping) and item.get("name") == field_name:
            return text(item, "title", lang, field_name)
    return field_name


def _counted(key: str, count: int, lang: str) -> str:
    words = _words()
    return (words[f"{key}_one"] if count == 1 else words[f"{key}_other"])[lang].format(count=count)


def _sentence(changed: PackageChanges, reason: Reason, lang: str) -> str:
    side = changed.base if reason.what in ("table-removed", "field-removed") else changed.now
    values = {
        "title": _title(side, lang, reason.resource),
        "field": _title(side, lang, reason.resource, reason.detail),
        "count": reason.rows if reason.what == "values-changed" else reason.count,
        "rows": _counted("row", reason.rows or reason.count, lang),
        "values": _counted("value", reason.count, lang),
    }
    return _words()[f"draft_{reason.what}"][lang].format(**values)


def _draft(changed: PackageChanges, lang: str) -> str:
    sentences = [_sentence(changed, reason, lang) for reason in _in_table_order(changed)]
    return ("" if lang == "ja" else " ").join(dict.fromkeys(sentences))


def _in_table_order(changed: PackageChanges) -> list[Reason]:
    """The reasons table by table, as the descriptor lists them, each table's added rows first."""
    order = {name: index for index, name in enumerate([*_resources(changed.now), *_resources(changed.base)])}
    steps = ["table-added", "rows-added", "field-added", "values-changed", "rows-removed", "field-removed"]
    steps += ["field-retyped", "table-removed", "licence-changed", "metadata"]
    return sorted(changed.reasons, key=lambda r: (order.get(r.resource, len(order)), steps.index(r.what)))


def proposals(diff: DataDiff, today: datetime.date | None = None) -> list[Proposal]:
    """The next version and a draft ``changes:`` entry of every changed, versioned package."""
    date = (today or datetime.date.today()).isoformat()
    found = []
    for changed in package_changes(diff):
        current, bump = parse_version(changed.base.get("version")), changed.required
        if current is None or bump is None:
            continue
        now = changed.now
        found.append(
            Proposal(
                package=changed.package,
                current=current,
                bump=bump,
                kind=changed.kind,
                date=date,
                summary=_draft(changed, "ja"),
                summary_en=_draft(changed, "en"),
                source=text(now, "document", "ja", ""),
                source_en=text(now, "document", "en", ""),
                resources=tuple(r for r in changed.resources if r in _resources(now)) if changed.data_changed else (),
                reasons=tuple(r.words("en") for r in changed.reasons),
                reasons_ja=tuple(r.words("ja") for r in changed.reasons),
            )
        )
    return found
