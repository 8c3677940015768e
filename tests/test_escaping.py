"""Hostile metadata and cells must show as text, never as markup, anywhere on the site.

Every title, description, note, field title and cell is untrusted input from a pull
request. These tests put injection payloads in all of them, build the real site, and
parse every page for anything the payload could have created. The payloads go into the
test fixture package (invented data), whose first table has every kind of text.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import build_site
from sitegen.format.cells import safe_url
from sitegen.validate.validation import validate_all

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "javascript:alert(4)",
    "[link](javascript:alert(5)) **bold** <b>b</b>",
    "{{ 7*7 }} {% raw %} {# c #}",
    "</script><script>alert(6)</script>",
    "&lt;i&gt; &amp; ${alert(7)}",
]


class Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self.ld: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"<{tag} {name}={value}>")
        if tag in ("img", "svg") and a.get("src") == "x":
            self.bad.append("<img src=x>")
        if tag == "b":
            self.bad.append("<b> from data")
        self._script = a if tag == "script" else None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            if self._script.get("type") == "application/ld+json":
                self.ld.append(data)
            elif "alert(" in data:
                self.bad.append(f"script body with payload: {data[:60]}")
            self._script = None


def poison(root: Path, payload: str) -> None:
    folder = root / "datapackage" / FIXTURE_PACKAGE
    path = folder / "datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    descriptor["title"] = descriptor["title_en"] = f"P {payload}"
    descriptor["document_url"] = "javascript:alert(8)"
    resource = descriptor["resources"][0]
    for key in ("title", "title_en", "description", "description_en"):
        resource[key] = f"{key} {payload}"
    resource["notes"][0]["text"] = resource["notes"][0]["text_en"] = f"note {payload}"
    resource["sources"][0]["path"] = "javascript:alert(9)"
    field = resource["schema"]["fields"][2]
    field["title"] = field["title_en"] = f"field {payload}"
    field["description"] = field["description_en"] = f"field description {payload}"
    resource["views"][0]["title"] = resource["views"][0]["title_en"] = f"view {payload}"
    resource["schema"]["fields"].append(
        {
            "name": "remark",
            "type": "string",
            "title": "備考",
            "title_en": "Remark",
            "description": "d",
            "description_en": "d",
        }
    )
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    csv_path = folder / resource["path"]
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    cell = '"' + payload.replace('"', '""') + '"'
    lines = [lines[0] + ",remark"] + [line + "," + cell for line in lines[1:]]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def assert_inert(site: Path, payload: str) -> None:
    problems = []
    for page in site.rglob("*.html"):
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(site)}: {b}" for b in scan.bad]
        for block in scan.ld:
            json.loads(block)  # still valid JSON, however hostile the strings inside
    assert problems == [], payload
    page = (site / "en" / "datasets" / FIXTURE_PACKAGE / "association-members" / "index.html").read_text(
        encoding="utf-8"
    )
    from html import escape

    assert escape(payload, quote=False) in page or escape(payload) in page  # shown, as text


def test_known_payloads_are_shown_as_text(tmp_path: Path) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    payload = " ".join(PAYLOADS)
    poison(layout.root, payload)
    assert build_site(layout) == 0
    assert_inert(layout.site, payload)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(PAYLOADS) | st.text(alphabet="<>\"'&=/ {}[]()`:;abcjs漢字", min_size=1, max_size=12),
        min_size=1,
        max_size=4,
    ).map(" ".join)
)
def test_fuzzed_payloads_are_inert(tmp_path_factory, payload: str) -> None:
    # One space between words: runs of spaces and padding are refused by the rules
    # (L1-06, text-padding; tested in test_hostile_text), not what this test is about.
    payload = " ".join(payload.split()) or "x"
    layout = make_fixture_repo(tmp_path_factory.mktemp("fuzz") / "repo")
    poison(layout.root, payload)
    assert build_site(layout) == 0
    assert_inert(layout.site, payload)


def test_a_last_column_of_semicolons_is_still_comma_separated(tmp_path: Path) -> None:
    """Frictionless sniffs a CSV's dialect: with ";" as the last cell of every row it took
    the file for semicolon-separated (found by the fuzzer above). The rule is commas only,
    so validation says so instead of letting it guess."""
    layout = make_fixture_repo(tmp_path / "repo")
    poison(layout.root, ";")
    validation = validate_all(layout.root)
    assert [p.render() for p in validation.problems if p.severity == "error"] == []


def test_only_http_links_come_from_metadata() -> None:
    assert safe_url("https://www.mofa.go.jp/x.pdf") == "https://www.mofa.go.jp/x.pdf"
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "//evil.example",
        'https://a" onmouseover="x',
        None,
        3,
    ]:
        assert safe_url(bad) is None
