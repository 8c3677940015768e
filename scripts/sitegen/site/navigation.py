"""The site's navigation as data: sections and pages with their titles in every language.

The pipeline makes it with the pages and hands it to the assembler, which turns it into
whatever its engine reads (MkDocs: ``nav`` plus mkdocs-static-i18n's translations).
"""

from __future__ import annotations

from sitegen.core.i18n import LANGS
from sitegen.model.packages import read_descriptor
from sitegen.site.inputs import SiteInputs
from sitegen.site.nav_tree import NavItem


def navigation(site: SiteInputs) -> tuple[NavItem, ...]:
    """Home, the catalog with every dataset grouped by document, topics (their index
    first, when there are any), coverage, the changelog (Updates), about."""
    strings = site.strings

    def titled(key: str) -> dict[str, str]:
        return {lang: strings.get(key, lang) for lang in LANGS}

    datasets = [NavItem("datasets/index.md", titled("nav_all_tables"))]
    for package in site.validation.packages:
        pages = tuple(NavItem(f"{r.slug}index.md") for r in package.resources)
        datasets.append(NavItem(titles={lang: package.short_title(lang) for lang in LANGS}, children=pages))
    # The index of topics heads their section (and so the breadcrumb above a topic).
    topics = tuple(NavItem(f"{t.slug}index.md") for t in site.topics)
    if topics:
        topics = (NavItem("topics/index.md", titled("nav_all_topics")), *topics)
    about = tuple(NavItem(str(page)) for page in _static_pages(site))
    return (
        NavItem("index.md"),
        NavItem(titles=titled("catalog"), children=tuple(datasets)),
        NavItem(titles=titled("topics"), children=topics),
        NavItem("coverage/index.md"),
        NavItem("updates/index.md"),
        NavItem(titles=titled("nav_about"), children=about),
    )


def _static_pages(site: SiteInputs) -> list[str]:
    path = site.layout.site_src / "navigation.yml"
    declared = read_descriptor(path).get("about_pages", []) if path.is_file() else []
    return [str(page) for page in declared]
