"""Cold builds are reproducible: two fresh clones of one commit, each built with an
empty cache by its own process, give byte-identical ``site/`` trees.

Each build is a separate process so that nothing of the first (the renders this process
keeps in memory, the renderer's own state) can reach the second. One renders a chart at
a time and the other two at once, as a laptop and a CI machine would: the output must
not depend on how many renderers there are or which one drew which chart (Vega numbers
the clip paths of a stacked bar chart on from its previous render).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from sitegen.core.paths import ROOT
from sitegen.core.reproducible import stable_svg_ids

from .conftest import make_fixture_repo
from .hostile import DESCRIPTOR, replace

#: Stacked bars with rounded ends: Vega draws each stack inside a clip path, and so
#: numbers ids. One on each of two tables, so that a build rendering both tables in
#: one renderer process draws them differently from one with a renderer per table.
STACKED_MEMBERS = """        annotations:
          - {x: 2020, y: 932, text: "減少 932人（令和2年度）", text_en: "Dip: 932 (FY2020)"}
      - name: joined-and-left
        title: 入会者数と退会者数
        title_en: Members who joined and left
        description: 入会者数と退会者数を年度ごとに積み上げたものです。
        description_en: Members who joined and members who left, stacked by fiscal year.
        mark: bar
        x: fiscal_year
        y: [joined, left]
        stack: true
"""
STACKED_CITIES = """        sort: -y
        labels: true
      - name: delegates-by-kind
        title: 提携の種類別の交流で往来した人数
        title_en: People exchanged by kind of partnership
        description: 姉妹都市と友好都市の別に、交流で往来した人数を示したものです。
        description_en: People exchanged with each partner city, by kind of partnership.
        mark: bar
        x: city
        y: delegates
        color: kind
        labels: true
"""


def git(root: Path, *args: str) -> None:
    config = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(root), *config, *args], check=True, capture_output=True, timeout=60)


def cold_build(origin: Path, clone: Path, jobs: int) -> Path:
    """Clone ``origin`` to ``clone`` and build it there from nothing, in a new process."""
    subprocess.run(["git", "clone", "--quiet", str(origin), str(clone)], check=True, timeout=60)
    assert not (clone / "build").exists()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # the commit's date, as in CI
    env.update(PYTHONPATH=str(ROOT / "scripts"), SITEGEN_JOBS=str(jobs), SITEGEN_PROGRESS="0")
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "--root", str(clone), "build"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return clone / "site"


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_cold_builds_in_two_clones_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    layout = make_fixture_repo(tmp_path / "origin")
    replace(layout, DESCRIPTOR, STACKED_MEMBERS.split("      - name:")[0], STACKED_MEMBERS)
    replace(layout, DESCRIPTOR, STACKED_CITIES.split("      - name:")[0], STACKED_CITIES)
    git(layout.root, "init", "-q", "-b", "main")
    git(layout.root, "add", ".")
    git(layout.root, "commit", "-q", "-m", "one commit")

    first = cold_build(layout.root, tmp_path / "clone-a", jobs=1)
    second = cold_build(layout.root, tmp_path / "clone-b", jobs=2)

    # The builds drew what this test is about: charts with generated ids.
    assert any(b"clip-path=" in p.read_bytes() for p in first.glob("charts/**/*.svg"))
    a, b = digests(first), digests(second)
    assert sorted(a.keys() ^ b.keys()) == [], "files in one build only"
    differing = [name for name in a if a[name] != b[name]]
    assert differing == [], f"{len(differing)} file(s) differ between two cold builds, e.g. {differing[:5]}"


def test_generated_svg_ids_are_named_after_the_chart_and_their_place() -> None:
    svg = (
        '<svg class="marks"><g clip-path="url(#clip{a})"><text>id="clip1" url(#clip1)</text></g>'
        '<g clip-path="url(#clip{b})"/><use xlink:href="#clip{b}"/>'
        '<defs><clipPath id="clip{a}"><path d="M0,0"/></clipPath><clipPath id="clip{b}"/></defs></svg>'
    )
    fresh = stable_svg_ids(svg.format(a=1, b=2).encode())  # from a new renderer process
    assert stable_svg_ids(svg.format(a=17, b=18).encode()) == fresh  # after 16 clip paths of other charts
    first, second = re.findall(rb'\sid="([^"]+)"', fresh)
    assert re.fullmatch(rb"clip-[0-9a-f]{8}-1", first) and second == first[:-1] + b"2"
    assert fresh.count(b"url(#" + first + b")") == 1 and fresh.count(b"url(#" + second + b")") == 1
    assert b'xlink:href="#' + second + b'"' in fresh
    assert b'<text>id="clip1" url(#clip1)</text>' in fresh  # text is never touched
    assert stable_svg_ids(fresh) == fresh
    other = stable_svg_ids(svg.format(a=1, b=2).replace("M0,0", "M1,1").encode())
    assert re.findall(rb'\sid="([^"]+)"', other)[0] != first  # another chart, other ids
    assert stable_svg_ids(b"<svg><g/></svg>") == b"<svg><g/></svg>"
