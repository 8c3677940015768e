"""The search page (Pagefind's interface; the page itself is not indexed)."""

from __future__ import annotations

from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.common import Page, front_matter, page_name, root_of


def search_page(site: SiteInputs, lang: str) -> Page:
    s = site.s(lang)
    context = {
        "front_matter": front_matter(title=s["search"], search={"exclude": True}),
        "s": s,
        "root": root_of("search/", lang),
    }
    return Page(f"search/{page_name(lang)}", "search.md.j2", context)
