"""A reader can trace a table to its document and reach the people behind the site
(issue: readers first): the Source section names the document's edition and its address
(or says the document gives none), citations and download addresses name the address
the site is served at, and the About page says who runs the site and how to report an
error, linking to the repository's issues."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from sitegen.assemble.mkdocs import pages_address, repository_address
from sitegen.build import build_site
from sitegen.core.paths import Layout
from sitegen.site.pipeline import static_page

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

PAGE = f"datasets/{FIXTURE_PACKAGE}/partner-cities/index.html"
PLACEHOLDER = "example.github.io"


@pytest.mark.parametrize(
    ("remote", "pages", "repository"),
    [
        ("https://github.com/octo/odp.git", "https://octo.github.io/odp/", "https://github.com/octo/odp"),
        ("git@github.com:Octo/odp.git", "https://octo.github.io/odp/", "https://github.com/Octo/odp"),
        ("ssh://git@github.com/octo/odp", "https://octo.github.io/odp/", "https://github.com/octo/odp"),
        ("https://github.com/octo/octo.github.io", "https://octo.github.io/", "https://github.com/octo/octo.github.io"),
    ],
)
def test_a_github_remote_gives_the_pages_and_repository_addresses(remote: str, pages: str, repository: str) -> None:
    assert pages_address(remote) == pages
    assert repository_address(remote) == repository


@pytest.mark.parametrize("remote", ["", "/work/main", "https://gitlab.com/octo/odp.git", "https://github.com/octo"])
def test_any_other_remote_gives_no_address(remote: str) -> None:
    assert pages_address(remote) is None
    assert repository_address(remote) is None


def test_a_static_page_links_the_issues_only_when_the_repository_is_known() -> None:
    source = (Path(__file__).parents[1] / "site_src" / "pages" / "about.md").read_text(encoding="utf-8")
    known = static_page(source, "https://github.com/octo/odp")
    assert "(https://github.com/octo/odp/issues/new?template=data-error.yml)" in known
    assert "(https://github.com/octo/odp/issues)" in known
    unknown = static_page(source, "")
    assert "/issues" not in unknown and "Issues からお知らせください" in unknown
    assert "{{" not in known + unknown and "{%" not in known + unknown


def _edit_descriptor(layout: Layout, **keys: object) -> None:
    path = layout.datapackage / FIXTURE_PACKAGE / "datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    descriptor.update(keys)
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def github_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of a GitHub repository, built without SITE_URL (a local or pull-request
    build): its pages must name the repository's Pages address, not the placeholder."""
    layout = make_fixture_repo(tmp_path_factory.mktemp("clone") / "repo")
    _edit_descriptor(
        layout,
        document_edition="資料に発行年の記載はありません。令和6年度の事業を記していることから、令和7年の版と推定しています。",
        document_edition_en="The report states no date; it is presumably the edition of 2025.",
    )
    for command in (["init", "-q"], ["remote", "add", "origin", "https://github.com/octo/odp-test.git"]):
        subprocess.run(["git", "-C", str(layout.root), *command], check=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITE_URL", raising=False)
        patch.delenv("REPO_URL", raising=False)
        assert build_site(layout) == 0
    return layout.site


def test_citations_and_download_addresses_name_the_published_site(github_clone: Path) -> None:
    for prefix in ("", "en/"):
        html = (github_clone / prefix / PAGE).read_text(encoding="utf-8")
        page_url = f"https://octo.github.io/odp-test/{prefix}datasets/{FIXTURE_PACKAGE}/partner-cities/"
        cite = html.split('class="odp-cite"', 1)[1].split("</blockquote>", 1)[0]
        assert page_url in cite
        addresses = re.findall(r'<code class="odp-url">([^<]+)</code>', html)
        assert addresses, "the download details list each file's address"
        assert all(a.startswith("https://octo.github.io/odp-test/data/") for a in addresses), addresses
    every_page = "".join(p.read_text(encoding="utf-8") for p in github_clone.rglob("*.html"))
    assert PLACEHOLDER not in every_page


def test_the_about_page_names_the_operator_and_links_the_error_report_form(github_clone: Path) -> None:
    for prefix, operator in (("", "運営者"), ("en/", "Who runs this site")):
        html = (github_clone / prefix / "about" / "index.html").read_text(encoding="utf-8")
        assert operator in html
        assert 'href="https://github.com/octo/odp-test/issues/new?template=data-error.yml"' in html
        assert 'href="https://github.com/octo/odp-test/issues"' in html
    form = Path(__file__).parents[1] / ".github" / "ISSUE_TEMPLATE" / "data-error.yml"
    assert yaml.safe_load(form.read_text(encoding="utf-8"))["body"], "the form the About page links to exists"


def _source_rows(html: str) -> dict[str, str]:
    block = html.split('<dl class="odp-source">', 1)[1].split("</dl>", 1)[0]
    rows = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)
    return {label: re.sub(r"<[^>]+>", "", value) for label, value in rows}


def test_the_source_section_gives_the_edition_and_says_when_there_is_no_address(github_clone: Path) -> None:
    ja = _source_rows((github_clone / PAGE).read_text(encoding="utf-8"))
    assert ja["資料の版・発行時期"].startswith("資料に発行年の記載はありません。")
    assert ja["資料のURL"] == "資料にURLの記載はありません"
    en = _source_rows((github_clone / "en" / PAGE).read_text(encoding="utf-8"))
    assert en["Edition of the document"] == "The report states no date; it is presumably the edition of 2025."
    assert en["Address of the document"] == "The document gives no web address"


def test_a_document_address_and_year_reach_the_source_section_and_the_citations(tmp_path: Path) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    _edit_descriptor(layout, document_year=2024, document_url="https://www.city.example.jp/report/")
    assert build_site(layout) == 0
    html = (layout.site / "en" / PAGE).read_text(encoding="utf-8")
    rows = _source_rows(html)
    assert rows["Edition of the document"] == "2024"
    assert rows["Address of the document"] == "https://www.city.example.jp/report/"
    assert '<a href="https://www.city.example.jp/report/" rel="external noopener">' in html
    bibtex = html.split("@misc{", 1)[1].split("</code>", 1)[0]
    assert "FY2024 edition (2024)" in bibtex, "the BibTeX note names the document's year"


def test_the_english_page_gives_the_japanese_title_and_is_found_by_it(github_clone: Path) -> None:
    html = (github_clone / "en" / PAGE).read_text(encoding="utf-8")
    original = html.split('class="odp-original"', 1)[1].split("</p>", 1)[0]
    assert 'Japanese title: <span lang="ja">' in original
    assert 'data-pagefind-index-attrs="data-keywords"' in original and "姉妹都市" in original
    assert 'class="odp-original"' not in (github_clone / PAGE).read_text(encoding="utf-8")


_CJK_END = re.compile(r"[\u3000-\u9fff\uff00-\uffef）」』]$")
_BLOCK_START = re.compile(r"^\s*([-*]\s|\d+\.\s|#|\||<|\{%|---|$)")


def cjk_line_breaks(markdown: str) -> list[str]:
    """Lines of a paragraph broken after a Japanese character: Markdown turns the break
    into a space, which Japanese text must not have (「増減など、 資料の」)."""
    lines = markdown.split("\n")
    return [a for a, b in itertools.pairwise(lines) if _CJK_END.search(a) and not _BLOCK_START.match(b)]


def test_japanese_pages_break_no_sentence_across_lines() -> None:
    assert cjk_line_breaks("増減など、\n資料の数値") == ["増減など、"], "the check finds a broken line"
    assert cjk_line_breaks("一文目。\n\n- 項目") == []
    pages = sorted((Path(__file__).parents[1] / "site_src" / "pages").glob("*.md"))
    japanese = [p for p in pages if not p.name.endswith(".en.md")]
    assert japanese
    for page in japanese:
        assert cjk_line_breaks(page.read_text(encoding="utf-8")) == [], page.name
