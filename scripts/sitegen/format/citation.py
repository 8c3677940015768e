"""How to cite a dataset: the Japanese 出典 line the reuse terms ask for, an English
attribution, BibTeX and CSL-JSON, and schema.org JSON-LD for search engines and portals.

The public-data terms (PDL1.0) ask reusers to name the source and, when the data was
edited, to say so; every form below does both.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sitegen.core.i18n import text
from sitegen.model.packages import Resource


def source_parts(resource: Resource, lang: str) -> dict[str, str]:
    package = resource.package
    source = (resource.descriptor.get("sources") or [{}])[0]
    return {
        "publisher": text(source, "publisher", lang) or text(package.descriptor, "publisher", lang),
        "document": text(package.descriptor, "document", lang) or package.title(lang),
        "section": text(source, "section", lang),
    }


def bibtex(resource: Resource, url: str, year: int, site: str) -> str:
    parts = source_parts(resource, "en")
    key = re.sub(r"[^a-z0-9]+", "_", f"{resource.package.name}_{resource.name}").strip("_")
    note = "Edited from: " + parts["document"] + (", " + parts["section"] if parts["section"] else "")

    def esc(value: str) -> str:
        return re.sub(r"([{}\\%&$#_^~])", r"\\\1", value)

    lines = [
        f"@misc{{{key},",
        f"  title        = {{{esc(resource.title('en'))}}},",
        f"  author       = {{{{{esc(parts['publisher'])}}}}},",
        f"  howpublished = {{{esc(site)}}},",
        f"  year         = {{{year}}},",
        f"  url          = {{{url}}},",
        f"  note         = {{{esc(note)}}},",
        "}",
    ]
    return "\n".join(lines)


def csl_json(resource: Resource, url: str, year: int, site: str) -> str:
    parts = source_parts(resource, "en")
    item = {
        "id": f"{resource.package.name}/{resource.name}",
        "type": "dataset",
        "title": resource.title("en"),
        "author": [{"literal": parts["publisher"]}],
        "publisher": site,
        "issued": {"date-parts": [[year]]},
        "URL": url,
        "note": f"Edited from: {parts['document']}" + (f", {parts['section']}" if parts["section"] else ""),
    }
    return json.dumps([item], ensure_ascii=False, indent=2)


def json_ld(
    resource: Resource, lang: str, url: str, distributions: list[dict[str, Any]], site: str, site_url: str
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
    if "start" in temporal:
        data["temporalCoverage"] = f"{temporal['start']}/{temporal.get('end', temporal['start'])}"
    # "</" would close the script element early; \u003c keeps the JSON identical.
    return json.dumps(data, ensure_ascii=False, indent=1).replace("<", "\\u003c")
