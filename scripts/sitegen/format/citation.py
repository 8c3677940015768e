"""How to cite a dataset: the Japanese 出典 line the reuse terms ask for, an English
attribution, BibTeX and CSL-JSON, and schema.org JSON-LD for search engines and portals.

The public-data terms (PDL1.0, and the 政府標準利用規約（第2.0版） with the same wording)
ask reusers to name the source as 「出典：「資料名」（府省名）（URL）」 and, when the data
was edited, to say so: 「「資料名」（府省名）を加工して作成」; every form below does both.
The data changes with each edition, so each form also names the version cited and the
date it was accessed (the build's date): a reader can then fetch exactly those bytes
from ``data/<package>/v/<version>/``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from sitegen.core.i18n import Strings, text
from sitegen.format import dates
from sitegen.model import releases
from sitegen.model.packages import Resource


@dataclass(frozen=True)
class Edition:
    """Which version of a table is cited, and when it was read."""

    #: The package's current version, or "" when it declares none.
    version: str = ""
    #: When that version was published (its ``changes:`` entry), ISO 8601, or "".
    date: str = ""
    #: When the first version was published (the oldest ``changes:`` entry).
    issued: str = ""
    #: The newest change that concerns this table (of any kind, metadata included).
    modified: str = ""
    #: The date the data was accessed: the build's date.
    accessed: dt.date | None = None


def edition_of(resource: Resource, accessed: dt.date | None) -> Edition:
    """The edition a page cites, from the package's ``version`` and ``changes:`` log."""
    descriptor = resource.package.descriptor
    version = releases.current_version(descriptor)
    log = releases.changes(descriptor)
    entry = next((c for c in log if version is not None and releases.parse_version(c.version) == version), None)
    known = [d for d in (dates.iso(c.raw.get("date")) for c in log) if dates.parts(d)]
    mine = releases.changes_of(descriptor, resource.name)
    touching = [d for d in (dates.iso(c.raw.get("date")) for c in mine) if dates.parts(d)]
    return Edition(
        version=str(version) if version else "",
        date=dates.iso(entry.raw.get("date")) if entry else "",
        issued=min(known, default=""),
        modified=max(touching, default=""),
        accessed=accessed,
    )


def cite_line(resource: Resource, lang: str, strings: Strings, site: str, url: str, edition: Edition) -> str:
    """What a reuser writes under the data, in the form of the public-data terms
    (PDL1.0, 政府標準利用規約（第2.0版）): the source 「出典：「資料名」（府省名）（URL）」 with
    the licence, then the edit 「「資料名」（府省名）を加工して作成」, naming this site, the
    version and the date the data was used: （2027年7月1日に利用） / (accessed 2027-07-01)."""
    accessed = edition.accessed.isoformat() if edition.accessed else ""
    values = {
        "source": source_line(resource, lang, strings),
        "edited": edited_line(resource, lang, strings),
        "site": site,
        "url": url,
        "version": edition.version,
        "accessed": dates.date_words(accessed, lang) if lang == "ja" else accessed,
    }
    key = "cite_line_version" if edition.version else "cite_line_unversioned"
    return strings.get(key, lang, **values)


def _bracketed_url(url: str, lang: str) -> str:
    return "" if not url else f"（{url}）" if lang == "ja" else f" ({url})"


def document_url(resource: Resource) -> str:
    """The address of the source document, when the descriptor gives one."""
    source = (resource.descriptor.get("sources") or [{}])[0]
    return str(source.get("path") or resource.package.descriptor.get("document_url") or "")


def source_line(resource: Resource, lang: str, strings: Strings) -> str:
    """「出典：「資料名」（府省名）（URL）、公共データ利用規約（第1.0版）（URL）」."""
    parts = source_parts(resource, lang)
    licence = (resource.package.descriptor.get("licenses") or [{}])[0]
    name = text(licence, "title", lang, str(licence.get("name", "")))
    licence_part = (name + _bracketed_url(str(licence.get("path") or ""), lang)) if name else ""
    return strings.get(
        "source_line",
        lang,
        document=parts["document"],
        publisher=parts["publisher"],
        url=_bracketed_url(document_url(resource), lang),
        licence=licence_part,
    )


def edited_line(resource: Resource, lang: str, strings: Strings) -> str:
    """「「資料名」（府省名）の表…を加工して作成」: the table is ours, tidied from theirs."""
    parts = source_parts(resource, lang)
    key = "edited_line_section" if parts["section"] else "edited_line"
    return strings.get(key, lang, **parts, url=_bracketed_url(document_url(resource), lang))


def _year(edition: Edition) -> int | None:
    """The year cited: the version's, never the build's."""
    return dates.year_of(edition.date) or dates.year_of(edition.modified)


def _date_parts(value: str) -> list[list[int]]:
    return [list(dates.parts(value))]


def source_parts(resource: Resource, lang: str) -> dict[str, str]:
    package = resource.package
    source = (resource.descriptor.get("sources") or [{}])[0]
    return {
        "publisher": text(source, "publisher", lang) or text(package.descriptor, "publisher", lang),
        "document": text(package.descriptor, "document", lang) or package.title(lang),
        "section": text(source, "section", lang),
    }


def _edited_from(resource: Resource) -> str:
    """The note of BibTeX and CSL-JSON: the document the table was edited from, with its
    year when the document states one (the entry's own year is the version's)."""
    parts = source_parts(resource, "en")
    descriptor = resource.package.descriptor
    year = dates.year_of(dates.iso(descriptor.get("document_date") or descriptor.get("document_year")))
    document = parts["document"] + (f" ({year})" if year else "")
    return "Edited from: " + document + (", " + parts["section"] if parts["section"] else "")


def bibtex(resource: Resource, url: str, site: str, edition: Edition) -> str:
    """A ``@misc`` entry: the publisher as author, this site as where it is published,
    the version and its year, the address and the access date."""
    parts = source_parts(resource, "en")
    key = re.sub(r"[^a-z0-9]+", "_", f"{resource.package.name}_{resource.name}").strip("_")
    note = _edited_from(resource)

    def esc(value: str) -> str:
        return re.sub(r"([{}\\%&$#_^~])", r"\\\1", value)

    lines = [
        f"@misc{{{key},",
        f"  title        = {{{esc(resource.title('en'))}}},",
        f"  author       = {{{{{esc(parts['publisher'])}}}}},",
        f"  howpublished = {{{esc(site)}}},",
    ]
    year = _year(edition)
    if edition.version:
        lines.append(f"  version      = {{{esc(edition.version)}}},")
    if year:
        lines.append(f"  year         = {{{year}}},")
    lines.append(f"  url          = {{{url}}},")
    if edition.accessed:
        lines.append(f"  urldate      = {{{edition.accessed.isoformat()}}},")
    lines += [f"  note         = {{{esc(note)}}},", "}"]
    return "\n".join(lines)


def csl_json(resource: Resource, url: str, site: str, edition: Edition) -> str:
    source = source_parts(resource, "en")
    item: dict[str, Any] = {
        "id": f"{resource.package.name}/{resource.name}",
        "type": "dataset",
        "title": resource.title("en"),
        "author": [{"literal": source["publisher"]}],
        "publisher": site,
    }
    if edition.version:
        item["version"] = edition.version
    issued = edition.date if dates.parts(edition.date) else edition.modified
    if dates.parts(issued):
        item["issued"] = {"date-parts": _date_parts(issued)}
    if edition.accessed:
        item["accessed"] = {"date-parts": _date_parts(edition.accessed.isoformat())}
    item["URL"] = url
    item["note"] = _edited_from(resource)
    return json.dumps([item], ensure_ascii=False, indent=2)


def json_ld(
    resource: Resource,
    lang: str,
    url: str,
    distributions: list[dict[str, Any]],
    site: str,
    site_url: str,
    edition: Edition | None = None,
) -> str:
    """schema.org Dataset, embedded in a <script type="application/ld+json"> data block."""
    temporal = resource.descriptor.get("temporal") or {}
    licence = (resource.package.descriptor.get("licenses") or [{}])[0]
    parts = source_parts(resource, lang)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": resource.title(lang),
        "description": resource.description(lang) or resource.title(lang),
        "url": url,
        "inLanguage": lang,
        "isAccessibleForFree": True,
        "license": licence.get("path") or licence.get("name"),
        "creator": {"@type": "Organization", "name": parts["publisher"]},
        "publisher": {"@type": "Organization", "name": site, "url": site_url},
        "isBasedOn": parts["document"],
        "keywords": resource.package.descriptor.get("keywords" if lang == "ja" else "keywords_en", []),
        "variableMeasured": [
            {
                "@type": "PropertyValue",
                "name": text(f, "title", lang, f["name"]),
                "propertyID": f["name"],
                **({"unitText": text(f, "unit", lang)} if text(f, "unit", lang) else {}),
                **({"description": text(f, "description", lang)} if text(f, "description", lang) else {}),
            }
            for f in resource.fields
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": d["mediatype"],
                "contentUrl": d["absolute"],
                "contentSize": f"{d['bytes']} B",
            }
            for d in distributions
        ],
    }
    edition = edition or Edition()
    if edition.version:
        data["version"] = edition.version
    if dates.parts(edition.issued):
        data["datePublished"] = edition.issued
    if dates.parts(edition.modified):
        data["dateModified"] = edition.modified
    if "start" in temporal:
        data["temporalCoverage"] = f"{temporal['start']}/{temporal.get('end', temporal['start'])}"
    # "</" would close the script element early; \u003c keeps the JSON identical.
    return json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c")
