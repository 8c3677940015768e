"""Generate the MkDocs ``docs_dir`` from the data packages: pages, charts, downloads.

This is the whole site in our own Python; MkDocs only assembles what is written here.
Every write is content-aware, so a rebuild with nothing changed rewrites nothing.
"""

from __future__ import annotations

import functools
import html
import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from sitegen.core import cache
from sitegen.charts import assets
from sitegen.format import citation
from sitegen.format import dcat
from sitegen.format import cells as display
from sitegen.format import exports
from sitegen.validate import inventory
from sitegen.model import topics
from sitegen.format import figures
from sitegen.charts.topic_chart import topic_chart
from sitegen.charts.theme import vega_config
from sitegen.core.files import copy_file, human_size, prune, sha256, write_bytes
from sitegen.core.i18n import DEFAULT_LANG, LANGS, Strings, lang_prefix, load_strings, text
from sitegen.model.packages import Package, Resource, read_descriptor
from sitegen.core.paths import Layout
from sitegen.core.progress import progress
from sitegen.charts.render import vega_bundle
from sitegen.core.reproducible import history, source_datetime
from sitegen.validate.validation import Validation

VEGA_BUNDLE = "assets/javascripts/vendor/vega-bundle.js"
#: Cells of a column whose longest value is wider than this (in half-width characters) may wrap.
WRAP_AFTER = 24


def jobs() -> int:
    """How many dataset pages are made at once: one per core, or ``SITEGEN_JOBS``."""
    try:
        return max(1, int(os.environ.get("SITEGEN_JOBS", "")))
    except ValueError:
        return max(1, min(os.cpu_count() or 1, 8))


@dataclass
class Output:
    """What one generation wrote, so stale files can be pruned."""

    docs: Path
    written: set[Path] = field(default_factory=set)
    changed: int = 0

    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, rel: str, data: bytes | str) -> Path:
        path = self.docs / rel
        payload = data.encode("utf-8") if isinstance(data, str) else data
        changed = write_bytes(path, payload)
        with self.lock:  # pages are written from several threads
            self.changed += changed
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
    return [{k: _plain_value(v) for k, v in row.items()} for _, row in rows]


def _plain_value(value: Any) -> Any:
    """frictionless gives year-months as (year, month) tuples; publish them as ISO 8601."""
    if isinstance(value, tuple) and hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year:04d}-{value.month:02d}"
    return value


@dataclass(frozen=True)
class Download:
    rel: str
    kind: str
    mediatype: str
    bytes: int
    sha256: str


class Generator:
    def __init__(
        self, layout: Layout, validation: Validation, site_url: str = "", langs: tuple[str, ...] = LANGS
    ) -> None:
        self.layout = layout
        #: The languages whose pages are built (mkdocs.yml can switch one off with
        #: ``build: false``); downloads and metadata stay bilingual regardless.
        self.langs = tuple(lang for lang in LANGS if lang in langs)
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
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.downloads: list[Download] = []
        self.resource_downloads: dict[tuple[str, str], list[Download]] = {}
        self.package_downloads: dict[str, list[Download]] = {}
        self.archive_entries: list[tuple[str, bytes]] = []
        self.all_download: Download | None = None
        self.svg_heights: dict[str, int] = {}
        self.topics, _ = topics.load_topics(layout.root)

    def s(self, lang: str) -> dict[str, str]:
        return self.strings.for_lang(lang)

    # Downloads -----------------------------------------------------------------

    def publish(self, rel: str, data: bytes, kind: str, mediatype: str) -> Download:
        self.out.put(rel, data)
        download = Download(rel, kind, mediatype, len(data), sha256(data))
        self.downloads.append(download)
        return download

    def publish_package(self, package: Package) -> None:
        """Every format of every resource, the descriptor, and a zip of the package."""
        when = source_datetime(self.layout.root)
        csv_by_name: dict[str, bytes] = {}
        store = cache.Store(self.layout.cache, "downloads")
        for resource in package.resources:
            data = resource.path.read_bytes()
            csv_by_name[resource.name] = data
            meta = [
                ("title", resource.title("ja"), resource.title("en")),
                ("description", resource.description("ja"), resource.description("en")),
                ("publisher", *(citation.source_parts(resource, lang)["publisher"] for lang in LANGS)),
                ("document", *(citation.source_parts(resource, lang)["document"] for lang in LANGS)),
                ("section", *(citation.source_parts(resource, lang)["section"] for lang in LANGS)),
                ("license", *(text((package.descriptor.get("licenses") or [{}])[0], "title", lang) for lang in LANGS)),
            ]
            self.resource_downloads[(package.name, resource.name)] = self.publish_resource(
                resource, data, meta, when, store
            )
        descriptor = json.dumps(published_descriptor(package, csv_by_name), ensure_ascii=False, indent=2) + "\n"
        descriptor_bytes = descriptor.encode("utf-8")
        entries = [(f"{package.name}/datapackage.json", descriptor_bytes)]
        entries += [(f"{package.name}/{name}.csv", data) for name, data in csv_by_name.items()]
        self.archive_entries.extend(entries)
        self.package_downloads[package.name] = [
            self.publish(f"data/{package.name}/datapackage.json", descriptor_bytes, "datapackage", "application/json"),
            self.publish(
                f"data/{package.name}/{package.name}.zip", exports.zip_bytes(entries, when), "zip", "application/zip"
            ),
        ]

    def publish_resource(
        self, resource: Resource, data: bytes, meta: list[tuple[str, str, str]], when: Any, store: cache.Store
    ) -> list[Download]:
        """The CSV as it is, and the formats made from its typed rows: from the cache when
        the table, its descriptor and the metadata are unchanged (an XLSX takes a while)."""
        base = f"data/{resource.package.name}/{resource.name}"
        fields = resource.fields
        inputs = (resource.descriptor, sha256(data), meta, when.isoformat())
        rows = functools.cache(lambda: csv_rows(self.validation.for_resource(resource).rows))

        def made(kind: str, make: Callable[[list[dict[str, Any]]], bytes]) -> bytes:
            return store.through(cache.key("download", kind, *inputs), lambda: make(rows()))

        return [
            self.publish(f"{base}.csv", data, "csv", "text/csv"),
            self.publish(
                f"{base}-excel.csv",
                made("csv_excel", lambda rows: exports.csv_bytes(rows, fields, excel=True)),
                "csv_excel",
                "text/csv",
            ),
            self.publish(
                f"{base}.xlsx",
                made("xlsx", lambda rows: exports.xlsx_bytes(rows, fields, meta, when)),
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            self.publish(f"{base}.json", made("json", exports.json_bytes), "json", "application/json"),
        ]

    def publish_downloads(self) -> None:
        """Every download, the checksums and the DCAT catalog that list them."""
        for package in self.validation.packages:
            self.publish_package(package)
        self.publish_all()
        self.checksums()
        self.dcat_catalog()

    def publish_all(self) -> None:
        when = source_datetime(self.layout.root)
        self.all_download = self.publish(
            "data/all.zip", exports.zip_bytes(self.archive_entries, when), "zip_all", "application/zip"
        )

    def dcat_catalog(self) -> None:
        datasets = [
            dcat.dataset(r, self.site_url, self.page_url, self.resource_downloads[(p.name, r.name)])
            for p in self.validation.packages
            for r in p.resources
        ]
        title = [{"@value": self.strings.get("site_name", lang), "@language": lang} for lang in LANGS]
        data = dcat.catalog(title, self.site_url, datasets)
        self.out.put("data/catalog.jsonld", json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def checksums(self) -> None:
        """``data/SHA256SUMS``: every download's hash, in the form ``sha256sum -c`` reads."""
        lines = sorted(f"{d.sha256}  {d.rel.removeprefix('data/')}" for d in self.downloads)
        self.out.put("data/SHA256SUMS", "\n".join(lines) + "\n")

    # Charts --------------------------------------------------------------------

    def charts_for(self, resource: Resource, lang: str, root: str) -> list[dict[str, Any]]:
        def rows() -> list[dict[str, Any]]:
            return csv_rows(self.validation.for_resource(resource).rows)

        charts = assets.write_charts(
            resource, rows, lang, self.strings, root, data_url(resource), self.layout.cache, self.out.put
        )
        for chart in charts:
            self.svg_heights[f"charts/{resource.package.name}/{resource.name}/{chart['name']}-{lang}.svg"] = chart[
                "height"
            ]
        return charts

    # Pages ---------------------------------------------------------------------

    def download_items(self, resource: Resource, lang: str, root: str) -> list[dict[str, str]]:
        items = [*self.resource_downloads[(resource.package.name, resource.name)]]
        items += self.package_downloads[resource.package.name]
        if self.all_download:
            items.append(self.all_download)
        return [
            {
                "url": f"{root}{d.rel}",
                "path": f"/{d.rel}",
                "label": self.strings.get(f"download_{d.kind}", lang),
                "size": human_size(d.bytes, lang),
                "sha256": d.sha256,
            }
            for d in items
        ]

    def page_url(self, slug: str, lang: str) -> str:
        return f"{self.site_url}{lang_prefix(lang)}{slug}"

    def dataset_page(self, resource: Resource, lang: str, charts: list[dict[str, Any]]) -> None:
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
        body, row_count = self.table_body(resource, lang, [bool(c["numeric"]) for c in columns])
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
            (s["document"], document, display.safe_url(package.descriptor.get("document_url"))),
            (s["table_label"], text(source_obj, "title", lang), display.safe_url(source_obj.get("path"))),
            (
                s["license"],
                text(licence, "title", lang, licence.get("name", "")),
                display.safe_url(licence.get("path")),
            ),
        ]
        source = [item for item in source if item[1]]
        cite_line = self.strings.get(
            "cite_line",
            lang,
            publisher=publisher,
            document=document,
            section=section,
            site=s["site_name"],
            url=self.page_url(resource.slug, lang),
        )
        year = source_datetime(self.layout.root).year
        url = self.page_url(resource.slug, lang)
        period = display.period(resource, lang, self.strings)
        facts = [(s["period"], period), (s["rows"], f"{row_count:,}"), (s["publisher"], publisher)]
        downloads = self.download_items(resource, lang, root)
        distributions = [
            {"mediatype": d.mediatype, "absolute": f"{self.site_url}{d.rel}", "bytes": d.bytes}
            for d in self.resource_downloads[(package.name, resource.name)]
        ]
        changes = history(self.layout.root, package.rel(resource.path))
        checks = [display.describe_check(c, resource, lang, self.strings) for c in resource.checks]
        errors = [p for p in result.problems if p.severity == "error"]
        og_image = next((c["png_path"] for c in charts if c.get("png_path")), "")
        page = self.env.get_template("dataset.md.j2").render(
            front_matter=front_matter(
                title=resource.title(lang),
                description=resource.description(lang),
                template="dataset.html",
                og_image=f"{self.site_url}{og_image}" if og_image and self.site_url else "",
            ),
            s=s,
            lang=lang,
            root=root,
            title=resource.title(lang),
            description=resource.description(lang),
            facts=[f for f in facts if f[1]],
            charts=charts,
            columns=columns,
            table_body=body,
            schema=schema,
            notes=notes,
            checks=checks,
            checks_summary=self.checks_summary(len(checks), bool(errors), lang),
            discrepancies=display.discrepancy_lines(result.problems, lang),
            source=source,
            citation=cite_line,
            bibtex=citation.bibtex(resource, url, year, self.s("en")["site_name"]),
            csl=citation.csl_json(resource, url, year, self.s("en")["site_name"]),
            json_ld=Markup(citation.json_ld(resource, lang, url, distributions, s["site_name"], self.site_url)),
            downloads=downloads,
            changes=changes,
        )
        self.out.put(f"{resource.slug}{page_name(lang)}", page)

    def checks_summary(self, checks: int, errors: bool, lang: str) -> str:
        """The validation line of a page: nothing when it lists errors instead."""
        if errors:
            return ""
        if checks:
            return self.strings.get("checks_ok", lang, count=checks)
        return self.strings.get("checks_schema_only", lang)

    def dataset_pages(self, resources: list[Resource], downloads: Callable[[], None]) -> None:
        """Every dataset page, ``jobs()`` at a time, while this thread runs ``downloads``.

        A page first renders its charts, which run in child processes, so the threads
        mostly wait on those; meanwhile this thread writes the spreadsheets and archives.
        The page itself is written once ``downloads`` is done, as it lists every file's
        size and hash. On a cold build every core is busy from the start.
        """
        ready = threading.Event()
        failed = threading.Event()

        def pages(resource: Resource) -> None:
            charts = {lang: self.charts_for(resource, lang, "../" * depth(resource.slug, lang)) for lang in self.langs}
            ready.wait()
            if not failed.is_set():
                for lang in self.langs:
                    self.dataset_page(resource, lang, charts[lang])

        with ThreadPoolExecutor(max_workers=jobs(), thread_name_prefix="page") as pool:
            futures = [pool.submit(pages, resource) for resource in resources]
            try:
                try:
                    downloads()
                except BaseException:
                    failed.set()
                    raise
                finally:
                    ready.set()
                for future in progress(as_completed(futures), len(futures), label="dataset pages"):
                    future.result()
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise

    def table_body(self, resource: Resource, lang: str, numeric: list[bool]) -> tuple[Markup, int]:
        """The data table's rows as HTML, and how many there are. The biggest part of a
        page and the same until the table, its descriptor or the UI strings change, so it
        is kept in the cache rather than formatted cell by cell on every build."""
        store = cache.Store(self.layout.cache, "tables")
        entry = cache.key("table-body", resource.descriptor, cache.file_hash(resource.path), lang, self.strings.table)

        def make() -> bytes:
            fields = resource.fields
            table = [
                [display.format_cell(row.get(f["name"]), f, lang, self.strings) for f in fields]
                for row in csv_rows(self.validation.for_resource(resource).rows)
            ]
            longest = [max(map(display.text_width, column), default=0) for column in zip(*table, strict=False)]
            # Numbers align right; a column of sentences may wrap (class "wrap"), the rest stay on one line.
            cells = [
                '<td class="num">' if flag else '<td class="wrap">' if width > WRAP_AFTER else "<td>"
                for flag, width in zip(numeric, longest or [0] * len(numeric), strict=True)
            ]
            lines = [
                "<tr>" + "".join(f"{c}{escape(v)}</td>" for c, v in zip(cells, row, strict=True)) + "</tr>\n"
                for row in table
            ]
            return json.dumps({"rows": len(lines), "html": "".join(lines)}, ensure_ascii=False).encode("utf-8")

        stored = json.loads(store.through(entry, make))
        return Markup(stored["html"]), int(stored["rows"])

    def card(self, resource: Resource, lang: str, root: str) -> dict[str, str]:
        rows = len(self.validation.for_resource(resource).rows)
        temporal = resource.descriptor.get("temporal") or {}
        changes = history(self.layout.root, resource.package.rel(resource.path))
        return {
            "title": resource.title(lang),
            "url": f"{root}{resource.slug}",
            "period": display.period(resource, lang, self.strings),
            "rows": f"{rows:,} {'行' if lang == 'ja' else 'rows'}",
            "topics": " ".join(resource.package.descriptor.get("topics", [])),
            "start": str(temporal.get("start", "")),
            "end": str(temporal.get("end", temporal.get("start", ""))),
            "updated": changes[0][0] if changes else "",
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
        tables = sum(len(p["resources"]) for p in packages)
        page = self.env.get_template("catalog.md.j2").render(
            front_matter=front_matter(title=self.s(lang)["catalog"], description=self.s(lang)["catalog_intro"]),
            s=self.s(lang),
            packages=packages,
            topics=[{"name": t.name, "title": t.title(lang)} for t in self.topics],
            total_line=self.strings.get("catalog_total", lang, packages=len(packages), tables=tables),
        )
        self.out.put(f"datasets/{page_name(lang)}", page)

    def figure_cards(self, topic: topics.Topic, lang: str, root: str) -> list[dict[str, str]]:
        cards = []
        for spec in topic.descriptor.get("figures", []):
            resource = topics.resolve(self.validation.packages, spec["resource"])
            if resource is None:
                continue
            rows = csv_rows(self.validation.for_resource(resource).rows)
            cards.append(
                {
                    "value": figures.figure_value(resource, rows, spec, lang, self.strings),
                    "label": text(spec, "label", lang),
                    "url": f"{root}{resource.slug}",
                    "source": f"{text(resource.package.descriptor, 'publisher', lang)}: {resource.title(lang)}",
                }
            )
        return cards

    def home_page(self, lang: str) -> None:
        root = "../" * depth("", lang)
        featured = self.featured()
        chosen = [t for t in self.topics if t.name in featured.get("topics", [])]
        figures = [card for topic in chosen for card in self.figure_cards(topic, lang, root)]
        charts = []
        for item in featured.get("charts", []):
            resource = topics.resolve(self.validation.packages, str(item.get("resource", "")))
            if resource is None or not resource.views:
                continue
            view = next((v for v in resource.views if v.get("name") == item.get("view")), resource.views[0])
            svg = f"charts/{resource.package.name}/{resource.name}/{view['name']}-{lang}.svg"
            title, description = text(view, "title", lang), text(view, "description", lang)
            charts.append(
                {
                    "url": f"{root}{resource.slug}",
                    "svg_url": f"{root}{svg}",
                    "height": self.svg_heights.get(svg, 360),
                    "title": title,
                    "alt": self.strings.get("chart_static_alt", lang, title=title, description=description),
                }
            )
        packages = [
            {
                "title": p.title(lang),
                "url": f"{root}datasets/#{p.name}",
                "publisher": text(p.descriptor, "publisher", lang),
                "count": self.strings.get("tables_count", lang, count=len(p.resources)),
            }
            for p in self.validation.packages
        ]
        page = self.env.get_template("home.md.j2").render(
            front_matter=front_matter(
                title=self.s(lang)["home"], description=self.s(lang)["site_description"], template="home.html"
            ),
            s=self.s(lang),
            catalog_url=f"{root}datasets/",
            search_url=f"{root}search/",
            figures=figures,
            topics=[{"title": t.title(lang), "url": f"{root}{t.slug}"} for t in chosen],
            charts=charts,
            packages=packages,
            updates=history(self.layout.root, "datapackage")[:8],
        )
        self.out.put(page_name(lang), page)

    def featured(self) -> dict[str, Any]:
        path = self.layout.datapackage / "featured.yaml"
        return read_descriptor(path) if path.is_file() else {}

    def search_page(self, lang: str) -> None:
        root = "../" * depth("search/", lang)
        page = self.env.get_template("search.md.j2").render(
            front_matter=front_matter(title=self.s(lang)["search"], search={"exclude": True}),
            s=self.s(lang),
            root=root,
        )
        self.out.put(f"search/{page_name(lang)}", page)

    # Topics and coverage -------------------------------------------------------

    def topic_page(self, topic: topics.Topic, lang: str) -> None:
        root = "../" * depth(topic.slug, lang)
        figures = self.figure_cards(topic, lang, root)
        charts = []
        for view in topic.descriptor.get("views", []):
            spec = topic_chart(topic, view, self.validation, lang, self.strings)
            spec["config"] = vega_config("default")
            spec["usermeta"] = {"odp": {"dark": vega_config("slate")}}
            charts.append(
                assets.publish_chart(
                    spec,
                    f"charts/topics/{topic.name}/{view['name']}-{lang}",
                    name=view["name"],
                    title=text(view, "title", lang),
                    description=text(view, "description", lang),
                    lang=lang,
                    strings=self.strings,
                    root=root,
                    cache_dir=self.layout.cache,
                    put=self.out.put,
                )
            )
        datasets = []
        for ref in topic.descriptor.get("datasets", []):
            resource = topics.resolve(self.validation.packages, ref)
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
        self.dataset_pages([r for p in self.validation.packages for r in p.resources], self.publish_downloads)
        for lang in self.langs:
            self.catalog_page(lang)
            self.home_page(lang)
            self.coverage_page(lang)
            self.search_page(lang)
            for topic in self.topics:
                self.topic_page(topic, lang)
        prune(self.layout.docs, self.out.written)
        return self.out


def generate(layout: Layout, validation: Validation, site_url: str = "", langs: tuple[str, ...] = LANGS) -> Output:
    return Generator(layout, validation, site_url, langs).run()
