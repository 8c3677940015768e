"""Every download: each table in each format, each package's descriptor and zip, the
archive of everything, the checksums and the DCAT catalog that list them.

Runs before any page is written and returns ``DownloadIndex``, what was published with
its size and hash: the dataset pages list it, and nothing else has to know how. The
frozen versions (``site/releases.py``) are written just before; their files are listed
in the checksums and the DCAT catalog too.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitegen.core import cache
from sitegen.core.files import sha256
from sitegen.core.i18n import LANGS
from sitegen.core.problems import Problem
from sitegen.format import citation, dcat, exports, sheets
from sitegen.model.packages import Package, Resource
from sitegen.site.inputs import SiteInputs
from sitegen.site.output import Output
from sitegen.validate import machine_readability as mr

if TYPE_CHECKING:  # releases.py builds on this module; only the type comes back
    from sitegen.site.releases import ReleaseIndex

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
    rel: str
    kind: str
    mediatype: str
    bytes: int
    sha256: str


@dataclass
class DownloadIndex:
    """What was published, by resource and by package, and the archive of everything."""

    resources: dict[tuple[str, str], list[Download]] = field(default_factory=dict)
    packages: dict[str, list[Download]] = field(default_factory=dict)
    everything: Download | None = None
    every: list[Download] = field(default_factory=list)
    #: Each table's result per machine-readability rule, over all its files.
    conformance: dict[tuple[str, str], list[mr.TableConformance]] = field(default_factory=dict)
    #: The rules' findings on the files written: any of them fails the build.
    problems: list[Problem] = field(default_factory=list)

    def conformance_of(self, resource: Resource) -> list[mr.TableConformance]:
        return self.conformance.get((resource.package.name, resource.name), [])

    def of_resource(self, resource: Resource) -> list[Download]:
        return self.resources[(resource.package.name, resource.name)]

    def for_page(self, resource: Resource) -> list[Download]:
        """A dataset page's list: the table's formats, its package, then everything."""
        items = [*self.of_resource(resource), *self.packages[resource.package.name]]
        return [*items, self.everything] if self.everything else items


def data_url(resource: Resource) -> str:
    return f"data/{resource.package.name}/{resource.name}.csv"


def published_descriptor(
    descriptor: Mapping[str, Any],
    csv_bytes: Mapping[str, bytes],
    extra: Mapping[str, tuple[dict[str, Any], bytes]] | None = None,
) -> dict[str, Any]:
    """The descriptor as published: JSON, paths pointing at the published CSVs, with
    hashes; each code table (``extra``: by the table it belongs to) right after its table."""
    published: dict[str, Any] = json.loads(json.dumps(descriptor, ensure_ascii=False, default=str))
    resources = []
    for res in published.get("resources", []):
        resources.append(res)
        data = csv_bytes.get(res.get("name"))
        if data is None:
            continue
        res["path"] = f"{res['name']}.csv"
        res["bytes"] = len(data)
        res["hash"] = f"sha256:{sha256(data)}"
        if extra and res.get("name") in extra:
            code_res, code_data = extra[res["name"]]
            resources.append({**code_res, "bytes": len(code_data), "hash": f"sha256:{sha256(code_data)}"})
    if "resources" in published:
        published["resources"] = resources
    return published


def descriptor_bytes(
    descriptor: Mapping[str, Any],
    csv_bytes: Mapping[str, bytes],
    extra: Mapping[str, tuple[dict[str, Any], bytes]] | None = None,
) -> bytes:
    """``datapackage.json`` as published, the same bytes for the same descriptor and tables."""
    text = json.dumps(published_descriptor(descriptor, csv_bytes, extra), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")


class _Publisher:
    """Writes downloads and records each in the index."""

    def __init__(self, site: SiteInputs, out: Output, releases: ReleaseIndex | None) -> None:
        self.site, self.out, self.index, self.releases = site, out, DownloadIndex(), releases
        self.archive: list[tuple[str, bytes]] = []
        self.store = cache.Store(site.layout.cache, "downloads")
        self.judgements = cache.Store(site.layout.cache, "conformance")

    def publish(self, rel: str, data: bytes, kind: str, mediatype: str) -> Download:
        self.out.put(rel, data)
        download = Download(rel, kind, mediatype, len(data), sha256(data))
        self.index.every.append(download)
        return download

    def package(self, package: Package) -> None:
        """Every format of every resource, the descriptor, and a zip of the package."""
        csv_by_name: dict[str, bytes] = {}
        codes: dict[str, tuple[dict[str, Any], bytes]] = {}
        for resource in package.resources:
            data = resource.path.read_bytes()
            csv_by_name[resource.name] = data
            self.index.resources[(package.name, resource.name)] = self.resource(resource, data)
            if sheets.has_codes(resource):
                codes[resource.name] = (sheets.codes_descriptor(resource), _codes_csv(resource))
        descriptor = descriptor_bytes(package.descriptor, csv_by_name, codes)
        entries = [(f"{package.name}/datapackage.json", descriptor)]
        entries += [(f"{package.name}/{name}.csv", data) for name, data in csv_by_name.items()]
        entries += [(f"{package.name}/{res['path']}", data) for res, data in codes.values()]
        self.archive.extend(entries)
        self.index.packages[package.name] = [
            self.publish(f"data/{package.name}/datapackage.json", descriptor, "datapackage", "application/json"),
            self.publish(f"data/{package.name}/{package.name}.zip", self.zipped(entries), "zip", "application/zip"),
        ]

    def resource(self, resource: Resource, data: bytes) -> list[Download]:
        """The CSV as it is, and the formats made from its typed rows: from the cache when
        the table, its descriptor and the metadata are unchanged (an XLSX takes a while).
        Each file is then read back and judged by the machine-readability rules."""
        base = f"data/{resource.package.name}/{resource.name}"
        fields = resource.fields
        when = self.site.published
        edition = citation.edition_of(resource, when.date())
        tables = sheets.workbook_tables(resource, self.site.strings, edition, self.site.page_url(resource.slug, "ja"))
        header = sheets.display_headers(resource)
        shape = [(t.name, t.header, t.rows) for t in tables]
        inputs = (resource.descriptor, sha256(data), header, shape, when.isoformat())
        rows = functools.cache(lambda: self.site.rows(resource))

        def made(kind: str, make: Callable[[list[dict[str, Any]]], bytes]) -> bytes:
            return self.store.through(cache.key("download", kind, *inputs), lambda: make(rows()))

        files: dict[str, tuple[str, bytes, str]] = {
            "csv": (f"{base}.csv", data, "text/csv"),
            "csv_excel": (
                f"{base}-excel.csv",
                made("csv_excel", lambda rows: exports.csv_bytes(rows, fields, excel=True, header=header)),
                "text/csv",
            ),
            "xlsx": (
                f"{base}.xlsx",
                made("xlsx", lambda rows: exports.xlsx_bytes(rows, fields, header, tables, when)),
                XLSX,
            ),
            "json": (f"{base}.json", made("json", exports.json_bytes), "application/json"),
        }
        if sheets.has_codes(resource):
            files["codes"] = (f"{base}-codes.csv", _codes_csv(resource), "text/csv")
        self.conform(resource, files, header)
        return [self.publish(rel, content, kind, mediatype) for kind, (rel, content, mediatype) in files.items()]

    def conform(self, resource: Resource, files: Mapping[str, tuple[str, bytes, str]], header: list[str]) -> None:
        """Judge every file by the rules that apply to it; record the table's result."""
        previous, logged = self.previous_header(resource)
        companions = frozenset(files)
        outcomes: list[mr.Outcome] = []
        for kind, (rel, content, _) in files.items():
            if kind not in mr.KINDS:
                continue
            names = [str(f["name"]) for f in resource.fields]
            expected = mr.Expected(
                resource,
                header if kind in ("csv_excel", "xlsx") else names,
                companions,
                previous,
                logged,
            )
            outcomes += self.judged(kind, rel, content, expected)
        self.index.conformance[(resource.package.name, resource.name)] = mr.summarise(outcomes)
        self.index.problems += mr.problems(resource, outcomes, {k: v[0] for k, v in files.items()})

    def judged(self, kind: str, rel: str, content: bytes, expected: mr.Expected) -> list[mr.Outcome]:
        """``mr.check_file``, from the cache when the file's bytes and everything it is
        judged against are unchanged: reading every download back (an XLSX above all)
        was most of a rebuild in which nothing had changed."""
        resource = expected.resource
        entry = cache.key(
            "conformance",
            kind,
            rel,
            sha256(content),
            resource.descriptor,
            resource.package.metadata,
            expected.header,
            sorted(expected.companions),
            expected.previous_header,
            expected.structure_change_logged,
        )
        stored = self.judgements.get(entry)
        if stored is not None:
            return mr.outcomes_from_json(stored)
        outcomes = mr.check_file(kind, rel, content, expected)
        self.judgements.put(entry, mr.outcomes_json(outcomes))
        return outcomes

    def previous_header(self, resource: Resource) -> tuple[list[str] | None, bool]:
        """The header of the table's CSV in the version before the current one, and
        whether the current version's change concerns the table (L3-07)."""
        found = self.releases.of_resource(resource) if self.releases else []
        current = next((r for r in found if r.current), None)
        older = [r for r in found if not r.current]
        if not older:
            return None, False
        path = self.out.docs / older[0].tables[resource.name].rel
        try:
            first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None, False
        header = next(csv.reader([first]), [])
        return header, bool(current and current.touches(resource.name))

    def zipped(self, entries: list[tuple[str, bytes]]) -> bytes:
        """``exports.zip_bytes`` of ``entries``, from the cache when every entry's name and
        bytes are unchanged: compressing every table of the site again took seconds of
        each rebuild, at a thousand tables the most of any download."""
        when = self.site.published
        entry = cache.key("zip", [(name, sha256(data)) for name, data in entries], when.isoformat())
        return self.store.through(entry, lambda: exports.zip_bytes(entries, when))

    def everything(self) -> None:
        self.index.everything = self.publish("data/all.zip", self.zipped(self.archive), "zip_all", "application/zip")

    def checksums(self) -> None:
        """``data/SHA256SUMS``: every download's hash (every version's files included), in
        the form ``sha256sum -c`` reads."""
        versioned = self.releases.files if self.releases else []
        lines = sorted(f"{d.sha256}  {d.rel.removeprefix('data/')}" for d in [*self.index.every, *versioned])
        self.out.put("data/SHA256SUMS", "\n".join(lines) + "\n")

    def dcat_catalog(self) -> None:
        site = self.site
        datasets = [
            dcat.dataset(r, site.site_url, site.page_url, self.index.resources[(p.name, r.name)], self.versions(r))
            for p in site.validation.packages
            for r in p.resources
        ]
        title = [{"@value": site.strings.get("site_name", lang), "@language": lang} for lang in LANGS]
        data = dcat.catalog(title, site.site_url, datasets)
        self.out.put("data/catalog.jsonld", json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def versions(self, resource: Resource) -> list[dcat.VersionFiles]:
        """The table's frozen versions, newest first: its CSV and descriptor in each."""
        found = self.releases.of_resource(resource) if self.releases else []
        return [dcat.VersionFiles(r.version, r.date, r.files_of(resource.name)) for r in found]


def _codes_csv(resource: Resource) -> bytes:
    return exports.plain_csv_bytes(sheets.CODE_COLUMNS, sheets.code_rows(resource))


def publish_downloads(site: SiteInputs, out: Output, releases: ReleaseIndex | None = None) -> DownloadIndex:
    """Write every download; return the index of what was published."""
    publisher = _Publisher(site, out, releases)
    for package in site.validation.packages:
        publisher.package(package)
    publisher.everything()
    publisher.checksums()
    publisher.dcat_catalog()
    return publisher.index
