"""site_src/strings.yml: every UI string is a Japanese and an English text, nothing else.

A comma inside an unquoted YAML flow mapping splits a string silently: the English
"Excel workbook (XLSX, with a metadata sheet)" became "Excel workbook (XLSX" plus a key.
"""

from __future__ import annotations

import yaml

from sitegen.core.paths import ROOT

STRINGS = ROOT / "site_src" / "strings.yml"


def malformed(table: object) -> list[str]:
    if not isinstance(table, dict):
        return ["<the file is not a mapping>"]
    bad = []
    for key, entry in table.items():
        shaped = isinstance(entry, dict) and set(entry) == {"ja", "en"}
        if not shaped or not all(isinstance(entry[lang], str) and entry[lang].strip() for lang in ("ja", "en")):
            bad.append(str(key))
    return bad


def test_every_ui_string_has_exactly_a_japanese_and_an_english_text() -> None:
    assert malformed(yaml.safe_load(STRINGS.read_text(encoding="utf-8"))) == []


def test_a_string_split_by_an_unquoted_comma_is_caught() -> None:
    table = yaml.safe_load("download: {ja: 表, en: Excel workbook (XLSX, with a metadata sheet)}\n")
    assert malformed(table) == ["download"]
