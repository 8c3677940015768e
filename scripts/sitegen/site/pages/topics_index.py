"""The index of topics (/topics/): every topic with its description, one link each.

The topic pages sit in a section of the navigation; this page is that section's first
page, so the breadcrumb "Topics" above a topic leads to the list of them.
"""

from __future__ import annotations

from sitegen.core.i18n import lang_prefix, text
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.common import Page, front_matter, page_name, root_of

#: Where the index sits: the folder every topic's page is in.
SLUG = "topics/"


def topics_index_page(site: SiteInputs, lang: str) -> Page:
    root = root_of(SLUG, lang)
    s = site.s(lang)
    topics = [
        {
            "title": topic.title(lang),
            "description": text(topic.descriptor, "description", lang),
            "url": f"{root}{lang_prefix(lang)}{topic.slug}",
        }
        for topic in site.topics
    ]
    context = {
        "front_matter": front_matter(title=s["topics"], description=s["topics_intro"]),
        "s": s,
        "topics": topics,
    }
    return Page(f"{SLUG}{page_name(lang)}", "topics.md.j2", context)
