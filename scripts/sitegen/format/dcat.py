"""A DCAT catalog of every dataset and distribution, for data portals to harvest.

JSON-LD with the DCAT and Dublin Core vocabularies, titles and descriptions tagged with
their language, one dcat:Dataset per resource and one dcat:Distribution per file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from sitegen.core.i18n import LANGS, text
from sitegen.model.packages import Package, Resource

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


def _tagged(obj: Mapping[str, Any], key: str) -> list[dict[str, str]]:
    return [{"@value": text(obj, key, lang), "@language": lang} for lang in LANGS if text(obj, key, lang)]


def dataset(
    resource: Resource, site_url: str, page_url: Callable[[str, str], str], files: Sequence[DownloadLike]
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
        "dcat:distribution": [
            {
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
            for f in files
        ],
    }
    if "start" in temporal:
        item["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": str(temporal["start"]), "@type": "xsd:gYear"},
            "dcat:endDate": {"@value": str(temporal.get("end", temporal["start"])), "@type": "xsd:gYear"},
        }
    return item


def catalog(title: list[dict[str, str]], site_url: str, datasets: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@id": f"{site_url}data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": title,
        "foaf:homepage": {"@id": site_url},
        "dcat:dataset": datasets,
    }
