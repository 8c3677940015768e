"""Frozen releases, built for real from a real git history in tmp_path: version 1.0.0
committed, a row changed, 1.1.0 committed with its changes entry, then the site built.
Every version's tables stay downloadable byte for byte; the dataset page lists the
versions and the change history from the ``changes:`` log; citations, JSON-LD and DCAT
name the version. Without git history only the current version is published, and the
build log says so."""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.build import build_site
from sitegen.core.git_history import HistoryUnavailable, open_history
from sitegen.core.i18n import load_strings
from sitegen.core.paths import ROOT, Layout
from sitegen.site.releases import row_counts, version_in

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

PACKAGE = f"datapackage/{FIXTURE_PACKAGE}"
DESCRIPTOR = f"{PACKAGE}/datapackage.yaml"
CITIES = "partner-cities"
MEMBERS = "association-members"
OLD_ROW = "lille,sister-city,1989,12,"
NEW_ROW = "lille,sister-city,1989,14,"
#: The build's date (the access date of every citation): a year after version 1.1.0.
BUILD_EPOCH = "1799107200"  # 2027-01-05T00:00:00Z
SECOND_SUBJECT = "Commit subject that readers must never see"

FIRST = {
    "version": "1.0.0",
    "date": "2025-07-01",
    "kind": "new-data",
    "summary": "年報のすべての表を収録した最初の版です。",
    "summary_en": "The first edition, holding every table of the report.",
}
SECOND = {
    "version": "1.1.0",
    "date": "2026-06-30",
    "kind": "revision",
    "summary": "リール市との交流人数を改定しました。",
    "summary_en": "Revised the number of people exchanged with Lille.",
    "source": "架空市 国際交流年報 令和7年度版",
    "source_en": "Sample City Report on International Exchange, FY2025 edition",
    "resources": [CITIES],
}


def git(root: Path, *args: str, date: str = "2025-07-01T09:00:00+00:00") -> str:
    config = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    env_dates = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", "-C", str(root), *config, *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env_dates},
    )
    return done.stdout


def set_edition(layout: Layout, version: str, log: list[dict[str, Any]], **more: str) -> None:
    """The package's version and changes log (and the document's date), as a curator writes them."""
    path = layout.root / DESCRIPTOR
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("next_edition", None)
    data.update(version=version, changes=log, accrualPeriodicity="annual", document_date="2025-06", **more)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def cities_csv(layout: Layout) -> Path:
    return layout.root / PACKAGE / f"{CITIES}.csv"


ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "SOURCE_DATE_EPOCH": BUILD_EPOCH,
    "SITEGEN_PROGRESS": "0",
}


@pytest.fixture(autouse=True, scope="module")
def isolated_git() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for key, value in ENVIRONMENT.items():
            patch.setenv(key, value)
        yield


def make_history(root: Path) -> tuple[Layout, bytes, bytes]:
    """1.0.0 committed (then amended by a later commit still at 1.0.0), then a row changed
    and 1.1.0 committed: (layout, CSV of 1.0.0, CSV of 1.1.0)."""
    layout = make_fixture_repo(root)
    set_edition(layout, "1.0.0", [FIRST])
    git(layout.root, "init", "-q", "-b", "main")
    git(layout.root, "add", "datapackage")
    git(layout.root, "commit", "-q", "-m", "version 1.0.0")
    set_edition(layout, "1.0.0", [FIRST], next_edition="2026-06")  # the last commit of 1.0.0
    git(layout.root, "commit", "-q", "-am", "next edition expected", date="2025-08-01T09:00:00+00:00")
    first = cities_csv(layout).read_bytes()
    assert OLD_ROW.encode() in first
    cities_csv(layout).write_bytes(first.replace(OLD_ROW.encode(), NEW_ROW.encode()))
    set_edition(layout, "1.1.0", [SECOND, FIRST])
    git(layout.root, "commit", "-q", "-am", SECOND_SUBJECT, date="2026-06-30T09:00:00+00:00")
    return layout, first, cities_csv(layout).read_bytes()


@pytest.fixture
def history(tmp_path: Path) -> tuple[Layout, bytes, bytes]:
    return make_history(tmp_path / "repo")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, bytes, str]:
    """The site built from that history, once for the tests that only read it."""
    layout, first, second = make_history(tmp_path_factory.mktemp("releases") / "repo")
    log = io.StringIO()
    assert build_site(layout, stream=log) == 0, log.getvalue()
    return layout.site, first, second, log.getvalue()


def page(site: Path, resource: str, lang: str) -> str:
    prefix = "" if lang == "ja" else "en/"
    return (site / prefix / "datasets" / FIXTURE_PACKAGE / resource / "index.html").read_text(encoding="utf-8")


def words(html: str) -> str:
    """The page's text without tags, whitespace runs as one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_version_is_downloadable_byte_for_byte(built: tuple[Path, bytes, bytes, str]) -> None:
    site, first, second, _ = built
    data = site / "data" / FIXTURE_PACKAGE
    assert first != second  # else the byte-for-byte checks below could not fail
    assert (data / "v" / "1.0.0" / f"{CITIES}.csv").read_bytes() == first
    assert (data / "v" / "1.1.0" / f"{CITIES}.csv").read_bytes() == second
    assert (data / f"{CITIES}.csv").read_bytes() == second
    assert sorted(p.name for p in (data / "v").iterdir()) == ["1.0.0", "1.1.0"]
    old = json.loads((data / "v" / "1.0.0" / "datapackage.json").read_text(encoding="utf-8"))
    assert old["version"] == "1.0.0" and [c["version"] for c in old["changes"]] == ["1.0.0"]
    assert old["next_edition"] == "2026-06"  # as of the last commit that had 1.0.0
    [res] = [r for r in old["resources"] if r["name"] == CITIES]
    assert res["path"] == f"{CITIES}.csv" and res["bytes"] == len(first)
    assert res["hash"] == f"sha256:{hashlib.sha256(first).hexdigest()}"
    # The current version's descriptor is the published one, less the code tables (made
    # from the descriptor's categories, which the versioned descriptor holds in full).
    current = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    current["resources"] = [r for r in current["resources"] if not r["name"].endswith("-codes")]
    assert json.loads((data / "v" / "1.1.0" / "datapackage.json").read_text(encoding="utf-8")) == current
    sums = (site / "data" / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"{hashlib.sha256(first).hexdigest()}  {FIXTURE_PACKAGE}/v/1.0.0/{CITIES}.csv" in sums.splitlines()


def test_the_page_lists_both_versions_with_their_summaries(built: tuple[Path, bytes, bytes, str]) -> None:
    site = built[0]
    ja, en = words(page(site, CITIES, "ja")), words(page(site, CITIES, "en"))
    for text, summary in [(ja, "summary"), (en, "summary_en")]:
        assert SECOND[summary] in text and FIRST[summary] in text
    assert "バージョン 1.1.0 （最新）" in ja and "バージョン 1.0.0 2025年7月1日" in ja
    assert "Version 1.1.0 (current) 30 June 2026" in en and "Version 1.0.0 1 July 2025" in en
    assert "前のバージョンから0行を追加、1行を変更、0行を削除しました（計6行）。" in ja
    assert "Against the previous version: 0 rows added, 1 changed, 0 removed (6 rows in all)." in en
    assert "最初に公開したバージョンです（6行）。" in ja
    strings = load_strings(ROOT / "site_src" / "strings.yml")
    assert strings.get("change_kind:revision", "ja") in ja and strings.get("change_kind:revision", "en") in en
    source = page(site, CITIES, "ja")
    assert f'href="../../../data/{FIXTURE_PACKAGE}/v/1.0.0/{CITIES}.csv"' in source
    assert f'href="../../../data/{FIXTURE_PACKAGE}/v/1.0.0/datapackage.json"' in source
    # the change history is the changes log, never the git log
    assert "新しい数値の出典：架空市 国際交流年報 令和7年度版" in ja
    assert SECOND_SUBJECT not in source and SECOND_SUBJECT not in page(site, CITIES, "en")


def test_a_version_that_left_a_table_alone_says_so(built: tuple[Path, bytes, bytes, str]) -> None:
    ja = words(page(built[0], MEMBERS, "ja"))
    assert "このバージョンでは、この表以外を更新しました。" in ja
    assert "この表の行は前のバージョンと同じです" in ja
    assert SECOND["summary"] not in ja  # the 1.1.0 entry names only the other table


def test_three_dates_each_labelled(built: tuple[Path, bytes, bytes, str]) -> None:
    site = built[0]
    ja, en = words(page(site, CITIES, "ja")), words(page(site, CITIES, "en"))
    assert "資料の公表日 2025年6月" in ja and "Source document published June 2025" in en
    assert "対象期間 2024年度" in ja
    assert "このサイトでのデータ更新日 2026年6月30日" in ja and "Data last updated on this site 30 June 2026" in en
    # the other table was last changed by 1.0.0
    assert "このサイトでのデータ更新日 2025年7月1日" in words(page(site, MEMBERS, "ja"))
    catalog = words((site / "datasets" / "index.html").read_text(encoding="utf-8"))
    assert "更新 2026年6月30日" in catalog and "更新 2025年7月1日" in catalog


def test_citations_name_the_version_and_the_date_accessed(built: tuple[Path, bytes, bytes, str]) -> None:
    site = built[0]
    ja, en = words(page(site, CITIES, "ja")), words(page(site, CITIES, "en"))
    assert re.search(r"出典：「.*」（.*）.*を加工して作成（.*バージョン 1\.1\.0.*（2027年1月5日に利用）", ja)
    assert re.search(r"Source: “.*” \(.*\).*Created by editing .*version 1\.1\.0, .*\(accessed 2027-01-05\)\.", en)
    assert "version = {1.1.0}," in ja and "urldate = {2027-01-05}," in ja
    assert "year = {2026}," in ja and "2027}" not in ja  # the version's year, never the build's
    [csl] = json.loads(html.unescape(re.findall(r"<code>(\[.*?\])</code>", page(site, CITIES, "en"), re.S)[0]))
    assert csl["version"] == "1.1.0"
    assert csl["issued"] == {"date-parts": [[2026, 6, 30]]} and csl["accessed"] == {"date-parts": [[2027, 1, 5]]}
    [ld_text] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page(site, CITIES, "en"), re.S)
    ld = json.loads(ld_text)
    assert ld["version"] == "1.1.0" and ld["dateModified"] == "2026-06-30" and ld["datePublished"] == "2025-07-01"


def test_dcat_links_the_versions(built: tuple[Path, bytes, bytes, str]) -> None:
    catalog = json.loads((built[0] / "data" / "catalog.jsonld").read_text(encoding="utf-8"))
    [dataset] = [d for d in catalog["dcat:dataset"] if d["dct:identifier"] == f"{FIXTURE_PACKAGE}/{CITIES}"]
    assert dataset["dcat:version"] == "1.1.0"
    assert dataset["dct:issued"]["@value"] == "2025-07-01" and dataset["dct:modified"]["@value"] == "2026-06-30"
    assert dataset["dct:accrualPeriodicity"] == {
        "@id": "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
    }
    newer, older = dataset["dcat:hasVersion"]
    assert [newer["dcat:version"], older["dcat:version"]] == ["1.1.0", "1.0.0"]
    assert newer["dcat:previousVersion"] == {"@id": older["@id"]} and "dcat:previousVersion" not in older
    assert dataset["dcat:hasCurrentVersion"] == {"@id": newer["@id"]}
    assert older["dct:isVersionOf"] == {"@id": dataset["@id"]}
    urls = [d["dcat:downloadURL"]["@id"] for d in older["dcat:distribution"]]
    assert any(u.endswith(f"data/{FIXTURE_PACKAGE}/v/1.0.0/{CITIES}.csv") for u in urls)


def test_without_git_history_only_the_current_version_is_published_and_the_log_says_so(tmp_path: Path) -> None:
    layout = make_fixture_repo(tmp_path / "repo")  # a copy, not a checkout
    set_edition(layout, "1.1.0", [SECOND, FIRST])
    log = io.StringIO()
    assert build_site(layout, stream=log) == 0, log.getvalue()
    assert "git history is not available" in log.getvalue() and "only the current version" in log.getvalue()
    versions = layout.site / "data" / FIXTURE_PACKAGE / "v"
    assert [p.name for p in versions.iterdir()] == ["1.1.0"]
    assert (versions / "1.1.0" / f"{CITIES}.csv").read_bytes() == cities_csv(layout).read_bytes()
    ja = words(page(layout.site, CITIES, "ja"))
    assert "バージョン 1.1.0 （最新）" in ja and "最初に公開したバージョンです" not in ja
    assert "6行（前のバージョンはこのサイトで公開していないため、比較していません）。" in ja  # not "the first"

    # the change history still comes from the log, which names both versions
    assert FIRST["summary"] in ja


def test_a_shallow_clone_is_refused_with_the_reason(history: tuple[Layout, bytes, bytes], tmp_path: Path) -> None:
    layout = history[0]
    assert open_history(layout.root).commits(PACKAGE)  # the full history opens
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{layout.root}", str(clone)], check=True, capture_output=True
    )
    with pytest.raises(HistoryUnavailable, match="shallow"):
        open_history(clone)
    with pytest.raises(HistoryUnavailable, match="not a git checkout"):
        open_history(tmp_path)


def test_history_refuses_option_like_commits_and_reads_missing_paths_as_none(
    history: tuple[Layout, bytes, bytes],
) -> None:
    repo = open_history(history[0].root)
    head = repo.commits(PACKAGE)[0].sha
    assert repo.show(head, f"{PACKAGE}/no-such-table.csv") is None
    assert repo.show(head, f"{PACKAGE}/{CITIES}.csv") == history[2]
    with pytest.raises(HistoryUnavailable, match="not a commit"):
        repo.show("--output=/tmp/x", f"{PACKAGE}/{CITIES}.csv")


def test_row_counts_by_key_and_without_one() -> None:
    old = b"k,v\na,1\nb,2\nc,3\n"
    new = b"k,v\na,1\nb,5\nd,4\n"
    counts = row_counts(old, new, ["k"])
    assert (counts.rows, counts.added, counts.changed, counts.removed) == (3, 1, 1, 1)
    unkeyed = row_counts(old, new, [])  # as sets of rows: a changed row is one removed, one added
    assert (unkeyed.added, unkeyed.changed, unkeyed.removed) == (2, 0, 2)
    assert row_counts(None, new, ["k"]).first and row_counts(new, new, ["k"]).same
    unread = row_counts(None, new, ["k"], unknown=True)
    assert unread.unknown and not unread.first and not unread.same
    assert not row_counts(old, new, ["k"]).same


def test_the_version_is_read_from_a_descriptor_text_in_each_form() -> None:
    assert str(version_in(b"name: x\nversion: 1.2.3\n", "datapackage.yaml")) == "1.2.3"
    assert str(version_in(b"name: x\nversion: '1.2.3'  # quoted\n", "datapackage.yaml")) == "1.2.3"
    assert str(version_in(b'{"name": "x", "version": "2.0.0"}', "datapackage.json")) == "2.0.0"
    assert str(version_in(b"name: x\n'version': 1.0.1\n", "datapackage.yaml")) == "1.0.1"  # parsed instead
    # before versioning: no version, however the text mentions it
    assert version_in(b"name: x\ndescription: the version of 2024\n", "datapackage.yaml") is None
    assert version_in(b"name: x\nresources:\n  - version: 1.0.0\n", "datapackage.yaml") is None
    assert version_in(b"version: [unclosed\n", "datapackage.yaml") is None
