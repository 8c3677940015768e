"""The coverage page: every table of every document, published or why not."""

from __future__ import annotations

from sitegen.core.i18n import lang_prefix, text
from sitegen.site.downloads import DownloadIndex
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages import conformance
from sitegen.site.pages.common import Page, front_matter, page_name, root_of
from sitegen.validate import inventory
from sitegen.validate import machine_readability as mr


def coverage_page(site: SiteInputs, lang: str, downloads: DownloadIndex | None = None) -> Page:
    root = root_of("coverage/", lang)
    packages = []
    for package in site.validation.packages:
        names = {r.name: r for r in package.resources}
        rows = []
        for entry in inventory.entries(package):
            resource = names.get(str(entry.get("resource")))
            rows.append(
                {
                    "label": text(entry, "label", lang),
                    "location": text(entry, "location", lang),
                    "url": f"{root}{lang_prefix(lang)}{resource.slug}" if resource else "",
                    "resource_title": resource.title(lang) if resource else "",
                    "reason": text(entry, "reason", lang),
                }
            )
        published = sum(1 for r in rows if r["url"])
        packages.append(
            {
                "name": package.name,
                "title": package.title(lang),
                "summary": site.strings.get("coverage_summary", lang, total=len(rows), published=published),
                "entries": rows,
            }
        )
    s = site.s(lang)
    results = [downloads.conformance_of(r) for p in site.validation.packages for r in p.resources] if downloads else []
    context = {
        "front_matter": front_matter(title=s["coverage"]),
        "s": s,
        "packages": packages,
        "rules": conformance.summary_rows(results, lang) if any(results) else [],
        "rules_url": mr.rule_source().url,
        "tables": len(results),
    }
    return Page(f"coverage/{page_name(lang)}", "coverage.md.j2", context)
