"""The catalog: every table, grouped by document, with a filter by topic and period."""

from __future__ import annotations

from sitegen.core.i18n import text
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.cards import card
from sitegen.site.pages.common import Page, front_matter, page_name, root_of


def catalog_page(site: SiteInputs, lang: str) -> Page:
    root = root_of("datasets/", lang)
    packages = [
        {
            "name": package.name,
            "title": package.title(lang),
            "publisher": text(package.descriptor, "publisher", lang),
            "resources": [card(site, r, lang, root) for r in package.resources],
        }
        for package in site.validation.packages
    ]
    tables = sum(len(p["resources"]) for p in packages)
    s = site.s(lang)
    context = {
        "front_matter": front_matter(title=s["catalog"], description=s["catalog_intro"]),
        "s": s,
        "packages": packages,
        "topics": [{"name": t.name, "title": t.title(lang)} for t in site.topics],
        "total_line": site.strings.get("catalog_total", lang, packages=len(packages), tables=tables),
    }
    return Page(f"datasets/{page_name(lang)}", "catalog.md.j2", context)
