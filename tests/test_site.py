"""The whole real site, built once: downloads and their integrity, links, machine-readable
metadata, reproducibility. These read the built files exactly as a visitor's browser or a
data portal's crawler would get them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from sitegen.build import build_site
from sitegen.core.paths import ROOT
from sitegen.format.exports import csv_bytes, excel_safe
from sitegen.model.packages import Resource, load_packages

from .conftest import SKELETON_PACKAGE, make_repo

DATASET = f"datasets/{SKELETON_PACKAGE}/dispatch-act-staff/index.html"
SITE_URL = re.search(r'site_url: !ENV \[SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
BASE_PATH = urlparse(SITE_URL.group(1) if SITE_URL else "/").path


class Links(HTMLParser):
    """Every URL a page requests or links to, and every id it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if a.get("name") and tag == "a":
            self.ids.add(a["name"] or "")
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append((tag, key, a[key] or ""))
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.scripts.append(data)
            self._in_ld = False


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_download_matches_its_listed_sha256(built_site: Path) -> None:
    sums = (built_site / "data" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) > 100  # 5 formats per resource, plus descriptors and zips
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((built_site / "data" / name).read_bytes()).hexdigest() == digest, name


def test_download_formats_of_the_skeleton_table(built_site: Path) -> None:
    data = built_site / "data" / SKELETON_PACKAGE
    excel = (data / "dispatch-act-staff-excel.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel
    rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"))))
    assert rows[0]["年度（和暦）"] == "昭和45年度" and rows[0]["年度内の派遣職員数（人）"] == "159"
    records = json.loads((data / "dispatch-act-staff.json").read_text(encoding="utf-8"))
    assert records[-1] == {
        "fiscal_year": 2023,
        "era_year_label": "令和5年度",
        "dispatched": 138,
        "ended": 142,
        "ended_without_return": 16,
        "year_end": 342,
        "year_end_adjusted": None,
    }
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO((data / "dispatch-act-staff.xlsx").read_bytes()))
    assert workbook.sheetnames[0] == "data" and workbook.sheetnames[-2:] == ["history", "metadata"]
    assert workbook["data"]["C2"].value == 159 and isinstance(workbook["data"]["C2"].value, int)
    meta = {row[0]: row[2:] for row in workbook["metadata"].iter_rows(values_only=True) if row and row[0]}
    assert meta["title"][:2] == ("派遣職員数の推移", "Dispatched staff by fiscal year")
    with zipfile.ZipFile(data / f"{SKELETON_PACKAGE}.zip") as archive:
        assert f"{SKELETON_PACKAGE}/datapackage.json" in archive.namelist()
        assert f"{SKELETON_PACKAGE}/dispatch-act-staff.csv" in archive.namelist()


def test_spreadsheet_formulas_are_neutralised_but_numbers_stay_numbers() -> None:
    text_field = {"name": "note", "type": "string"}
    number_field = {"name": "n", "type": "integer"}
    for hostile in ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]:
        assert excel_safe(hostile, text_field) == "'" + hostile
    assert excel_safe(-5, number_field) == -5
    assert excel_safe("plain", text_field) == "plain"
    data = csv_bytes([{"note": '=HYPERLINK("x")', "n": -5}], [text_field, number_field], excel=True)
    assert data.decode("utf-8-sig") == 'note,n\r\n"\'=HYPERLINK(""x"")",-5\r\n'


def test_dataset_page_has_schema_org_dataset(built_site: Path) -> None:
    for prefix, lang in [("", "ja"), ("en/", "en")]:
        [block] = parse(built_site / prefix / DATASET).scripts
        data = json.loads(block)
        assert data["@type"] == "Dataset" and data["inLanguage"] == lang
        assert data["temporalCoverage"] == "1970/2023"
        assert data["license"].startswith("https://www.digital.go.jp/")
        assert {d["encodingFormat"] for d in data["distribution"]} >= {"text/csv", "application/json"}
        assert any(v["propertyID"] == "year_end" for v in data["variableMeasured"])
        assert data["creator"]["name"] in ("人事院", "National Personnel Authority")


def test_sitemap_lists_both_languages_with_hreflang(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="en"' in sitemap and 'hreflang="ja"' in sitemap
    assert "datasets/nps-international-cooperation/dispatch-act-staff/" in sitemap


def _resolve(page: Path, site: Path, ref: str) -> tuple[Path, str] | None:
    url, fragment = urldefrag(ref)
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or ref.startswith(("mailto:", "data:", "javascript:")):
        return None
    if not url:
        return page, fragment
    if parsed.path.startswith("/"):  # root-absolute, as on 404.html: below the site_url path
        assert parsed.path.startswith(BASE_PATH), f"{page}: {ref} is outside {BASE_PATH}"
        target = (site / unquote(parsed.path[len(BASE_PATH) :])).resolve()
    else:
        target = (page.parent / unquote(parsed.path)).resolve()
    if url.endswith("/") or target.is_dir():
        target = target / "index.html"
    assert site.resolve() in target.parents or target == site.resolve(), f"{page}: {ref} leaves the site"
    return target, fragment


def test_every_internal_link_anchor_and_asset_resolves(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    parsed = {page.resolve(): parse(page) for page in pages}
    broken = []
    for page in pages:
        for tag, attr, ref in parsed[page.resolve()].refs:
            resolved = _resolve(page, built_site, ref)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)}: <{tag} {attr}={ref}> missing")
            elif fragment and target.suffix == ".html" and fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(built_site)}: <{tag} {attr}={ref}> no such anchor")
    assert broken == []


def test_no_page_requests_another_origin(built_site: Path) -> None:
    offenders = []
    for page in built_site.rglob("*.html"):
        for tag, attr, ref in parse(page).refs:
            requested = tag in ("script", "img", "link", "iframe", "source") and re.match(r"^(https?:)?//", ref)
            canonical = tag == "link" and ref.startswith(SITE_URL.group(1) if SITE_URL else "/")
            if requested and not canonical:
                offenders.append(f"{page.relative_to(built_site)}: <{tag} {attr}={ref}>")
    assert offenders == []


@pytest.mark.slow
def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path: Path) -> None:
    layout = make_repo(tmp_path / "repo", [SKELETON_PACKAGE])
    first, second = tmp_path / "a", tmp_path / "b"
    assert build_site(layout, first) == 0
    assert build_site(layout, second) == 0

    def digest(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*")
            if p.is_file()
        }

    a, b = digest(first), digest(second)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_search_index_stays_small_per_language(built_site: Path) -> None:
    """Pagefind's index and fragments are stored gzip-compressed: their sizes are what travels."""
    folder = built_site / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"ja", "en"}
    for lang in ("ja", "en"):
        files = [
            *folder.glob(f"index/{lang}_*"),
            *folder.glob(f"fragment/{lang}_*"),
            *folder.glob(f"pagefind.{lang}_*"),
        ]
        assert files
        assert sum(f.stat().st_size for f in files) < 500_000, lang


def test_a_chart_source_line_names_the_publisher_once(built_site: Path) -> None:
    folder = built_site / "charts" / SKELETON_PACKAGE / "dispatch-act-staff"
    en = json.loads((folder / "dispatch-trend-en-vl.json").read_text(encoding="utf-8"))["title"]["subtitle"]
    ja = json.loads((folder / "dispatch-trend-ja-vl.json").read_text(encoding="utf-8"))["title"]["subtitle"]
    assert " ".join(en).startswith("Source: National Personnel Authority Annual Report")
    assert "".join(ja) == "出典：「人事院 年次報告書 第8章 国際協力」"


def primary_nav_links(html: str) -> dict[str, str]:
    """Label → href of every link in Material's sidebar (the primary navigation)."""
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split('class="md-sidebar md-sidebar--secondary"', 1)[0]
    found = re.findall(
        r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*(.+?)\s*</span>', nav, re.S
    )
    return {re.sub(r"<[^>]+>|\s+", " ", label).strip(): href for href, label in found}


def test_the_sidebar_lists_the_documents_and_the_tables_of_its_own_document_only(built_site: Path) -> None:
    """With a sidebar of every table on every page, the site's HTML grew with the square of
    its tables; it lists every document, and the tables of the page's own document."""
    packages = [p for p in load_packages(ROOT)[0] if len(p.resources) >= 2]
    assert len(packages) >= 2
    own, other = packages[0], packages[1]
    page = built_site / own.resources[0].slug / "index.html"
    links = primary_nav_links(page.read_text(encoding="utf-8"))
    targets = {(page.parent / href / "index.html").resolve() for href in links.values()}

    def target(resource: Resource) -> Path:
        return (built_site / resource.slug / "index.html").resolve()

    assert {target(r) for r in own.resources} <= targets
    assert not {target(r) for r in other.resources[1:]} & targets
    # another document is one link, to its first table
    assert (page.parent / links[other.short_title("ja")] / "index.html").resolve() == target(other.resources[0])
