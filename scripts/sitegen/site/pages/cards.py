"""Cards that several page kinds show: a table's card, a quoted figure's card."""

from __future__ import annotations

from typing import Any

from sitegen.core.i18n import lang_prefix, text
from sitegen.format import cells, dates, figures
from sitegen.model.packages import Resource
from sitegen.model.topics import Topic, resolve
from sitegen.site.inputs import SiteInputs
from sitegen.site.releases import data_updated
from sitegen.validate.temporal import coverage


def card(site: SiteInputs, resource: Resource, lang: str, root: str) -> dict[str, str]:
    rows = len(site.validation.for_resource(resource).rows)
    covered = coverage(resource, site.validation.for_resource(resource).rows)
    return {
        "title": resource.title(lang),
        "url": f"{root}{lang_prefix(lang)}{resource.slug}",
        "period": cells.period(resource, site.validation.for_resource(resource).rows, lang, site.strings),
        "rows": site.strings.get("rows_count", lang, count=f"{rows:,}"),
        "topics": " ".join(resource.package.descriptor.get("topics", [])),
        "start": str(covered.start.year) if covered else "",
        "end": str(covered.end.year) if covered else "",
        # when this site last changed the table's data: the changes log, not git
        "updated": dates.date_words(data_updated(resource), lang),
    }


def figure_cards(site: SiteInputs, topic: Topic, lang: str, root: str) -> list[dict[str, Any]]:
    cards = []
    for spec in topic.descriptor.get("figures", []):
        resource = resolve(site.validation.packages, spec["resource"])
        if resource is None:
            continue
        cards.append(
            {
                "value": figures.figure_value(resource, site.rows(resource), spec, lang, site.strings),
                "label": text(spec, "label", lang),
                "url": f"{root}{lang_prefix(lang)}{resource.slug}",
                # the table and its document, briefly: the label already says what it is
                "source": site.strings.get(
                    "figure_source", lang, table=resource.title(lang), document=resource.package.short_title(lang)
                ),
            }
        )
    return cards
