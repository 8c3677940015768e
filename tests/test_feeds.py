"""The public changelog, built for real: the Updates page, the home page's latest
updates, the Atom feeds and their <link rel="alternate">, and the sitemap's dates.

The fixture package gets a changes log of ten entries (by text replacement) and is
committed to git under a subject that must never reach a page: the changelog is the
descriptors' words, not the git log.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from sitegen.build import build_site
from sitegen.core.paths import Layout
from sitegen.core.reproducible import source_epoch

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: The build's date: 2026-09-01, after the fixture's next edition (2026-06).
EPOCH = "1788220800"
COMMIT_SUBJECT = "Tidy the fixture (a commit subject no reader should see)"
SITE = "https://example.github.io/japan-intl-opendata/"
_RELEASE_KEYS = re.compile(r"(?ms)^(version|accrualPeriodicity|next_edition|changes):.*?(?=^\S)")


def changes_entry(version: str, date: str, kind: str, summary: str, summary_en: str, resources: str = "") -> str:
    lines = [
        f"  - version: {version}",
        f"    date: {date}",
        f"    kind: {kind}",
        f"    summary: {summary}",
        f"    summary_en: {summary_en}",
    ]
    if resources:
        lines.append(f"    resources: [{resources}]")
    return "\n".join(lines) + "\n"


def with_releases(layout: Layout, header: str, entries: list[str], package: str = FIXTURE_PACKAGE) -> None:
    """Give the package this version, schedule and changes log (replacing any it has)."""
    path = layout.datapackage / package / "datapackage.yaml"
    text = _RELEASE_KEYS.sub("", path.read_text(encoding="utf-8"))
    block = header + ("changes:\n" + "".join(entries) if entries else "")
    path.write_text(text.replace(f"name: {package}\n", f"name: {package}\n{block}", 1), encoding="utf-8")


#: Ten entries, newest first: the home page shows eight of them.
LOG = [
    changes_entry(
        "1.1.0",
        "2026-07-01",
        "new-data",
        "令和7年度の会員数を追加しました。",
        "Added the members of FY2025.",
        "association-members",
    ),
    *(
        changes_entry(
            f"1.0.{n}",
            f"2025-{n + 3:02d}-15",
            "correction" if n % 2 else "metadata",
            f"第{n}回の訂正です。",
            f"Fix number {n}.",
            "partner-cities",
        )
        for n in range(8, 0, -1)
    ),
    changes_entry("1.0.0", "2025-03-01", "new-data", "最初の版です。", "The first edition."),
]
HEADER = "version: 1.1.0\naccrualPeriodicity: annual\nnext_edition: 2026-06\n"
#: The entries' anchors on the Updates page, newest first.
ORDER = [f"{FIXTURE_PACKAGE}-v{v}" for v in ["1.1.0", *(f"1.0.{n}" for n in range(8, 0, -1)), "1.0.0"]]


def git(root: Path, *args: str) -> None:
    config = ["-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(root), *config, *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    layout = make_fixture_repo(tmp_path_factory.mktemp("feeds") / "repo")
    with_releases(layout, HEADER, LOG)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        patch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
        git(layout.root, "init", "-q", "-b", "main")
        git(layout.root, "add", "datapackage", "site_src", "mkdocs.yml")
        git(layout.root, "commit", "-q", "-m", COMMIT_SUBJECT)
        source_epoch.cache_clear()
        assert build_site(layout) == 0
        yield layout.site
    source_epoch.cache_clear()


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(path: Path) -> list[tuple[str, dict[str, str]]]:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def resolve(site: Path, page: str, href: str) -> str:
    """The site-relative path a page's relative link leads to."""
    return urlparse(urljoin(f"https://h/{page}", href)).path.lstrip("/")


def section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize(
    ("prefix", "words"), [("", ["データの追加", "誤りの訂正"]), ("en/", ["New data", "Correction"])]
)
def test_updates_page_lists_every_entry_newest_first(built: Path, prefix: str, words: list[str]) -> None:
    page = f"{prefix}updates/index.html"
    html = (built / page).read_text(encoding="utf-8")
    body = section(html, '<ul class="odp-changelog">', "</ul>")
    assert re.findall(r'<li id="([^"]+)"', body) == ORDER
    assert all(word in body for word in words)
    if prefix:
        assert "Added the members of FY2025." in body and "令和7年度" not in body
        assert '<time datetime="2026-07-01">1 July 2026</time>' in body
    else:
        assert "令和7年度の会員数を追加しました。" in body and "Added the members" not in body
        assert '<time datetime="2026-07-01">2026年7月1日</time>' in body
    # the tables it touched, in the reader's language: the newest touched one table
    newest = section(body, f'id="{ORDER[0]}"', "</li>")
    links = re.findall(r'href="([^"]+)"', newest)
    targets = [resolve(built, page, href) for href in links]
    assert f"{prefix}datasets/{FIXTURE_PACKAGE}/association-members/" in targets
    assert all(t.startswith(prefix) for t in targets)
    assert all((built / t.split("#")[0] / "index.html").is_file() for t in targets)
    assert COMMIT_SUBJECT not in html


def test_updates_page_is_in_the_navigation_after_coverage(built: Path) -> None:
    for prefix, title in [("", "更新履歴"), ("en/", "Updates")]:
        html = (built / prefix / "index.html").read_text(encoding="utf-8")
        nav = re.findall(
            r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html
        )
        hrefs = [href for href, _ in nav]
        assert ("updates/", title) in [(h, t) for h, t in nav]
        assert hrefs.index("updates/") == hrefs.index("coverage/") + 1


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_home_shows_the_newest_eight_entries_of_the_log(built: Path, prefix: str) -> None:
    page = f"{prefix}index.html"
    html = (built / page).read_text(encoding="utf-8")
    updates = section(html, '<ul class="odp-changes">', "</ul>")
    hrefs = re.findall(r'href="([^"]+)"', updates)
    assert [href.partition("#")[2] for href in hrefs] == ORDER[:8]
    assert all(resolve(built, page, href) == f"{prefix}updates/" for href in hrefs)
    assert ("Fix number 8." if prefix else "第8回の訂正です。") in updates
    assert COMMIT_SUBJECT not in html  # the git log was what the home page showed before


def read_feed(path: Path) -> ET.Element:
    data = path.read_bytes()
    assert data.startswith(b"<?xml")
    return ET.fromstring(data)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_site_and_package_feeds_hold_the_log(built: Path, lang: str) -> None:
    for name in (f"updates-{lang}.xml", f"updates-{FIXTURE_PACKAGE}-{lang}.xml"):
        feed = read_feed(built / "feeds" / name)
        assert feed.tag == f"{ATOM}feed"
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        entries = feed.findall(f"{ATOM}entry")
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        prefix = "" if lang == "ja" else "en/"
        assert ids == [f"{SITE}{prefix}updates/#{anchor}" for anchor in ORDER]
        updated = [e.findtext(f"{ATOM}updated") for e in entries]
        assert updated[0] == "2026-07-01T00:00:00+09:00" and updated[-1] == "2025-03-01T00:00:00+09:00"
        assert updated == sorted(updated, reverse=True)
        # the feed is as new as its newest entry, not as the build (2026-09-01)
        assert feed.findtext(f"{ATOM}updated") == "2026-07-01T00:00:00+09:00"
        first = entries[0]
        title = first.findtext(f"{ATOM}title") or ""
        assert ("データの追加" if lang == "ja" else "New data") in title and "1.1.0" in title
        summary = first.findtext(f"{ATOM}summary")
        assert summary == ("令和7年度の会員数を追加しました。" if lang == "ja" else "Added the members of FY2025.")
        [link] = first.findall(f"{ATOM}link")
        assert link.get("href") == f"{SITE}{prefix}updates/#{ORDER[0]}"
        content = first.findtext(f"{ATOM}content") or ""
        assert f"{SITE}{prefix}datasets/{FIXTURE_PACKAGE}/association-members/" in content
        self_link = [x.get("href") for x in feed.findall(f"{ATOM}link") if x.get("rel") == "self"]
        assert self_link == [f"{SITE}feeds/{name}"]


def test_feeds_have_a_sitemap_beside_them(built: Path) -> None:
    """Material fetches a sitemap.xml beside each <link rel="alternate">: it must exist."""
    urls = ET.fromstring((built / "feeds" / "sitemap.xml").read_bytes()).findall(f"{SITEMAP}url")
    locs = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in urls}
    assert locs[f"{SITE}feeds/updates-ja.xml"] == "2026-07-01"
    assert set(locs) == {f"{SITE}feeds/{p.name}" for p in (built / "feeds").glob("updates-*.xml")}


def feed_links(built: Path, page: str) -> list[str]:
    found = [
        a
        for tag, a in tags(built / page)
        if tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/atom+xml"
    ]
    assert all(a.get("title") for a in found)
    return [resolve(built, page, a["href"]) for a in found]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_pages_announce_their_feeds(built: Path, lang: str) -> None:
    prefix = "" if lang == "ja" else "en/"
    site_feed = f"feeds/updates-{lang}.xml"
    package_feed = f"feeds/updates-{FIXTURE_PACKAGE}-{lang}.xml"
    for page in ("index.html", "about/index.html", "updates/index.html", "datasets/index.html"):
        assert feed_links(built, f"{prefix}{page}") == [site_feed]  # no package feed here
    dataset = f"{prefix}datasets/{FIXTURE_PACKAGE}/partner-cities/index.html"
    assert feed_links(built, dataset) == [site_feed, package_feed]
    assert all((built / path).is_file() for path in (site_feed, package_feed))


def sitemap(built: Path) -> dict[str, tuple[str | None, str | None]]:
    root = ET.fromstring((built / "sitemap.xml").read_bytes())
    return {
        (u.findtext(f"{SITEMAP}loc") or "").removeprefix(SITE): (
            u.findtext(f"{SITEMAP}lastmod"),
            u.findtext(f"{SITEMAP}changefreq"),
        )
        for u in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_dates_pages_by_their_data(built: Path) -> None:
    dates = sitemap(built)
    build_day = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.UTC).date().isoformat()
    for prefix in ("", "en/"):
        # each table by the newest change that touched it, not by the build
        assert dates[f"{prefix}datasets/{FIXTURE_PACKAGE}/association-members/"] == ("2026-07-01", "yearly")
        assert dates[f"{prefix}datasets/{FIXTURE_PACKAGE}/partner-cities/"] == ("2025-11-15", "yearly")
        assert dates[f"{prefix}datasets/{FIXTURE_PACKAGE}/programme-summary-fy2024/"] == ("2025-03-01", "yearly")
        # site-wide pages by the newest change of the site
        for page in ("", "datasets/", "updates/", "coverage/"):
            assert dates[f"{prefix}{page}"] == ("2026-07-01", "yearly")
        # a hand-written page keeps the build's date and claims no frequency
        assert dates[f"{prefix}about/"] == (build_day, None)
    assert "daily" not in (built / "sitemap.xml").read_text(encoding="utf-8")
