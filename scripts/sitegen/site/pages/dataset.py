"""A dataset's page: chart, data, fields, notes, checks, source, citation, downloads,
versions and change history.

Three dates sit among the facts at the top, each labelled for what it is: when the
source document was published, the period the data covers, and when this site last
changed the data (the newest ``changes:`` entry concerning the table that is not about
metadata alone). The change history and the versions list are the ``changes:`` log
and the frozen releases; the git log is for contributors, not readers."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sitegen.core.files import human_size
from sitegen.core.i18n import Strings, lang_prefix, text
from sitegen.format import cells, citation, dates
from sitegen.model import releases as editions
from sitegen.model.inferences import inferences, is_paraphrase
from sitegen.model.packages import Resource
from sitegen.site.chart_index import Chart
from sitegen.site.downloads import Download, DownloadIndex
from sitegen.site.embeds import dataset_embeds, discovery_links
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages import conformance
from sitegen.site.pages.common import Page, front_matter, page_name, root_of
from sitegen.site.releases import Release, ReleaseIndex, data_updated
from sitegen.site.status import next_edition, overdue
from sitegen.site.tables import TableBody, numeric_columns, page_fields

#: The downloads most readers want, as buttons at the top of the page: the CSV and the workbook.
QUICK_DOWNLOADS = ("csv", "xlsx")


def dataset_page(
    site: SiteInputs,
    resource: Resource,
    lang: str,
    charts: list[Chart],
    table: TableBody,
    downloads: DownloadIndex,
    releases: ReleaseIndex | None = None,
) -> Page:
    package = resource.package
    result = site.validation.for_resource(resource)
    root = root_of(resource.slug, lang)
    s = site.s(lang)
    strings = site.strings
    fields = resource.fields
    columns = [
        {"title": text(f, "title", lang, f["name"]), "unit": text(f, "unit", lang), "numeric": numeric}
        for f, numeric in zip(page_fields(resource), numeric_columns(resource), strict=True)
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
    licence = (package.descriptor.get("licenses") or [{}])[0]
    document_date = package.descriptor.get("document_date") or package.descriptor.get("document_year")
    address = cells.safe_url(citation.document_url(resource))
    source = [
        (s["publisher"], publisher, None),
        (s["document"], document, address),
        (s["document_edition"], document_edition(package.descriptor, document_date, lang), None),
        (s["document_address"], address or s["document_address_none"], address),
        (s["table_label"], text(source_obj, "title", lang), cells.safe_url(source_obj.get("path"))),
        (s["license"], text(licence, "title", lang, licence.get("name", "")), cells.safe_url(licence.get("path"))),
    ]
    url = site.page_url(resource.slug, lang)
    edition = citation.edition_of(resource, site.published.date())
    cite_line = citation.cite_line(resource, lang, strings, s["site_name"], url, edition)
    period = cells.period(resource, result.rows, lang, strings)
    facts = [
        (s["version_current_fact"], edition.version),
        (s["date_document"], dates.date_words(document_date, lang)),
        (s["period"], period),
        (s["date_data_updated"], dates.date_words(data_updated(resource), lang)),
        (s["date_next_edition"], next_update(site, resource, lang)),
        (s["rows"], f"{table.rows:,}"),
        (s["publisher"], publisher),
    ]
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
            oembed=discovery_links(site, resource, charts, lang),
        ),
        "s": s,
        "lang": lang,
        "root": root,
        "title": resource.title(lang),
        "description": resource.description(lang),
        "facts": [f for f in facts if f[1]],
        # English pages name the Japanese title (what a reader quotes or searches for in
        # the document) and are found by its Japanese words (派遣 finds the dispatch table)
        "original": {
            "title": resource.title("ja"),
            "keywords": " ".join([resource.title("ja"), *map(str, package.descriptor.get("keywords", []))]),
        }
        if lang != "ja"
        else None,
        "charts": charts,
        "embeds": dataset_embeds(site, resource, charts, lang),
        "columns": columns,
        "table_body": table.html,
        "record": list(zip(columns, table.record, strict=False)) if table.record else [],
        "schema": schema,
        "notes": notes,
        "inferred": inferred,
        "checks": checks,
        "checks_summary": checks_summary(site, len(checks), bool(errors), lang),
        "discrepancies": cells.discrepancy_lines(result.problems, resource, lang, strings),
        "source": [item for item in source if item[1]],
        "citation": cite_line,
        "page_url": url,
        "bibtex": citation.bibtex(resource, url, site_name_en, edition),
        "csl": citation.csl_json(resource, url, site_name_en, edition),
        "json_ld": Markup(citation.json_ld(resource, lang, url, distributions, s["site_name"], site.site_url, edition)),
        "downloads": [
            {
                "url": f"{root}{d.rel}",
                "path": f"{site.site_url}{d.rel}" if site.site_url else "",
                "label": strings.get(f"download_{d.kind}", lang),
                "size": human_size(d.bytes, lang),
                "sha256": d.sha256,
            }
            for d in downloads.for_page(resource)
        ],
        "conformance": conformance.panel(
            downloads.conformance_of(resource), lang, strings, f"{root}{lang_prefix(lang)}coverage/"
        ),
        "quick_downloads": [
            {"url": f"{root}{d.rel}", "button": strings.get(f"download_button_{d.kind}", lang)}
            for d in downloads.of_resource(resource)
            if d.kind in QUICK_DOWNLOADS
        ],
        "versions": versions(
            resource, lang, strings, (root, site.site_url), (releases or ReleaseIndex()).of_resource(resource)
        ),
        "changes": change_history(resource, lang, strings),
    }
    return Page(f"{resource.slug}{page_name(lang)}", "dataset.md.j2", context)


def kind_words(kind: str, lang: str, strings: Strings) -> str:
    """A change's kind in words (新しいデータの追加 / New data); nothing for an unknown kind."""
    return strings.get(f"change_kind:{kind}", lang) if kind in editions.KINDS else ""


def _file(bases: tuple[str, str], download: Download, lang: str) -> dict[str, Any]:
    """A file's link (relative to the page), its size, and its address on the published
    site (none when the build does not know the site's address: never a guessed one)."""
    root, address = bases
    return {
        "url": f"{root}{download.rel}",
        "path": f"{address}{download.rel}" if address else "",
        "size": human_size(download.bytes, lang),
    }


def document_edition(descriptor: dict[str, Any], document_date: Any, lang: str) -> str:
    """Which edition of the document the data comes from: its date when it states one,
    else the descriptor's ``document_edition`` (what is known and what is inferred)."""
    return dates.date_words(document_date, lang) if document_date else text(descriptor, "document_edition", lang)


def versions(
    resource: Resource, lang: str, strings: Strings, bases: tuple[str, str], found: list[Release]
) -> list[dict[str, Any]]:
    """The Versions list: each version of the table, newest first, with what it changed.
    ``bases`` is the page's way to the site root and the site's published address."""
    items = []
    for release in found:
        counts = release.rows[resource.name]
        rows = f"{counts.rows:,}"
        if counts.first:
            rows_line = strings.get("version_first", lang, rows=rows)
        elif counts.unknown:
            rows_line = strings.get("version_rows_unknown", lang, rows=rows)
        elif counts.same:
            rows_line = strings.get("version_rows_same", lang, rows=rows)
        else:
            rows_line = strings.get(
                "version_rows", lang, rows=rows, added=counts.added, changed=counts.changed, removed=counts.removed
            )
        touches = release.touches(resource.name)
        items.append(
            {
                "id": f"version-{release.version}",
                "label": strings.get("version_label", lang, version=release.version),
                "current": release.current,
                "date": release.date,
                "date_words": dates.date_words(release.date, lang),
                "kind": kind_words(release.kind, lang, strings) if touches else "",
                "summary": text(release.change, "summary", lang)
                if touches
                else strings.get("version_other_tables", lang),
                "rows": rows_line,
                "csv": _file(bases, release.tables[resource.name], lang),
                "descriptor": _file(bases, release.descriptor, lang),
            }
        )
    return items


def change_history(resource: Resource, lang: str, strings: Strings) -> list[dict[str, str]]:
    """The ``changes:`` entries that concern this table, newest first, in words."""
    items = []
    for change in editions.changes_of(resource.package.descriptor, resource.name):
        date = dates.iso(change.raw.get("date"))
        source = text(change.raw, "source", lang)
        items.append(
            {
                "date": date,
                "date_words": dates.date_words(date, lang),
                "version": strings.get("version_label", lang, version=change.version) if change.version else "",
                "kind": kind_words(change.kind, lang, strings),
                "summary": text(change.raw, "summary", lang),
                "source": strings.get("change_source", lang, source=source) if source else "",
            }
        )
    return items


def checks_summary(site: SiteInputs, checks: int, errors: bool, lang: str) -> str:
    """The validation line of a page: nothing when it lists errors instead."""
    if errors:
        return ""
    if checks:
        return site.strings.get("checks_ok", lang, count=checks)
    return site.strings.get("checks_schema_only", lang)


def next_update(site: SiteInputs, resource: Resource, lang: str) -> str:
    """When the next edition of the source is expected, or since when it is overdue (as
    of the build's date): a date that has passed is said to have passed, never moved."""
    expected = next_edition(resource.package)
    if not expected:
        return ""
    late = overdue(resource.package, site.published.date())
    key = "next_edition_overdue" if late else "next_edition_expected"
    return site.strings.get(key, lang, date=dates.date_words(expected, lang))
