"""Every chart of the site, rendered before any page is written.

``render_charts`` renders each dataset's views and each topic's charts (the renders
run in child processes, several at a time) and returns ``ChartIndex``: what a page
needs to show each chart, its height included. The home page's thumbnails read their
heights from here, so no page kind depends on another having been made first.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from sitegen.charts import assets
from sitegen.charts.topic_chart import topic_chart
from sitegen.core.i18n import text
from sitegen.core.progress import progress
from sitegen.model.packages import Resource
from sitegen.model.topics import Topic
from sitegen.site.downloads import data_url
from sitegen.site.inputs import SiteInputs
from sitegen.site.output import Output
from sitegen.site.pages.common import root_of

#: What a page template shows of one chart: title, alt text, URLs of spec and images, size.
Chart = dict[str, Any]


@dataclass
class ChartIndex:
    """Rendered charts by (package, resource, lang) and by (topic, lang)."""

    datasets: dict[tuple[str, str, str], list[Chart]] = field(default_factory=dict)
    topics: dict[tuple[str, str], list[Chart]] = field(default_factory=dict)

    def of_resource(self, resource: Resource, lang: str) -> list[Chart]:
        return self.datasets[(resource.package.name, resource.name, lang)]

    def of_topic(self, topic: Topic, lang: str) -> list[Chart]:
        return self.topics[(topic.name, lang)]

    def view(self, resource: Resource, name: str, lang: str) -> Chart:
        """One view's chart; a view that was not rendered is a bug, never a guess."""
        for chart in self.of_resource(resource, lang):
            if chart["name"] == name:
                return chart
        raise KeyError(f"no chart {name!r} was rendered for {resource.package.name}/{resource.name} ({lang})")


def dataset_charts(site: SiteInputs, out: Output, resource: Resource, lang: str) -> list[Chart]:
    return assets.write_charts(
        resource,
        lambda: site.rows(resource),
        lang,
        site.strings,
        root_of(resource.slug, lang),
        data_url(resource),
        site.layout.cache,
        out.put,
        sharp=featured_views(site, resource),
    )


def featured_views(site: SiteInputs, resource: Resource) -> frozenset[str]:
    """The views of ``resource`` the home page features (featured.yaml; a featured table
    without a view features its first)."""
    names = set()
    for item in site.featured.get("charts", []):
        if item.get("resource") == f"{resource.package.name}/{resource.name}" and resource.views:
            names.add(str(item.get("view") or resource.views[0].get("name")))
    return frozenset(names)


def topic_charts(site: SiteInputs, out: Output, topic: Topic, lang: str) -> list[Chart]:
    charts = []
    for view in topic.descriptor.get("views", []):
        spec = topic_chart(view, site.validation, lang, site.strings)  # both schemes' configs included
        charts.append(
            assets.publish_chart(
                spec,
                f"charts/topics/{topic.name}/{view['name']}-{lang}",
                name=view["name"],
                title=text(view, "title", lang),
                description=text(view, "description", lang),
                lang=lang,
                strings=site.strings,
                root=root_of(topic.slug, lang),
                cache_dir=site.layout.cache,
                put=out.put,
            )
        )
    return charts


def submit_charts(site: SiteInputs, out: Output, pool: Executor) -> Callable[[], ChartIndex]:
    """Start every render on ``pool``; the returned function waits for them and gives the index.

    One task per resource (all its languages), so a table's cached spec and renders are
    looked up by one thread; topics come last, as they read several tables.
    """

    def resource_task(resource: Resource) -> dict[str, list[Chart]]:
        return {lang: dataset_charts(site, out, resource, lang) for lang in site.langs}

    def topic_task(topic: Topic) -> dict[str, list[Chart]]:
        return {lang: topic_charts(site, out, topic, lang) for lang in site.langs}

    resources = [r for p in site.validation.packages for r in p.resources]
    dataset_futures = [(r, pool.submit(resource_task, r)) for r in resources]
    topic_futures = [(t, pool.submit(topic_task, t)) for t in site.topics]

    def collect() -> ChartIndex:
        index = ChartIndex()
        for resource, future in progress(dataset_futures, label="charts"):
            for lang, charts in future.result().items():
                index.datasets[(resource.package.name, resource.name, lang)] = charts
        for topic, future in topic_futures:
            for lang, charts in future.result().items():
                index.topics[(topic.name, lang)] = charts
        return index

    return collect
