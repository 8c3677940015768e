"""Every message has a complete Japanese version: the Japanese line of a problem never
carries an English sentence. A template says *what* in both languages; the *detail* a
producer fills in comes in both languages too (``detail`` and ``detail_ja``), so these
tests hold the producers to it, by reading the source, and prove the scan can fail."""

from __future__ import annotations

import ast
import re

from sitegen.core.paths import ROOT
from sitegen.core.problems import templates

SOURCE = ROOT / "scripts" / "sitegen"


def english_only_details(source: str, name: str = "<test>") -> list[str]:
    """Calls and dict literals that give a ``detail`` without its ``detail_ja``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            keys = {k.arg for k in node.keywords}
            if "detail" in keys and "detail_ja" not in keys and None not in keys:
                found.append(f"{name}:{node.lineno}")
        elif isinstance(node, ast.Dict) and None not in node.keys:
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if "detail" in keys and "detail_ja" not in keys:
                found.append(f"{name}:{node.lineno}")
    return found


def test_every_detail_comes_with_its_japanese() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        found += english_only_details(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_the_scan_finds_an_english_only_detail() -> None:
    assert english_only_details('p = Problem("x", "f", values={"detail": d})\n') == ["<test>:1"]
    assert english_only_details('package.problem("x", at, detail=d)\n') == ["<test>:1"]
    assert english_only_details('package.problem("x", at, detail=d, detail_ja=j)\n') == []
    assert english_only_details('package.problem("x", at, **said)\n') == []


def test_no_japanese_template_shows_an_english_only_value() -> None:
    """The Japanese templates name ``{detail_ja}``, never the English ``{detail}``."""
    english = {code: t["ja"] for code, t in templates().items() if re.search(r"\{detail[!}:]", t.get("ja", ""))}
    assert english == {}


def test_japanese_templates_are_japanese() -> None:
    """No run of three English words outside code, quotes (a section title in 「」) and placeholders."""
    offenders = {}
    for code, entry in templates().items():
        ja = re.sub(r"`[^`]*`|\{[^}]*\}|'[^']*'|\"[^\"]*\"|「[^」]*」|https?://\S+", "", entry.get("ja", ""))
        if re.search(r"\b[A-Za-z]+ [a-z]+ [a-z]+\b", ja):
            offenders[code] = entry["ja"]
    assert offenders == {}, offenders
