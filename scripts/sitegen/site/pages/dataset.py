"""A dataset's page: chart, data, fields, notes, checks, source, citation, downloads."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sitegen.core.files import human_size
from sitegen.core.i18n import text
from sitegen.format import cells, citation
from sitegen.model.inferences import inferences, is_paraphrase
from sitegen.model.packages import Resource
from sitegen.site.chart_index import Chart
from sitegen.site.downloads import DownloadIndex
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.common import Page, front_matter, page_name, root_of
from sitegen.site.tables import TableBody, numeric_columns


def dataset_page(
    site: SiteInputs, resource: Resource, lang: str, charts: list[Chart], table: TableBody, downloads: DownloadIndex
) -> Page:
    package = resource.package
    result = site.validation.for_resource(resource)
    root = root_of(resource.slug, lang)
    s = site.s(lang)
    strings = site.strings
    fields = resource.fields
    columns = [
        {"title": text(f, "title", lang, f["name"]), "unit": text(f, "unit", lang), "numeric": numeric}
        for f, numeric in zip(fields, numeric_columns(resource), strict=True)
    ]
    schema = [
        {
            "name": f["name"],
            "title": text(f, "title", lang),
            "type": cells.field_type_label(f, lang, strings),
            "unit": text(f, "unit", lang),
            "description": text(f, "description", lang),
        }
        for f in fields
    ]
    notes = [
        {"id": n.get("id", ""), "text": text(n, "text", lang), "paraphrase": is_paraphrase(n)}
        for n in resource.descriptor.get("notes", [])
    ]
    titles = {f["name"]: text(f, "title", lang, f["name"]) for f in fields}
    inferred = [
        {"id": i.id, "field": titles.get(i.field, i.field), "text": text(i.raw, "text", lang)}
        for i in inferences(resource)
    ]
    source_obj = (resource.descriptor.get("sources") or [{}])[0]
    publisher = text(source_obj, "publisher", lang) or text(package.descriptor, "publisher", lang)
    document = text(package.descriptor, "document", lang)
    section = text(source_obj, "section", lang)
    licence = (package.descriptor.get("licenses") or [{}])[0]
    source = [
        (s["publisher"], publisher, None),
        (s["document"], document, cells.safe_url(package.descriptor.get("document_url"))),
        (s["table_label"], text(source_obj, "title", lang), cells.safe_url(source_obj.get("path"))),
        (s["license"], text(licence, "title", lang, licence.get("name", "")), cells.safe_url(licence.get("path"))),
    ]
    url = site.page_url(resource.slug, lang)
    cite_line = strings.get(
        "cite_line", lang, publisher=publisher, document=document, section=section, site=s["site_name"], url=url
    )
    year = site.published.year
    period = cells.period(resource, result.rows, lang, strings)
    facts = [(s["period"], period), (s["rows"], f"{table.rows:,}"), (s["publisher"], publisher)]
    distributions = [
        {"mediatype": d.mediatype, "absolute": f"{site.site_url}{d.rel}", "bytes": d.bytes}
        for d in downloads.of_resource(resource)
    ]
    checks = [cells.describe_check(c, resource, lang, strings) for c in resource.checks]
    errors = [p for p in result.problems if p.severity == "error"]
    og_image = next((c["png_path"] for c in charts if c.get("png_path")), "")
    site_name_en = site.s("en")["site_name"]
    context: dict[str, Any] = {
        "front_matter": front_matter(
            title=resource.title(lang),
            description=resource.description(lang),
            template="dataset.html",
            og_image=f"{site.site_url}{og_image}" if og_image and site.site_url else "",
        ),
        "s": s,
        "lang": lang,
        "root": root,
        "title": resource.title(lang),
        "description": resource.description(lang),
        "facts": [f for f in facts if f[1]],
        "charts": charts,
        "columns": columns,
        "table_body": table.html,
        "schema": schema,
        "notes": notes,
        "inferred": inferred,
        "checks": checks,
        "checks_summary": checks_summary(site, len(checks), bool(errors), lang),
        "discrepancies": cells.discrepancy_lines(result.problems, lang),
        "source": [item for item in source if item[1]],
        "citation": cite_line,
        "bibtex": citation.bibtex(resource, url, year, site_name_en),
        "csl": citation.csl_json(resource, url, year, site_name_en),
        "json_ld": Markup(citation.json_ld(resource, lang, url, distributions, s["site_name"], site.site_url)),
        "downloads": [
            {
                "url": f"{root}{d.rel}",
                "path": f"/{d.rel}",
                "label": strings.get(f"download_{d.kind}", lang),
                "size": human_size(d.bytes, lang),
                "sha256": d.sha256,
            }
            for d in downloads.for_page(resource)
        ],
        "changes": site.changes_of(resource),
    }
    return Page(f"{resource.slug}{page_name(lang)}", "dataset.md.j2", context)


def checks_summary(site: SiteInputs, checks: int, errors: bool, lang: str) -> str:
    """The validation line of a page: nothing when it lists errors instead."""
    if errors:
        return ""
    if checks:
        return site.strings.get("checks_ok", lang, count=checks)
    return site.strings.get("checks_schema_only", lang)
