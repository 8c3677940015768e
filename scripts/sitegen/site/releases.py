"""Frozen releases: every version of every table stays downloadable, byte for byte.

For each package that declares a ``version`` (see ``model/releases.py``):

- ``data/<package>/v/<version>/<resource>.csv``: each table as it was in that version;
- ``data/<package>/v/<version>/datapackage.json``: the descriptor as published then,
  its paths pointing at those CSVs, with their sizes and SHA-256. The code tables that
  ``data/<package>/datapackage.json`` also lists are not versioned: they are made from
  the fields' ``categories``, which each versioned descriptor holds in full, and leaving
  them out keeps every version's descriptor the same bytes from one build to the next.

The current version is the working tree (the same bytes as ``data/<package>/``, also
under ``v/<current>/``); earlier versions come from git history: a version is every
commit whose descriptor has that ``version``, and its files are those of the newest of
them (the last commit before the version changed), read with ``git show``. Without the
whole history (no git, a shallow clone) only the current version is published and
``ReleaseIndex.notes`` says so, for the build log.

Git stores each file once, by content; a static host has no links, so every version's
files are written out in full. GitHub Pages publishes at most 1 GB per site: a version
adds the size of its package's tables (tens of kilobytes today, at most 5 MB a table),
so a yearly edition costs little, but a package whose tables grow large should publish
an old version's unchanged tables once and point its descriptor at them.

``publish_releases`` runs before the downloads' checksums and DCAT catalog are written
(they list the versioned files too) and returns the ``ReleaseIndex`` the dataset pages
read: per package its versions newest first, each with its date, kind and summary from
the ``changes:`` log, its files, and per table the rows added, changed and removed
against the previous version.
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitegen.core.files import sha256
from sitegen.core.git_history import Commit, History, HistoryUnavailable, open_history
from sitegen.format.dates import iso
from sitegen.model import descriptors
from sitegen.model import releases as editions
from sitegen.model.packages import DESCRIPTOR_NAMES, NAME, Package, Resource, unsafe_reason
from sitegen.model.releases import Version, parse_version
from sitegen.review.diff import Rows, Table, TableDiff, compare_rows
from sitegen.site.downloads import Download, descriptor_bytes
from sitegen.site.inputs import SiteInputs
from sitegen.site.output import Output
from sitegen.validate.csv_scan import MAX_CSV_BYTES, reader


@dataclass(frozen=True)
class RowCounts:
    """A table in one version, against the previous version that held it."""

    rows: int
    added: int = 0
    changed: int = 0
    removed: int = 0
    #: No earlier version holds this table.
    first: bool = False
    #: Earlier versions exist (the log names them) but none could be read to compare with.
    unknown: bool = False

    @property
    def same(self) -> bool:
        return not (self.first or self.unknown or self.added or self.changed or self.removed)


@dataclass(frozen=True)
class Release:
    """One version of a package, as published under ``data/<package>/v/<version>/``."""

    package: str
    version: str
    #: When it was published (the ``changes:`` entry of the version), ISO 8601, or "".
    date: str
    kind: str
    #: The ``changes:`` entry of the version (summary, summary_en, source, resources), or {}.
    change: Mapping[str, Any]
    #: The commit it was frozen from; "" for the working tree.
    commit: str
    current: bool
    descriptor: Download
    tables: Mapping[str, Download]
    rows: Mapping[str, RowCounts]

    def touches(self, resource_name: str) -> bool:
        """Whether this version's change concerns the table (a change naming no tables concerns all)."""
        names = self.change.get("resources")
        return not isinstance(names, list) or resource_name in [str(n) for n in names]

    def files_of(self, resource_name: str) -> list[Download]:
        """The table's CSV in this version and the descriptor that describes it."""
        table = self.tables.get(resource_name)
        return [table, self.descriptor] if table else [self.descriptor]


@dataclass
class ReleaseIndex:
    """Every published version of every package, newest first, and what the build log says."""

    packages: dict[str, tuple[Release, ...]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def of_package(self, name: str) -> tuple[Release, ...]:
        return self.packages.get(name, ())

    def of_resource(self, resource: Resource) -> list[Release]:
        """The versions that hold this table, newest first."""
        return [r for r in self.of_package(resource.package.name) if resource.name in r.tables]

    @property
    def files(self) -> list[Download]:
        return [f for versions in self.packages.values() for r in versions for f in (r.descriptor, *r.tables.values())]


@dataclass(frozen=True)
class Snapshot:
    """A package's descriptor and table bytes in one version."""

    version: Version
    descriptor: Mapping[str, Any]
    tables: Mapping[str, bytes]
    commit: Commit | None = None


# Comparing two versions of a table --------------------------------------------------------------


def _rows(data: bytes) -> Rows:
    records: list[list[str]] = []
    with contextlib.suppress(csv.Error):
        records.extend(reader(data.decode("utf-8-sig", errors="replace")))
    if not records:
        return Rows([], [])
    header = records[0]
    return Rows(
        header, [(n, dict(zip(header, cells, strict=False))) for n, cells in enumerate(records[1:], 2) if cells]
    )


def primary_key(descriptor: Mapping[str, Any], resource_name: str) -> tuple[str, ...]:
    for res in descriptor.get("resources") or []:
        if isinstance(res, Mapping) and res.get("name") == resource_name:
            schema = res.get("schema")
            key = schema.get("primaryKey") if isinstance(schema, Mapping) else None
            if isinstance(key, str):
                return (key,)
            return tuple(str(k) for k in key) if isinstance(key, list) else ()
    return ()


def row_counts(old: bytes | None, new: bytes, key: Sequence[str], *, unknown: bool = False) -> RowCounts:
    """The rows added, changed and removed from ``old`` to ``new`` (by primary key, or as
    sets of rows when there is none): the data diff of ``make diff``, counted. Without
    ``old`` the table is new in this version, or, when ``unknown``, its earlier version
    could not be read."""
    new_rows = _rows(new)
    if old is None:
        return RowCounts(len(new_rows.rows), first=not unknown, unknown=unknown)
    diff = TableDiff(Table("", "", "", tuple(key)), "changed")
    compare_rows(diff, _rows(old), new_rows)
    return RowCounts(len(new_rows.rows), len(diff.added), len(diff.changed), len(diff.removed))


# Reading the versions ------------------------------------------------------------------------------


def current_snapshot(package: Package) -> Snapshot | None:
    """The working tree's version, or None when the package declares no version."""
    version = parse_version(package.descriptor.get("version"))
    if version is None:
        return None
    return Snapshot(version, package.descriptor, {r.name: r.path.read_bytes() for r in package.resources})


#: A top-level ``version:`` line of a YAML descriptor, read without parsing the whole file
#: (a descriptor is up to 2 MB, and every commit of the package is looked at).
_VERSION_LINE = re.compile(r"^version[ \t]*:[ \t]*(['\"]?)([0-9.]+)\1[ \t]*(?:#.*)?$", re.M)
_VERSION_KEY = re.compile(r"^['\"]?version['\"]?[ \t]*:", re.M)


def _parse(data: bytes, name: str) -> Mapping[str, Any] | None:
    if len(data) > descriptors.MAX_DESCRIPTOR_BYTES:
        return None
    try:
        parsed = descriptors.parse(data.decode("utf-8-sig"), name.endswith(".json"))
    except (ValueError, UnicodeDecodeError):
        return None
    return parsed if isinstance(parsed, Mapping) else None


def version_in(data: bytes, name: str) -> Version | None:
    """The ``version`` of a descriptor's text: from its ``version:`` line when it has a plain
    one, else (JSON, an unusual YAML form) from the parsed descriptor."""
    if not name.endswith(".json"):
        text = data.decode("utf-8-sig", errors="replace")
        if not _VERSION_KEY.search(text):
            return None
        line = _VERSION_LINE.search(text)
        if line:
            return parse_version(line.group(2))
    parsed = _parse(data, name)
    return parse_version(parsed.get("version")) if parsed else None


def earlier_snapshots(history: History, package: Package, current: Version) -> list[Snapshot]:
    """Each version older than ``current``, as of the newest commit that had it, newest first."""
    folder = package.rel(package.dir)
    commits = history.commits(folder)
    texts = history.read([(c.sha, f"{folder}/{name}") for c in commits for name in DESCRIPTOR_NAMES])
    newest: dict[Version, tuple[Commit, bytes, str]] = {}
    for commit in commits:  # newest first: the first commit seen with a version is its last
        name, data = next(
            ((n, d) for n in DESCRIPTOR_NAMES if (d := texts[(commit.sha, f"{folder}/{n}")]) is not None),
            ("", None),
        )
        version = version_in(data, name) if data is not None else None
        if data is not None and version is not None and version < current and version not in newest:
            newest[version] = (commit, data, name)
    chosen = []
    for version, (commit, data, name) in sorted(newest.items(), reverse=True):
        descriptor = _parse(data, name)
        if descriptor is not None and parse_version(descriptor.get("version")) == version:
            chosen.append((version, commit, descriptor))
    paths: dict[tuple[str, str], str] = {}
    for _, commit, descriptor in chosen:
        for res in descriptor.get("resources") or []:
            if not isinstance(res, Mapping):
                continue
            res_name, path = res.get("name"), res.get("path")
            if isinstance(res_name, str) and NAME.match(res_name) and not unsafe_reason(path):
                paths[(commit.sha, res_name)] = f"{folder}/{path}"
    blobs = history.read([(sha, path) for (sha, _), path in paths.items()])
    snapshots = []
    for version, commit, descriptor in chosen:
        tables = {}
        for (sha, res_name), path in paths.items():
            data = blobs[(sha, path)] if sha == commit.sha else None
            if data is not None and len(data) <= MAX_CSV_BYTES:
                tables[res_name] = data
        snapshots.append(Snapshot(version, descriptor, tables, commit))
    return snapshots


# Publishing --------------------------------------------------------------------------------------


def _entry(log: Sequence[editions.Change], version: Version) -> editions.Change | None:
    return next((c for c in log if parse_version(c.version) == version), None)


def _publish(out: Output, rel: str, data: bytes, kind: str, mediatype: str) -> Download:
    out.put(rel, data)
    return Download(rel, kind, mediatype, len(data), sha256(data))


def releases_of(package: Package, snapshots: Sequence[Snapshot], out: Output) -> tuple[Release, ...]:
    """Write each version's files; ``snapshots`` newest first, the current one first of all.

    Date, kind and summary come from the current ``changes:`` log (which may correct the
    wording of an old entry), or from the version's own log when the current one lacks it.
    """
    log = editions.changes(package.descriptor)
    result = []
    for position, snap in enumerate(snapshots):
        older = snapshots[position + 1 :]
        # the log names an earlier version, but its files could not be read (no history)
        unread = not older and any((v := parse_version(c.version)) is not None and v < snap.version for c in log)
        change = _entry(log, snap.version) or _entry(editions.changes(snap.descriptor), snap.version)
        base = f"data/{package.name}/v/{snap.version}"
        kept = [
            res
            for res in snap.descriptor.get("resources") or []
            if isinstance(res, Mapping) and res.get("name") in snap.tables
        ]
        descriptor = {**snap.descriptor, "resources": kept}
        counts = {}
        tables = {}
        for name, data in snap.tables.items():
            previous = next((s.tables[name] for s in older if name in s.tables), None)
            counts[name] = row_counts(previous, data, primary_key(snap.descriptor, name), unknown=unread)
            tables[name] = _publish(out, f"{base}/{name}.csv", data, "csv", "text/csv")
        result.append(
            Release(
                package=package.name,
                version=str(snap.version),
                date=iso(change.raw.get("date")) if change else (snap.commit.date if snap.commit else ""),
                kind=change.kind if change else "",
                change=change.raw if change else {},
                commit=snap.commit.sha if snap.commit else "",
                current=position == 0,
                descriptor=_publish(
                    out,
                    f"{base}/datapackage.json",
                    descriptor_bytes(descriptor, snap.tables),
                    "datapackage",
                    "application/json",
                ),
                tables=tables,
                rows=counts,
            )
        )
    return tuple(result)


def publish_releases(site: SiteInputs, out: Output) -> ReleaseIndex:
    """Write every version of every package that declares one; return what was published."""
    index = ReleaseIndex()
    history: History | None = None
    try:
        history = open_history(site.layout.root)
    except HistoryUnavailable as error:
        index.notes.append(
            f"Releases: git history is not available ({error}); only the current version of each package "
            "is published under data/<package>/v/, earlier versions are not."
        )
    for package in site.validation.packages:
        current = current_snapshot(package)
        if current is None:
            index.notes.append(f"Releases: {package.name} declares no version; no versioned downloads for it.")
            continue
        snapshots = [current]
        if history is not None:
            try:
                snapshots += earlier_snapshots(history, package, current.version)
            except HistoryUnavailable as error:
                index.notes.append(
                    f"Releases: the history of {package.name} could not be read ({error}); "
                    "only its current version is published."
                )
        index.packages[package.name] = releases_of(package, snapshots, out)
    return index


def data_updated(resource: Resource) -> str:
    """When this site last changed the table's data: the newest ``changes:`` entry that
    concerns it and is not about metadata alone (ISO 8601, or "")."""
    dates = [
        iso(c.raw.get("date"))
        for c in editions.changes_of(resource.package.descriptor, resource.name)
        if c.kind != "metadata"
    ]
    return max(dates, default="")
