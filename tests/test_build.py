"""A real MkDocs build of a tiny real site (one package) into tmp_path, inspected as HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.core.paths import Layout

from .conftest import SKELETON_PACKAGE

PAGE = f"datasets/{SKELETON_PACKAGE}/dispatch-act-staff/index.html"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import make_repo

    layout = make_repo(tmp_path_factory.mktemp("small") / "repo", [SKELETON_PACKAGE])
    assert build_site(layout) == 0
    return layout.site


def test_both_languages_have_the_dataset_page(small_site: Path) -> None:
    ja = parse(small_site / PAGE)
    en = parse(small_site / "en" / PAGE)
    ja_text, en_text = "".join(ja.text), "".join(en.text)
    assert "派遣職員数の推移" in ja_text
    assert "Dispatched staff by fiscal year" in en_text
    for text, words in [
        (ja_text, ["グラフ", "データ", "項目の定義", "出典", "引用のしかた", "ダウンロード", "資料8"]),
        (en_text, ["Chart", "Data", "Fields", "Source", "How to cite", "Downloads", "Appendix 8"]),
    ]:
        for word in words:
            assert word in text
    assert ("html", {"lang": "ja"}) in ja.tags or any(t == "html" and a.get("lang") == "ja" for t, a in ja.tags)
    assert any(t == "html" and a.get("lang") == "en" for t, a in en.tags)


def test_data_table_holds_every_row_with_years_as_labels(small_site: Path) -> None:
    html = (small_site / PAGE).read_text(encoding="utf-8")
    table = html.split('<table class="odp-data">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 55  # header + 54 fiscal years
    assert "<td>1970</td>" in table and "1,970" not in table
    assert '<td class="num">8,857</td>' not in table  # totals are checks, not rows
    en_table = (small_site / "en" / PAGE).read_text(encoding="utf-8")
    assert "Of which: did not return to duty" in en_table


def test_chart_has_static_svg_and_spec_in_each_language(small_site: Path) -> None:
    for lang, prefix in [("ja", ""), ("en", "en/")]:
        page = parse(small_site / prefix / PAGE)
        images = [a for t, a in page.tags if t == "img" and "odp-chart__static" in (a.get("class") or "")]
        views = [a for t, a in page.tags if t == "div" and "odp-chart__view" in (a.get("class") or "")]
        assert len(images) == 1 and len(views) == 1
        assert images[0]["alt"]
        svg = (small_site / prefix / "datasets" / SKELETON_PACKAGE / "dispatch-act-staff" / images[0]["src"]).resolve()
        assert svg.is_file() and svg.read_bytes().startswith(b"<svg")
        svg_text = svg.read_text(encoding="utf-8")
        if lang == "ja":
            assert "1970年度" in svg_text and "年度末現在派遣中の職員数" in svg_text
        else:
            assert "FY1970" in svg_text and "On dispatch at year end" in svg_text
        spec_path = small_site / prefix / "datasets" / SKELETON_PACKAGE / "dispatch-act-staff" / views[0]["data-spec"]
        spec = json.loads(spec_path.resolve().read_text(encoding="utf-8"))
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
        assert spec["data"]["url"] == f"data/{SKELETON_PACKAGE}/dispatch-act-staff.csv"


def test_downloads_at_stable_urls(small_site: Path) -> None:
    data = small_site / "data" / SKELETON_PACKAGE
    rows = list(csv.DictReader(io.StringIO((data / "dispatch-act-staff.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 54
    assert rows[-1]["fiscal_year"] == "2023" and rows[-1]["year_end"] == "342"
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == SKELETON_PACKAGE
    resource = descriptor["resources"][0]
    assert resource["path"] == "dispatch-act-staff.csv"
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", resource["hash"])
    html = (small_site / PAGE).read_text(encoding="utf-8")
    assert "../../../data/nps-international-cooperation/dispatch-act-staff.csv" in html
    en_html = (small_site / "en" / PAGE).read_text(encoding="utf-8")
    assert "../../../../data/nps-international-cooperation/dispatch-act-staff.csv" in en_html


def test_chart_script_is_self_hosted_and_only_on_chart_pages(small_site: Path) -> None:
    assert (small_site / "assets/javascripts/vendor/vega-bundle.js").stat().st_size > 100_000
    for page in [small_site / "index.html", small_site / PAGE, small_site / "en" / PAGE]:
        html = page.read_text(encoding="utf-8")
        assert "vega-bundle.js" not in html  # fetched lazily by charts.js, never render-blocking
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
        assert "fonts.googleapis" not in html
    assert "odp-chart__view" in (small_site / PAGE).read_text(encoding="utf-8")
    assert "odp-chart__view" not in (small_site / "index.html").read_text(encoding="utf-8")


def test_failed_build_leaves_previous_site_untouched(repo: Layout) -> None:
    assert build_site(repo) == 0
    marker = repo.site / "index.html"
    before = marker.read_bytes()
    csv_path = repo.datapackage / SKELETON_PACKAGE / "dispatch-act-staff.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",159,", ",15x,", 1), encoding="utf-8")
    assert build_site(repo) == 1
    assert marker.read_bytes() == before
    assert not list(repo.root.glob(".site.build-*"))


def test_a_table_without_arithmetic_checks_does_not_claim_zero_checks(small_site: Path) -> None:
    pages = sorted(small_site.glob("datasets/*/*/index.html")) + sorted(small_site.glob("en/datasets/*/*/index.html"))
    texts = {page: "".join(parse(page).text) for page in pages}
    assert not [page for page, text in texts.items() if "(0 checks)" in text or "（0件のチェック）" in text]
    assert any("no arithmetic checks" in text for text in texts.values())
    assert any("数値の整合性チェックは設定されていません" in text for text in texts.values())


def test_columns_of_sentences_may_wrap_and_short_cells_do_not(small_site: Path) -> None:
    pages = sorted(small_site.glob("datasets/*/*/index.html"))
    wrapping = {page.parent.name for page in pages if 'class="wrap"' in page.read_text(encoding="utf-8")}
    assert wrapping  # the long programme names and titles of the package
    assert "dispatch-act-staff" not in wrapping  # years, era labels and counts stay on one line


def test_english_pages_link_to_english_pages(small_site: Path) -> None:
    """Cards, figures and coverage rows of an English page lead to the English dataset
    pages (they led to the Japanese ones: the links were relative to the site root)."""
    from urllib.parse import urljoin

    for page in ("en/datasets/index.html", "en/coverage/index.html", "en/index.html"):
        url = "https://example.org/" + page.removesuffix("index.html")
        hrefs = re.findall(r'href="([^"#]*datasets/[^"#]+/)"', (small_site / page).read_text(encoding="utf-8"))
        targets = {urljoin(url, href) for href in hrefs}
        assert targets, page
        assert {t for t in targets if not t.startswith("https://example.org/en/")} == set(), page
        for target in targets:
            assert (small_site / target.removeprefix("https://example.org/") / "index.html").is_file(), target
