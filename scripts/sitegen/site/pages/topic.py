"""A topic's page: where tables from different documents speak to each other."""

from __future__ import annotations

from sitegen.core.i18n import text
from sitegen.model.topics import Topic, resolve
from sitegen.site.chart_index import ChartIndex
from sitegen.site.inputs import SiteInputs
from sitegen.site.pages.cards import card, figure_cards
from sitegen.site.pages.common import Page, front_matter, page_name, root_of


def topic_page(site: SiteInputs, topic: Topic, lang: str, charts: ChartIndex) -> Page:
    root = root_of(topic.slug, lang)
    datasets = []
    for ref in topic.descriptor.get("datasets", []):
        resource = resolve(site.validation.packages, ref)
        if resource is not None:
            item = card(site, resource, lang, root)
            item["publisher"] = text(resource.package.descriptor, "publisher", lang)
            datasets.append(item)
    description = text(topic.descriptor, "description", lang)
    context = {
        "front_matter": front_matter(title=topic.title(lang), description=description),
        "s": site.s(lang),
        "lang": lang,
        "root": root,
        "title": topic.title(lang),
        "description": description,
        "caveat": text(topic.descriptor, "caveat", lang),
        "figures": figure_cards(site, topic, lang, root),
        "charts": charts.of_topic(topic, lang),
        "datasets": datasets,
    }
    return Page(f"{topic.slug}{page_name(lang)}", "topic.md.j2", context)
