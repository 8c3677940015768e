"""Generate the MkDocs ``docs_dir`` from the data packages: pages, charts, downloads.

This is the whole site in our own Python; MkDocs only assembles what is written here.
Every write is content-aware, so a rebuild with nothing changed rewrites nothing.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import chart_assets, display, inventory, topics
from .charts import static_spec as charts_static
from .files import copy_file, human_size, prune, sha256, write_bytes
from .i18n import DEFAULT_LANG, LANGS, Strings, load_strings, text
from .packages import Package, Resource
from .paths import Layout
from .render import render_svg, svg_height, vega_bundle
from .validate import Validation

VEGA_BUNDLE = "assets/javascripts/vendor/vega-bundle.js"


@dataclass
class Output:
    """What one generation wrote, so stale files can be pruned."""

    docs: Path
    written: set[Path] = field(default_factory=set)
    changed: int = 0

    def put(self, rel: str, data: bytes | str) -> Path:
        path = self.docs / rel
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if write_bytes(path, payload):
            self.changed += 1
        self.written.add(path)
        return path


def page_name(lang: str) -> str:
    """File name of a page in ``lang``: mkdocs-static-i18n's suffix convention."""
    return "index.md" if lang == DEFAULT_LANG else f"index.{lang}.md"


def depth(slug: str, lang: str) -> int:
    """How many folders a page sits below the site root (for relative links)."""
    return slug.strip("/").count("/") + (1 if slug.strip("/") else 0) + (0 if lang == DEFAULT_LANG else 1)


def front_matter(**values: Any) -> Markup:
    """YAML front matter for MkDocs. Values are HTML-escaped here because MkDocs' theme
    templates do not autoescape: the title lands in <title>, the nav and meta tags as is."""
    escaped = {k: html.escape(v) if isinstance(v, str) else v for k, v in values.items() if v}
    return Markup(yaml.safe_dump(escaped, allow_unicode=True, sort_keys=False, width=10_000).strip())


def data_url(resource: Resource) -> str:
    return f"data/{resource.package.name}/{resource.name}.csv"


def published_descriptor(package: Package, csv_bytes: dict[str, bytes]) -> dict[str, Any]:
    """The descriptor as published: JSON, paths pointing at the published CSVs, with hashes."""
    descriptor = json.loads(json.dumps(package.descriptor, ensure_ascii=False, default=str))
    for res in descriptor.get("resources", []):
        data = csv_bytes.get(res.get("name"))
        if data is None:
            continue
        res["path"] = f"{res['name']}.csv"
        res["bytes"] = len(data)
        res["hash"] = f"sha256:{sha256(data)}"
    return descriptor


def csv_rows(rows: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [row for _, row in rows]


class Generator:
    def __init__(self, layout: Layout, validation: Validation) -> None:
        self.layout = layout
        self.validation = validation
        self.strings: Strings = load_strings(layout.site_src / "strings.yml")
        self.env = Environment(
            loader=FileSystemLoader(layout.site_src / "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            # ``{#id}`` is Markdown's attribute list, not a Jinja comment.
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.out = Output(layout.docs)
        self.topics, _ = topics.load_topics(layout.root)

    def s(self, lang: str) -> dict[str, str]:
        return self.strings.for_lang(lang)

    # Downloads -----------------------------------------------------------------

    def publish_package(self, package: Package) -> dict[str, int]:
        csv_bytes: dict[str, bytes] = {}
        for resource in package.resources:
            data = resource.path.read_bytes()
            csv_bytes[resource.name] = data
            self.out.put(data_url(resource), data)
        descriptor = published_descriptor(package, csv_bytes)
        self.out.put(
            f"data/{package.name}/datapackage.json",
            json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
        )
        return {name: len(data) for name, data in csv_bytes.items()}

    # Charts --------------------------------------------------------------------

    def charts_for(self, resource: Resource, lang: str, root: str) -> list[dict[str, Any]]:
        rows = csv_rows(self.validation.for_resource(resource).rows)
        return chart_assets.write_charts(
            resource, rows, lang, self.strings, root, data_url(resource), self.layout.cache, self.out.put
        )

    # Pages ---------------------------------------------------------------------

    def dataset_page(self, resource: Resource, lang: str, sizes: dict[str, int]) -> None:
        package = resource.package
        result = self.validation.for_resource(resource)
        root = "../" * depth(resource.slug, lang)
        s = self.s(lang)
        fields = resource.fields
        columns = [
            {
                "title": text(f, "title", lang, f["name"]),
                "unit": text(f, "unit", lang),
                "numeric": f.get("type") in ("integer", "number") and not display.is_time(f),
            }
            for f in fields
        ]
        rows = [
            [display.format_cell(row.get(f["name"]), f, lang, self.strings) for f in fields]
            for row in csv_rows(result.rows)
        ]
        schema = [
            {
                "name": f["name"],
                "title": text(f, "title", lang),
                "type": display.field_type_label(f, lang, self.strings),
                "unit": text(f, "unit", lang),
                "description": text(f, "description", lang),
            }
            for f in fields
        ]
        notes = [{"id": n.get("id", ""), "text": text(n, "text", lang)} for n in resource.descriptor.get("notes", [])]
        source_obj = (resource.descriptor.get("sources") or [{}])[0]
        publisher = text(source_obj, "publisher", lang) or text(package.descriptor, "publisher", lang)
        document = text(package.descriptor, "document", lang)
        section = text(source_obj, "section", lang)
        licence = (package.descriptor.get("licenses") or [{}])[0]
        source = [
            (s["publisher"], publisher, None),
            (s["document"], document, package.descriptor.get("document_url")),
            (s["table_label"], text(source_obj, "title", lang), source_obj.get("path")),
            (s["license"], text(licence, "title", lang, licence.get("name", "")), licence.get("path")),
        ]
        source = [item for item in source if item[1]]
        citation = self.strings.get(
            "cite_line", lang, publisher=publisher, document=document, section=section, site=s["site_name"]
        )
        period = display.period(resource, lang, self.strings)
        facts = [(s["period"], period), (s["rows"], f"{len(rows):,}"), (s["publisher"], publisher)]
        downloads = [
            {
                "url": f"{root}{data_url(resource)}",
                "path": f"/{data_url(resource)}",
                "label": s["download_csv"],
                "size": human_size(sizes[resource.name], lang),
            },
            {
                "url": f"{root}data/{package.name}/datapackage.json",
                "path": f"/data/{package.name}/datapackage.json",
                "label": s["download_datapackage"],
                "size": "",
            },
        ]
        checks = [display.describe_check(c, resource, lang, self.strings) for c in resource.checks]
        errors = [p for p in result.problems if p.severity == "error"]
        page = self.env.get_template("dataset.md.j2").render(
            front_matter=front_matter(
                title=resource.title(lang), description=resource.description(lang), template="dataset.html"
            ),
            s=s,
            lang=lang,
            root=root,
            title=resource.title(lang),
            description=resource.description(lang),
            facts=[f for f in facts if f[1]],
            charts=self.charts_for(resource, lang, root),
            columns=columns,
            rows=rows,
            schema=schema,
            notes=notes,
            checks=checks,
            checks_summary=self.strings.get("checks_ok", lang, count=len(checks)) if not errors else "",
            discrepancies=display.discrepancy_lines(result.problems, lang),
            source=source,
            citation=citation,
            downloads=downloads,
        )
        self.out.put(f"{resource.slug}{page_name(lang)}", page)

    def card(self, resource: Resource, lang: str, root: str) -> dict[str, str]:
        rows = len(self.validation.for_resource(resource).rows)
        return {
            "title": resource.title(lang),
            "url": f"{root}{resource.slug}",
            "period": display.period(resource, lang, self.strings),
            "rows": f"{rows:,} {'行' if lang == 'ja' else 'rows'}",
        }

    def catalog_page(self, lang: str) -> None:
        root = "../" * depth("datasets/", lang)
        packages = [
            {
                "name": package.name,
                "title": package.title(lang),
                "publisher": text(package.descriptor, "publisher", lang),
                "resources": [self.card(r, lang, root) for r in package.resources],
            }
            for package in self.validation.packages
        ]
        page = self.env.get_template("catalog.md.j2").render(
            front_matter=front_matter(title=self.s(lang)["catalog"]), s=self.s(lang), packages=packages
        )
        self.out.put(f"datasets/{page_name(lang)}", page)

    def home_page(self, lang: str) -> None:
        root = "../" * depth("", lang)
        resources = [self.card(r, lang, root) for p in self.validation.packages for r in p.resources]
        page = self.env.get_template("home.md.j2").render(
            front_matter=front_matter(title=self.s(lang)["home"], template="home.html"),
            s=self.s(lang),
            catalog_url=f"{root}datasets/",
            resources=resources,
        )
        self.out.put(page_name(lang), page)

    # Topics and coverage -------------------------------------------------------

    def topic_page(self, topic: topics.Topic, lang: str) -> None:
        root = "../" * depth(topic.slug, lang)
        figures = []
        for spec in topic.descriptor.get("figures", []):
            resource = topics.resolve(self.validation, spec["resource"])
            if resource is None:
                continue
            rows = csv_rows(self.validation.for_resource(resource).rows)
            figures.append(
                {
                    "value": topics.figure_value(resource, rows, spec, lang, self.strings),
                    "label": text(spec, "label", lang),
                    "url": f"{root}{resource.slug}",
                    "source": f"{text(resource.package.descriptor, 'publisher', lang)}: {resource.title(lang)}",
                }
            )
        charts = []
        for view in topic.descriptor.get("views", []):
            spec = topics.topic_chart(topic, view, self.validation, lang, self.strings)
            base = f"charts/topics/{topic.name}/{view['name']}-{lang}"
            self.out.put(f"{base}-vl.json", json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
            svg = render_svg(charts_static(spec), self.layout.cache)
            self.out.put(f"{base}.svg", svg)
            title, description = text(view, "title", lang), text(view, "description", lang)
            charts.append(
                {
                    "name": view["name"],
                    "title": title,
                    "spec_url": f"{root}{base}-vl.json",
                    "svg_url": f"{root}{base}.svg",
                    "height": svg_height(svg),
                    "alt": self.strings.get("chart_static_alt", lang, title=title, description=description),
                    "description": description,
                }
            )
        datasets = []
        for ref in topic.descriptor.get("datasets", []):
            resource = topics.resolve(self.validation, ref)
            if resource is not None:
                card = self.card(resource, lang, root)
                card["publisher"] = text(resource.package.descriptor, "publisher", lang)
                datasets.append(card)
        page = self.env.get_template("topic.md.j2").render(
            front_matter=front_matter(title=topic.title(lang), description=text(topic.descriptor, "description", lang)),
            s=self.s(lang),
            lang=lang,
            root=root,
            title=topic.title(lang),
            description=text(topic.descriptor, "description", lang),
            caveat=text(topic.descriptor, "caveat", lang),
            figures=figures,
            charts=charts,
            datasets=datasets,
        )
        self.out.put(f"{topic.slug}{page_name(lang)}", page)

    def coverage_page(self, lang: str) -> None:
        root = "../" * depth("coverage/", lang)
        packages = []
        for package in self.validation.packages:
            names = {r.name: r for r in package.resources}
            rows = []
            for entry in inventory.entries(package):
                resource = names.get(str(entry.get("resource")))
                rows.append(
                    {
                        "label": text(entry, "label", lang),
                        "location": text(entry, "location", lang),
                        "url": f"{root}{resource.slug}" if resource else "",
                        "resource_title": resource.title(lang) if resource else "",
                        "reason": text(entry, "reason", lang),
                    }
                )
            published = sum(1 for r in rows if r["url"])
            packages.append(
                {
                    "name": package.name,
                    "title": package.title(lang),
                    "summary": self.strings.get("coverage_summary", lang, total=len(rows), published=published),
                    "entries": rows,
                }
            )
        page = self.env.get_template("coverage.md.j2").render(
            front_matter=front_matter(title=self.s(lang)["coverage"]), s=self.s(lang), packages=packages
        )
        self.out.put(f"coverage/{page_name(lang)}", page)

    # Static sources ------------------------------------------------------------

    def static_sources(self) -> None:
        for folder in ("pages", "assets"):
            src = self.layout.site_src / folder
            for path in sorted(src.rglob("*")):
                if path.is_file():
                    rel = path.relative_to(src).as_posix()
                    target = rel if folder == "pages" else f"assets/{rel}"
                    dest = self.layout.docs / target
                    if copy_file(path, dest):
                        self.out.changed += 1
                    self.out.written.add(dest)
        self.out.put(VEGA_BUNDLE, vega_bundle(self.layout.cache))

    def run(self) -> Output:
        self.static_sources()
        for package in self.validation.packages:
            sizes = self.publish_package(package)
            for resource in package.resources:
                for lang in LANGS:
                    self.dataset_page(resource, lang, sizes)
        for lang in LANGS:
            self.catalog_page(lang)
            self.home_page(lang)
            self.coverage_page(lang)
            for topic in self.topics:
                self.topic_page(topic, lang)
        prune(self.layout.docs, self.out.written)
        return self.out


def generate(layout: Layout, validation: Validation) -> Output:
    return Generator(layout, validation).run()
