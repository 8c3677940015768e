"""Readers see words, never ids (issue: readers first): in the reading matter of every
page of the real site (code, downloads' details and machine-readable blocks aside) no
table, package or field id appears, and no SHA-256, repository path or download path."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[1]
#: Elements whose text is not reading matter: code, scripts, the collapsed download
#: details, the machine-readable citation formats, and the search's own page.
SKIP_TAGS = {"code", "pre", "script", "style", "svg", "template", "noscript"}


class ReadingText(HTMLParser):
    """The text a reader reads in a page's article (everything inside elements marked
    ``data-pagefind-ignore`` or listed in SKIP_TAGS left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: does it hide its text?
        self._article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area"}:
            return
        names = dict(attrs)
        if tag == "article":
            self._article += 1
        self._stack.append(tag in SKIP_TAGS or "data-pagefind-ignore" in names or "hidden" in names)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        if self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._article and not any(self._stack):
            self.parts.append(data)


def reading_text(html: str) -> str:
    parser = ReadingText()
    parser.feed(html)
    return " ".join(parser.parts)


def ids_of_the_data() -> set[str]:
    """Every package, table and field name that is not also an ordinary word."""
    names: set[str] = set()
    for path in (ROOT / "datapackage").glob("*/datapackage.yaml"):
        descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
        names.add(descriptor["name"])
        for resource in descriptor.get("resources", []):
            names.add(resource["name"])
            names.update(f["name"] for f in resource.get("schema", {}).get("fields", []))
    return {n for n in names if "-" in n or "_" in n}


def leaks(text: str, ids: set[str]) -> list[str]:
    """Ids, hashes and paths in ``text``; a web address (a page's, in a citation) may
    hold ids, and is an address, not a word."""
    text = re.sub(r"https?://\S+", " ", text)
    found = [m.group(0) for m in re.finditer(r"[0-9a-f]{64}|datapackage/[\w/.-]+|/data/[\w/.-]+\.\w+", text)]
    words = set(re.findall(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+", text))
    return found + sorted(words & ids)


def test_the_check_finds_an_id_a_hash_and_a_path() -> None:
    ids = {"dispatch-act-staff", "year_end"}
    html = (
        "<article><p>https://example.org/datasets/dispatch-act-staff/ See dispatch-act-staff and year_end, "
        "sha256 " + "0f" * 32 + ", datapackage/x/y.csv</p>"
        "<code>year_end</code><div data-pagefind-ignore>dispatch-act-staff</div></article>"
    )
    text = reading_text(html)
    assert leaks(text, ids) == ["0f" * 32, "datapackage/x/y.csv", "dispatch-act-staff", "year_end"]
    assert leaks(reading_text("<article><p>派遣職員数の推移</p><code>year_end</code></article>"), ids) == []


def test_no_page_shows_an_id_a_hash_or_a_path_where_words_belong(built_site: Path) -> None:
    ids = ids_of_the_data()
    assert "dispatch-act-staff" in ids and "year_end" in ids
    problems = {}
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 90
    for page in pages:
        found = leaks(reading_text(page.read_text(encoding="utf-8")), ids)
        if found:
            problems[page.relative_to(built_site).as_posix()] = found[:5]
    assert problems == {}
