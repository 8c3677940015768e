"""The rehearsal of next year's update, on a clone of the repository with its real history.

Next year's contributor adds FY2024 to a real table (Appendix 8, dispatch-act-staff, whose
checks include column totals and a stock-flow identity), runs the checks and does what
they say, records the change in the package's ``changes:`` log, bumps its version to
1.1.0, commits and builds. The test then reads the built site as a reader and a reuser
would: the old version still downloadable byte for byte, the new one current, the period
on the dataset page, the Updates page, the feeds and the citation all naming the new
edition, in both languages, and no caption still saying the table ends at FY2023.

One clone, update and build serve every test of the module (a full build takes a while:
``slow``).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sitegen.build import build_site
from sitegen.core.gitbase import open_base
from sitegen.core.i18n import load_strings
from sitegen.core.paths import ROOT, Layout
from sitegen.core.problems import Problem
from sitegen.review.bump import bump_problems
from sitegen.review.diff import compute
from sitegen.review.plausibility import review_warnings
from sitegen.validate.captions import captions, mentions
from sitegen.validate.validation import validate_all

pytestmark = pytest.mark.slow

PACKAGE = "nps-international-cooperation"
TABLE = "dispatch-act-staff"
CSV = f"datapackage/{PACKAGE}/{TABLE}.csv"
DESCRIPTOR = f"datapackage/{PACKAGE}/datapackage.yaml"
#: The package's version now, and the minor step a new year's rows take it to.
OLD = str(yaml.safe_load((ROOT / DESCRIPTOR).read_text(encoding="utf-8"))["version"])
NEW = f"{OLD.split('.')[0]}.{int(OLD.split('.')[1]) + 1}.0"
#: A plausible FY2024: 342 on dispatch at the end of FY2023 + 131 dispatched − 136 ended
#: = 337, so the stock-flow identity holds; 12 of the 136 did not return to duty.
FY2024 = "2024,令和6年度,131,136,12,337,\n"
#: The document's new 計 row: each column total moves by the new year's figure.
TOTALS = [
    ("expected: 8857\n", "expected: 8988\n"),
    ("expected: 8472\n", "expected: 8608\n"),
    ("expected: 546\n", "expected: 558\n"),
]
TEMPORAL = ("      start: 1970\n      end: 2023\n", "      start: 1970\n      end: 2024\n")
#: The captions that name FY2023 as the last year, and what next year's say.
CAPTIONS = [
    ("から令和5年度（2023年度）までの各年度", "から令和6年度（2024年度）までの各年度"),
    ("from FY1970 (Showa 45) to FY2023 (Reiwa 5)", "from FY1970 (Showa 45) to FY2024 (Reiwa 6)"),
    ("title: 派遣職員数の推移（昭和45年度〜令和5年度）", "title: 派遣職員数の推移（昭和45年度〜令和6年度）"),
    ("title_en: Dispatched staff, FY1970–FY2023", "title_en: Dispatched staff, FY1970–FY2024"),
    ("令和5年度末は342人でした。", "令和6年度末は337人でした。"),
    ("and stood at 342\n          at the end of FY2023.", "and stood at 337\n          at the end of FY2024."),
]
SUMMARY = "資料8に令和6年度の派遣職員数を追加しました。"
SUMMARY_EN = "Added the FY2024 figures to Appendix 8 (dispatched staff)."
STRINGS = load_strings(ROOT / "site_src" / "strings.yml")


@dataclass(frozen=True)
class Rehearsal:
    root: Path
    old_csv: bytes
    new_csv: bytes
    #: The version the clone's package had before the update ("" if none).
    old_version: str
    #: What ``make validate`` says after the row and the totals alone.
    first_check: list[Problem]
    #: ... and after everything next year's contributor changes.
    last_check: list[Problem]
    build: int
    log: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, slug: str, lang: str) -> str:
        prefix = "" if lang == "ja" else f"{lang}/"
        return (self.site / prefix / slug / "index.html").read_text(encoding="utf-8")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def _edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, f"{old!r} is not once in {path.name}: has the descriptor changed?"
    path.write_text(content.replace(old, new), encoding="utf-8")


def _make_validate(root: Path) -> list[Problem]:
    """What ``make validate`` reports: every check, and the version bump against the base
    branch (the clone's ``HEAD``, last year's edition, until the update is committed)."""
    validation = validate_all(root)
    data_diff = compute(root, open_base(root, "HEAD"))
    return [*validation.problems, *bump_problems(data_diff, validation.packages), *review_warnings(data_diff)]


def _record_the_edition(descriptor: Path) -> None:
    """The ``changes:`` entry of NEW (newest first), the version, and the next edition a year on."""
    content = descriptor.read_text(encoding="utf-8")
    content = re.sub(r"(?m)^version: .*$", f"version: {NEW}", content, count=1)
    content = re.sub(
        r"(?m)^(next_edition: ['\"]?)(\d{4})", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", content, count=1
    )
    first = re.search(r"(?m)^changes:\n( *)- ", content)
    assert first, "the package has no changes: log"
    at, indent = first.start(1), first.group(1)
    entry = {
        "version": NEW,
        "date": dt.date.today().isoformat(),
        "kind": "new-data",
        "summary": SUMMARY,
        "summary_en": SUMMARY_EN,
        "source": "人事院 年次報告書（令和6年度） 第8章 国際協力",
        "source_en": "National Personnel Authority Annual Report (FY2024), Chapter 8: International Cooperation",
        "resources": [TABLE],
    }
    lines = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000).splitlines()
    block = "".join(f"{indent}{line}\n" for line in lines)
    descriptor.write_text(content[:at] + block + content[at:], encoding="utf-8")


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory: pytest.TempPathFactory) -> Rehearsal:
    root = tmp_path_factory.mktemp("rehearsal") / "repo"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(root)], check=True, timeout=300)
    _git(root, "config", "user.name", "Next Year's Contributor")
    _git(root, "config", "user.email", "contributor@example.org")
    csv, descriptor = root / CSV, root / DESCRIPTOR
    old_csv = csv.read_bytes()
    old_version = str(yaml.safe_load(descriptor.read_text(encoding="utf-8")).get("version") or "")
    # 1. The new row, and the document's new totals.
    csv.write_bytes(old_csv + FY2024.encode("utf-8"))
    for old, new in TOTALS:
        _edit(descriptor, old, new)
    first_check = _make_validate(root)
    # 2. What the checks say: the declared period and the captions that end at FY2023.
    _edit(descriptor, *TEMPORAL)
    for old, new in CAPTIONS:
        _edit(descriptor, old, new)
    # 3. The edition: the changes log and the version.
    _record_the_edition(descriptor)
    last_check = _make_validate(root)
    _git(root, "add", CSV, DESCRIPTOR)
    _git(root, "commit", "--quiet", "-m", f"dispatch-act-staff: FY2024 (version {NEW})")
    log = io.StringIO()
    code = build_site(Layout(root), stream=log)
    return Rehearsal(root, old_csv, csv.read_bytes(), old_version, first_check, last_check, code, log.getvalue())


def _ours(problems: list[Problem]) -> list[tuple[str, str, str | None]]:
    return sorted((p.code, p.severity, p.column) for p in problems if p.code.startswith(("temporal", "caption")))


def _facts(page: str) -> dict[str, str]:
    return {html.unescape(k): html.unescape(v) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page)}


def _citation(page: str) -> str:
    found = re.search(r'<blockquote class="odp-cite">\s*<p>(.*?)</p>', page, flags=re.DOTALL)
    assert found, "the dataset page has no citation"
    return html.unescape(found.group(1))


# What the checks tell next year's contributor ----------------------------------------------


def test_the_checks_name_what_else_the_new_year_changes(rehearsal: Rehearsal) -> None:
    # The new row keeps the stock-flow identity and the totals hold: the version, the
    # period and the captions that end at FY2023 are left, each reported where it is
    # written.
    errors = [p for p in rehearsal.first_check if p.severity == "error"]
    assert {p.path for p in errors} == {DESCRIPTOR}, [p.render() for p in errors]
    (bump,) = [p for p in errors if p.code.startswith("version")]
    assert (bump.code, bump.values["proposed"]) == ("version-not-bumped", NEW)
    assert _ours(rehearsal.first_check) == [
        ("caption-latest", "warning", "description"),
        ("caption-latest", "warning", "description_en"),
        ("caption-stale", "error", "description"),
        ("caption-stale", "error", "description_en"),
        ("caption-stale", "error", "title"),
        ("caption-stale", "error", "title_en"),
        ("temporal-mismatch", "error", "temporal"),
    ]


def test_the_whole_update_validates_and_builds(rehearsal: Rehearsal) -> None:
    assert [p.render() for p in rehearsal.last_check if p.severity == "error"] == []
    assert _ours(rehearsal.last_check) == []
    assert rehearsal.build == 0, rehearsal.log


def test_no_caption_names_fy2023_as_the_last_year(rehearsal: Rehearsal) -> None:
    validation = validate_all(rehearsal.root)
    resource = next(p for p in validation.packages if p.name == PACKAGE).resource(TABLE)
    latest = {name: max(m.year for m in mentions(text)) for _, name, text in captions(resource) if mentions(text)}
    assert latest and set(latest.values()) == {2024}, latest
    assert rehearsal.build == 0, rehearsal.log
    for lang, phrase in (("ja", "令和6年度（2024年度）まで"), ("en", "to FY2024 (Reiwa 6)")):
        page = rehearsal.page(f"datasets/{PACKAGE}/{TABLE}", lang)
        lead = re.search(r'<p class="odp-lead">(.*?)</p>', page, flags=re.DOTALL)
        assert lead, "the dataset page has no description"
        assert phrase in html.unescape(lead.group(1))
        assert "2023" not in lead.group(1)


# What a reader and a reuser see ------------------------------------------------------------------


def test_the_dataset_page_says_the_period_runs_to_fy2024(rehearsal: Rehearsal) -> None:
    assert rehearsal.build == 0, rehearsal.log
    for lang, period in (("ja", "1970年度〜2024年度"), ("en", "FY1970–FY2024")):
        facts = _facts(rehearsal.page(f"datasets/{PACKAGE}/{TABLE}", lang))
        assert facts[STRINGS.get("period", lang)] == period


def test_the_old_version_is_still_served_byte_identical(rehearsal: Rehearsal) -> None:
    assert rehearsal.build == 0, rehearsal.log
    assert rehearsal.old_version == OLD
    old = rehearsal.site / "data" / PACKAGE / "v" / OLD / f"{TABLE}.csv"
    assert old.read_bytes() == rehearsal.old_csv
    assert not old.read_bytes().endswith(FY2024.encode("utf-8"))


def test_the_new_version_is_current(rehearsal: Rehearsal) -> None:
    assert rehearsal.build == 0, rehearsal.log
    data = rehearsal.site / "data" / PACKAGE
    assert (data / f"{TABLE}.csv").read_bytes() == rehearsal.new_csv
    assert (data / "v" / NEW / f"{TABLE}.csv").read_bytes() == rehearsal.new_csv
    assert rehearsal.new_csv.endswith(FY2024.encode("utf-8"))


def test_the_citation_names_the_new_version(rehearsal: Rehearsal) -> None:
    assert rehearsal.build == 0, rehearsal.log
    for lang in ("ja", "en"):
        page = rehearsal.page(f"datasets/{PACKAGE}/{TABLE}", lang)
        assert NEW in _citation(page)
        assert OLD not in _citation(page)
        assert re.search(rf"version\s*=\s*\{{{re.escape(NEW)}\}}", page), "BibTeX names no version"


def test_the_updates_page_names_the_new_version(rehearsal: Rehearsal) -> None:
    assert rehearsal.build == 0, rehearsal.log
    for lang, summary in (("ja", SUMMARY), ("en", SUMMARY_EN)):
        page = html.unescape(rehearsal.page("updates", lang))
        assert NEW in page
        assert summary in page


def test_the_feeds_name_the_new_version(rehearsal: Rehearsal) -> None:
    assert rehearsal.build == 0, rehearsal.log
    for lang, summary in (("ja", SUMMARY), ("en", SUMMARY_EN)):
        for name in (f"updates-{lang}.xml", f"updates-{PACKAGE}-{lang}.xml"):
            feed = html.unescape((rehearsal.site / "feeds" / name).read_text(encoding="utf-8"))
            assert NEW in feed, name
            assert summary in feed, name
