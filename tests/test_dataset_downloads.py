"""A dataset page offers the two downloads most readers want (the CSV and the Excel
workbook) as buttons under the facts, and keeps the file addresses and SHA-256 sums in a
collapsed block, out of the search index (issue: readers first)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.core.paths import Layout

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

PAGE = f"datasets/{FIXTURE_PACKAGE}/partner-cities/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    layout: Layout = make_fixture_repo(tmp_path_factory.mktemp("dl") / "repo")
    assert build_site(layout) == 0
    return layout.site


BUTTONS = [("", "CSVをダウンロード", "Excelファイルをダウンロード"), ("en/", "Download CSV", "Download Excel workbook")]


@pytest.mark.parametrize(("prefix", "csv", "xlsx"), BUTTONS)
def test_csv_and_excel_are_buttons_under_the_facts(site: Path, prefix: str, csv: str, xlsx: str) -> None:
    html = (site / prefix / PAGE).read_text(encoding="utf-8")
    top = html.split('class="odp-facts"', 1)[1].split('id="chart"', 1)[0]
    buttons = re.findall(r'<a class="md-button[^"]*" href="([^"]+)" download>([^<]+)</a>', top)
    assert [label for _, label in buttons] == [csv, xlsx]
    for href, _ in buttons:
        target = (site / prefix / PAGE).parent / href
        assert target.resolve().is_file(), href
    assert buttons[0][0].endswith("data/sample-city-exchange/partner-cities.csv")
    assert buttons[1][0].endswith("data/sample-city-exchange/partner-cities.xlsx")


def test_hashes_and_paths_sit_in_a_collapsed_block_out_of_search(site: Path) -> None:
    html = (site / PAGE).read_text(encoding="utf-8")
    details = re.search(r'<details class="odp-download-details" data-pagefind-ignore>(.*?)</details>', html, re.S)
    assert details and "sha256:" in details.group(1) and "/data/sample-city-exchange/" in details.group(1)
    outside = html.replace(details.group(0), "")
    assert "sha256:" not in outside
    assert 'class="odp-download-details" data-pagefind-ignore open' not in html  # collapsed


def test_dataset_pages_have_breadcrumbs(site: Path) -> None:
    html = (site / "en" / PAGE).read_text(encoding="utf-8")
    path = re.search(r'<nav class="md-path"[^>]*>(.*?)</nav>', html, re.S)
    assert path, "no breadcrumbs"
    crumbs = [" ".join(c.split()) for c in re.findall(r'<span class="md-ellipsis">(.*?)</span>', path.group(1), re.S)]
    assert crumbs == ["Home", "Datasets", "Sample City Report on International Exchange, FY2024 edition (test fixture)"]


def test_citation_formats_and_field_ids_are_not_search_matter(site: Path) -> None:
    html = (site / PAGE).read_text(encoding="utf-8")
    assert html.count('<details class="odp-cite-formats" data-pagefind-ignore>') == 2  # BibTeX, CSL-JSON
    assert '<td data-pagefind-ignore data-label="列名"><code>delegates</code></td>' in html


def test_the_search_page_is_not_a_search_result(site: Path) -> None:
    for prefix in ("", "en/"):
        assert "data-pagefind-body" not in (site / prefix / "search" / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in (site / prefix / PAGE).read_text(encoding="utf-8")


def test_a_one_row_table_reads_as_a_list_of_label_and_value(site: Path) -> None:
    html = (site / "en" / f"datasets/{FIXTURE_PACKAGE}/programme-summary-fy2024/index.html").read_text(encoding="utf-8")
    record = re.search(r'<dl class="odp-record"[^>]*>(.*?)</dl>', html, re.S)
    assert record, "no label-value list"
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", record.group(1), re.S)
    labels = [re.sub(r"<[^>]+>", "", dt).strip() for dt, _ in pairs]
    assert len(pairs) == 6 and labels[0] == "Fiscal year"
    assert [dd for _, dd in pairs][-1] == "1,860"
    assert 'class="odp-table-wrap odp-table-wrap--record"' in html  # the table itself is not shown
    many = (site / "en" / PAGE).read_text(encoding="utf-8")
    assert "odp-record" not in many  # a table of several rows stays a table


def test_a_qualified_number_reads_as_one_value_on_the_page(site: Path) -> None:
    html = (site / PAGE).read_text(encoding="utf-8")
    table = html.split('<table class="odp-data">', 1)[1].split("</table>", 1)[0]
    assert "交流で往来した人数の限定" not in table  # no column of its own on the page
    assert '<td class="num">約40</td>' in table and '<td class="num">24</td>' in table
    english = (site / "en" / PAGE).read_text(encoding="utf-8")
    assert '<td class="num">about 40</td>' in english.split('<table class="odp-data">', 1)[1]
    import csv as csv_module

    data = (site / "data" / FIXTURE_PACKAGE / "partner-cities.csv").read_text(encoding="utf-8")
    assert "delegates_qualifier" in next(csv_module.reader([data.splitlines()[0]]))  # the download keeps it
