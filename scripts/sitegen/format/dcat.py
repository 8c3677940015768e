"""A DCAT catalog of every dataset and distribution, for data portals to harvest.

JSON-LD with the DCAT and Dublin Core vocabularies, titles and descriptions tagged with
their language, one dcat:Dataset per resource and one dcat:Distribution per file.

Versions follow DCAT 3: the table's dataset carries its current ``dcat:version`` and
``dcat:hasVersion`` each frozen version, itself a ``dcat:Dataset`` (``dct:isVersionOf``
the table) with its own distributions under ``data/<package>/v/<version>/`` and a
``dcat:previousVersion``; ``dct:issued`` and ``dct:modified`` come from the package's
``changes:`` log, ``dct:accrualPeriodicity`` from its ``accrualPeriodicity``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sitegen.core.i18n import LANGS, text
from sitegen.format import dates
from sitegen.format.citation import edition_of
from sitegen.model.packages import Package, Resource

#: The EU Publications Office frequency vocabulary, which DCAT-AP uses.
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {
    "annual": "ANNUAL",
    "semiannual": "ANNUAL_2",
    "quarterly": "QUARTERLY",
    "monthly": "MONTHLY",
    "triennial": "TRIENNIAL",
    "irregular": "IRREG",
}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class DownloadLike(Protocol):
    @property
    def rel(self) -> str: ...
    @property
    def mediatype(self) -> str: ...
    @property
    def bytes(self) -> int: ...
    @property
    def sha256(self) -> str: ...


@dataclass(frozen=True)
class VersionFiles:
    """One frozen version of a table: its version, date and files (the CSV, the descriptor)."""

    version: str
    date: str
    files: Sequence[DownloadLike]


def version_id(page_url: str, version: str) -> str:
    """The IRI of a frozen version: its entry in the Versions list of the table's page."""
    return f"{page_url}#version-{version}"


def _date(value: str) -> dict[str, str]:
    kind = {1: "xsd:gYear", 2: "xsd:gYearMonth", 3: "xsd:date"}[len(dates.parts(value))]
    return {"@value": value, "@type": kind}


def _distribution(site_url: str, f: DownloadLike) -> dict[str, Any]:
    return {
        "@type": "dcat:Distribution",
        "dcat:downloadURL": {"@id": f"{site_url}{f.rel}"},
        "dcat:mediaType": f.mediatype,
        "dcat:byteSize": {"@value": str(f.bytes), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": f.sha256,
        },
    }


def _versions(landing: str, site_url: str, versions: Sequence[VersionFiles]) -> list[dict[str, Any]]:
    """The frozen versions (newest first), each pointing at the one before it."""
    items = []
    for position, v in enumerate(versions):
        item: dict[str, Any] = {
            "@id": version_id(landing, v.version),
            "@type": "dcat:Dataset",
            "dcat:version": v.version,
            "dct:isVersionOf": {"@id": landing},
        }
        if dates.parts(v.date):
            item["dct:issued"] = _date(v.date)
        if position + 1 < len(versions):
            item["dcat:previousVersion"] = {"@id": version_id(landing, versions[position + 1].version)}
        item["dcat:distribution"] = [_distribution(site_url, f) for f in v.files]
        items.append(item)
    return items


def _tagged(obj: Mapping[str, Any], key: str) -> list[dict[str, str]]:
    return [{"@value": text(obj, key, lang), "@language": lang} for lang in LANGS if text(obj, key, lang)]


def dataset(
    resource: Resource,
    site_url: str,
    page_url: Callable[[str, str], str],
    files: Sequence[DownloadLike],
    versions: Sequence[VersionFiles] = (),
) -> dict[str, Any]:
    package: Package = resource.package
    temporal = resource.descriptor.get("temporal") or {}
    licence = (package.descriptor.get("licenses") or [{}])[0]
    item: dict[str, Any] = {
        "@id": page_url(resource.slug, "ja"),
        "@type": "dcat:Dataset",
        "dct:identifier": f"{package.name}/{resource.name}",
        "dct:title": _tagged(resource.descriptor, "title"),
        "dct:description": _tagged(resource.descriptor, "description"),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": _tagged(package.descriptor, "publisher")},
        "dct:license": {"@id": licence.get("path", "")},
        "dct:source": _tagged(package.descriptor, "document"),
        "dcat:landingPage": [{"@id": page_url(resource.slug, lang)} for lang in LANGS],
        "dcat:keyword": [
            k for lang in LANGS for k in package.descriptor.get("keywords" if lang == "ja" else "keywords_en", [])
        ],
        "dcat:distribution": [_distribution(site_url, f) for f in files],
    }
    item.update(_edition(resource))
    if versions:
        landing = item["@id"]
        item["dcat:hasVersion"] = _versions(landing, site_url, versions)
        item["dcat:hasCurrentVersion"] = {"@id": version_id(landing, versions[0].version)}
    if "start" in temporal:
        item["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": str(temporal["start"]), "@type": "xsd:gYear"},
            "dcat:endDate": {"@value": str(temporal.get("end", temporal["start"])), "@type": "xsd:gYear"},
        }
    return item


def _edition(resource: Resource) -> dict[str, Any]:
    """Version, issue and modification dates and the update frequency, where declared."""
    edition = edition_of(resource, None)
    found: dict[str, Any] = {}
    if edition.version:
        found["dcat:version"] = edition.version
    if dates.parts(edition.issued):
        found["dct:issued"] = _date(edition.issued)
    if dates.parts(edition.modified):
        found["dct:modified"] = _date(edition.modified)
    frequency = FREQUENCIES.get(str(resource.package.descriptor.get("accrualPeriodicity", "")))
    if frequency:
        found["dct:accrualPeriodicity"] = {"@id": FREQUENCY + frequency}
    return found


def catalog(title: list[dict[str, str]], site_url: str, datasets: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@id": f"{site_url}data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": title,
        "foaf:homepage": {"@id": site_url},
        "dcat:dataset": datasets,
    }
