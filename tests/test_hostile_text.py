"""Hostile text (issue 17): what a reader sees must be what the file holds.

Invisible and direction-changing characters in text cells and descriptor strings, padding,
headers that differ from their field by white space, numbers not in their one canonical
form, a NUL byte, ``1e309``, a check naming an unknown field, and a cell too long for a
page. Each case breaks a copy of the fixture package and asserts the exact code, location
and the words of the fix; a negative control shows what stays accepted (a full-width space
inside Japanese text, a line break in a quoted cell, canonical numbers).

Decisions (CONTRIBUTING.md, "Invisible characters and spaces"; ``characters.py``):
bidirectional controls (``char-bidi``) and invisible characters (``char-invisible``) are
deleted, NBSP and the other space look-alikes, tab, U+2028 and U+2029 become an ordinary
space (``char-space``); U+3000 is fine inside Japanese text, not as padding
(``text-padding``); a cell over 5,000 characters is a warning (``cell-too-long``).
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal

import pytest

from sitegen.core.paths import Layout
from sitegen.core.problems import Problem
from sitegen.format.cells import format_number
from sitegen.validate import cell_hints, characters
from sitegen.validate.csv_scan import MAX_CELL_CHARS, plain_column
from sitegen.validate.fast_rows import plain_value
from sitegen.validate.validation import validate_all

from .hostile import (
    CITIES,
    DESCRIPTOR,
    FY2012,
    MEMBERS,
    errors,
    line_of,
    located,
    only_error,
    replace,
    rewrite,
)

#: The Japanese summary of Cebu (CITIES, line 2): "セブ市との" is characters 1–5.
CEBU_JA = "セブ市との青少年交流。"
CEBU_JA_ROW = f"{CEBU_JA}高校生12人を派遣し、12人を受け入れた。"
CEBU_EN = "Youth exchange with Cebu: 12 high-school students sent, 12 received."
SUMMARY_AT = f"{CITIES}:2:summary"


def _visible(problem: Problem) -> None:
    """A message never carries the character it is about: it shows it as <U+XXXX>."""
    for lang in ("en", "ja"):
        assert characters.invisible(problem.message(lang)) == [], problem.message(lang)


def _in_cebu(layout: Layout, char: str) -> None:
    """``char`` as the 6th character of Cebu's Japanese summary."""
    replace(layout, CITIES, CEBU_JA, f"セブ市との{char}青少年交流。")


def _warnings(layout: Layout) -> list[Problem]:
    return [p for p in validate_all(layout.root).problems if p.severity == "warning"]


# Invisible and direction-changing characters in text cells ------------------------------------

BIDI = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]
ZERO_WIDTH = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]


@pytest.mark.parametrize("code", BIDI, ids=[f"U+{c:04X}" for c in BIDI])
def test_a_direction_changing_character_in_a_text_cell(fixture_repo: Layout, code: int) -> None:
    _in_cebu(fixture_repo, chr(code))
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("char-bidi", SUMMARY_AT)
    name = unicodedata.name(chr(code))
    assert f"'セブ市との<U+{code:04X}>青少年交流。" in problem.message("en")
    assert f"changes the direction of the text around it: U+{code:04X} ({name}) at character 6." in (
        problem.message("en")
    )
    assert f"Delete it: '{CEBU_JA_ROW}'." in problem.message("en")
    assert f"6文字目に U+{code:04X}（{name}）" in problem.message("ja")
    assert f"削除してください:「{CEBU_JA_ROW}」" in problem.message("ja")
    _visible(problem)


def test_the_trojan_source_spoof_is_refused_and_shown(fixture_repo: Layout) -> None:
    # The page would show "Japanesenationytila": the override reverses what follows it.
    replace(fixture_repo, CITIES, "Youth exchange with Cebu", "Japanese\u202eality\u202c exchange")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("char-bidi", f"{CITIES}:2:summary_en")
    assert "'Japanese<U+202E>ality<U+202C> exchange: 12 high-school" in problem.message("en")
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 9; U+202C (POP DIRECTIONAL FORMATTING) at character 15" in (
        problem.message("en")
    )
    assert "Delete it: 'Japaneseality exchange: 12 high-school students sent, 12 received.'." in problem.message("en")
    _visible(problem)


@pytest.mark.parametrize("code", ZERO_WIDTH, ids=[f"U+{c:04X}" for c in ZERO_WIDTH])
def test_a_zero_width_character_in_a_text_cell(fixture_repo: Layout, code: int) -> None:
    _in_cebu(fixture_repo, chr(code))
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("char-invisible", SUMMARY_AT)
    name = unicodedata.name(chr(code))
    assert f"holds an invisible character: U+{code:04X} ({name}) at character 6." in problem.message("en")
    assert f"Delete it: '{CEBU_JA_ROW}'." in problem.message("en")
    assert f"見えない文字があります（6文字目に U+{code:04X}（{name}））" in problem.message("ja")
    _visible(problem)


@pytest.mark.parametrize(
    ("char", "name"),
    [("\u00a0", "NO-BREAK SPACE"), ("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR"), ("\t", "")],
    ids=["NBSP", "U+2028", "U+2029", "tab"],
)
def test_a_space_look_alike_in_a_text_cell(fixture_repo: Layout, char: str, name: str) -> None:
    replace(fixture_repo, CITIES, "Youth exchange", f"Youth{char}exchange")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("char-space", f"{CITIES}:2:summary_en")
    assert f"U+{ord(char):04X} ({name or 'CONTROL CHARACTER'}) at character 6." in problem.message("en")
    assert f"Write an ordinary space (U+0020): '{CEBU_EN}'." in problem.message("en")
    assert f"通常の半角空白（U+0020）にしてください:「{CEBU_EN}」" in problem.message("ja")
    _visible(problem)


def test_a_long_cell_is_shown_around_the_character(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, CEBU_JA, "交流。" * 100 + "\u200b" + CEBU_JA)
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("char-invisible", SUMMARY_AT)
    assert "U+200B (ZERO WIDTH SPACE) at character 301." in problem.message("en")
    assert "流。<U+200B>セブ市との青少年交流。" in problem.message("en")
    assert len(problem.message("en")) < 600


def test_an_invisible_character_in_a_number_cell_gets_its_own_message(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, FY2012, FY2012[:-1] + "4\u200b12\n")
    problem = only_error(fixture_repo)  # not also a type error, or "words or a unit"
    assert (problem.code, problem.location()) == ("char-invisible", f"{MEMBERS}:2:year_end_adjusted")
    assert "'4<U+200B>12' holds an invisible character: U+200B (ZERO WIDTH SPACE) at character 2." in (
        problem.message("en")
    )
    assert "Delete it: '412'." in problem.message("en")


def test_an_invisible_character_in_a_category_cell_is_said_once(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, "cebu,sister-city,", "cebu,sister\u200d-city,")
    problem = only_error(fixture_repo)  # not also "breaks the rule `enum`"
    assert (problem.code, problem.location()) == ("char-invisible", f"{CITIES}:2:kind")
    assert "'sister<U+200D>-city' holds an invisible character: U+200D (ZERO WIDTH JOINER) at character 7." in (
        problem.message("en")
    )
    assert "Delete it: 'sister-city'." in problem.message("en")


def test_an_invisible_character_in_a_header_is_shown(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, "joined,", "joined\u200b,")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("incorrect-label", f"{MEMBERS}:1:joined")
    assert "the header of column 3 is 'joined<U+200B>', but the schema expects 'joined' there" in problem.message("en")
    _visible(problem)


# Full-width spaces and padding ------------------------------------------------------------------


def test_a_full_width_space_inside_japanese_text_is_accepted(fixture_repo: Layout) -> None:
    # 「（　）内の数」, as the fixture's own notes write it: U+3000 has its uses in Japanese.
    _in_cebu(fixture_repo, "\u3000")
    replace(fixture_repo, DESCRIPTOR, "title: 国際交流協会の会員数の推移", "title: 国際交流協会の　会員数の推移")
    assert "（\u3000）内の数" in (fixture_repo.root / DESCRIPTOR).read_text(encoding="utf-8")
    assert errors(fixture_repo) == []


def test_a_line_break_in_a_quoted_cell_is_accepted(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, CEBU_JA_ROW, f'"{CEBU_JA}\n高校生12人を派遣し、12人を受け入れた。"')
    assert errors(fixture_repo) == []


@pytest.mark.parametrize(
    ("cell", "edge", "edge_ja", "chars"),
    [
        (f"\u3000{CEBU_JA_ROW}", "start", "先頭", "U+3000 (IDEOGRAPHIC SPACE)"),
        (f"{CEBU_JA_ROW}\u3000\u3000", "end", "末尾", "U+3000 (IDEOGRAPHIC SPACE)"),
        (f" {CEBU_JA_ROW} ", "start and end", "先頭と末尾", "U+0020 (SPACE)"),
    ],
    ids=["full-width-start", "full-width-end", "spaces"],
)
def test_padding_in_a_text_cell(fixture_repo: Layout, cell: str, edge: str, edge_ja: str, chars: str) -> None:
    replace(fixture_repo, CITIES, CEBU_JA_ROW, cell)
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("text-padding", SUMMARY_AT)
    assert f"has white space at its {edge} ({chars})." in problem.message("en")
    assert f"Delete it: '{CEBU_JA_ROW}'." in problem.message("en")
    assert f"の{edge_ja}に空白があります" in problem.message("ja")
    assert f"削除してください:「{CEBU_JA_ROW}」" in problem.message("ja")
    _visible(problem)


# Descriptor strings -------------------------------------------------------------------------------


def test_a_direction_changing_character_in_a_title(fixture_repo: Layout) -> None:
    old = "title_en: International association members by fiscal year"
    replace(fixture_repo, DESCRIPTOR, old, "title_en: International association\u202e members by fiscal year")
    problem = only_error(fixture_repo)
    line = line_of(fixture_repo, DESCRIPTOR, "title_en: International association")
    assert (problem.code, problem.location()) == ("char-bidi", f"{DESCRIPTOR}:{line}:title_en")
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 26." in problem.message("en")
    assert "Delete it: 'International association members by fiscal year'." in problem.message("en")
    _visible(problem)


def test_a_zero_width_space_in_a_note(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, "text: 高雄市及びタコマ市", "text: 高雄市及び\u200bタコマ市")
    problem = only_error(fixture_repo)
    line = line_of(fixture_repo, DESCRIPTOR, "text: 高雄市及び")
    assert (problem.code, problem.location()) == ("char-invisible", f"{DESCRIPTOR}:{line}:text")
    assert "U+200B (ZERO WIDTH SPACE) at character 6." in problem.message("en")
    assert "Delete it: '高雄市及びタコマ市との交流の人数は、本文に「約」と記されている。'." in problem.message("en")


def test_a_no_break_space_in_a_category_label(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, 'label_en: "Cebu (Philippines)"', 'label_en: "Cebu\u00a0(Philippines)"')
    problem = only_error(fixture_repo)
    line = line_of(fixture_repo, DESCRIPTOR, "{value: cebu,")
    assert (problem.code, problem.location()) == ("char-space", f"{DESCRIPTOR}:{line}:label_en")
    assert "U+00A0 (NO-BREAK SPACE) at character 5." in problem.message("en")
    assert "Write an ordinary space (U+0020): 'Cebu (Philippines)'." in problem.message("en")


def test_full_width_padding_in_a_description(fixture_repo: Layout) -> None:
    replace(fixture_repo, DESCRIPTOR, "description: 当該年度内に入会した", "description: \u3000当該年度内に入会した")
    problem = only_error(fixture_repo)
    line = line_of(fixture_repo, DESCRIPTOR, "description: \u3000当該年度内に入会した")
    assert (problem.code, problem.location()) == ("text-padding", f"{DESCRIPTOR}:{line}:description")
    assert "'<U+3000>当該年度内に入会した会員の数。' has white space at its start (U+3000 (IDEOGRAPHIC SPACE))." in (
        problem.message("en")
    )
    assert "Delete it: '当該年度内に入会した会員の数。'." in problem.message("en")


# Headers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ("joined ", "'joined '"),
        (" joined", "' joined'"),
        ("joined\u3000", "'joined\\u3000'"),
        ("joined\u00a0", "'joined<U+00A0>'"),
    ],
    ids=["trailing", "leading", "full-width", "nbsp"],
)
def test_a_header_must_equal_the_field_name(fixture_repo: Layout, header: str, shown: str) -> None:
    # Frictionless strips the label before comparing: all of these pass it.
    replace(fixture_repo, MEMBERS, "joined,", f"{header},")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("label-whitespace", f"{MEMBERS}:1:joined")
    assert f"the header of column 3 is {shown}, with white space around the field name 'joined'." in (
        problem.message("en")
    )
    assert "(df['joined']) does not find it. Write the header exactly as 'joined'." in problem.message("en")
    assert "見出しを「joined」とだけ書いてください" in problem.message("ja")


# Numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "column", "fixed", "reason", "reason_ja"),
    [
        ("2012,平成24年度,412,0,", "2012,平成24年度,412,-0,", "left", "0", "a minus sign on zero", "0に負号を付けた形"),
        ("2012,平成24年度,412,", "2012,平成24年度,0412,", "joined", "412", "leading zeros", "先頭に0を付けた形"),
        ("2012,平成24年度,412,0,", "2012,平成24年度,412,000,", "left", "0", "leading zeros", "先頭に0を付けた形"),
        ("2012,平成24年度,412,0,", "2012,平成24年度,412,-00,", "left", "0", "leading zeros and a minus sign on zero",
         "先頭に0を付けた形・0に負号を付けた形"),
    ],
)  # fmt: skip
def test_an_integer_not_in_its_canonical_form(
    fixture_repo: Layout, old: str, new: str, column: str, fixed: str, reason: str, reason_ja: str
) -> None:
    replace(fixture_repo, MEMBERS, old, new)
    problem = only_error(fixture_repo)
    cell = new.split(",")[2 if column == "joined" else 3]
    assert (problem.code, problem.location()) == ("cell-not-canonical", f"{MEMBERS}:2:{column}")
    assert problem.message("en") == (
        f"{cell!r} is the number {fixed} written with {reason}. The page and the JSON download show {fixed}, "
        f"but the CSV is published as it is, so the two would differ: write {fixed}."
    )
    assert f"「{cell}」は数値 {fixed} を{reason_ja}で書いたものです。" in problem.message("ja")


def _adjusted_as_number(layout: Layout) -> None:
    """The bracketed year-end count (empty in FY2012, no check adds it up) as a ``number``."""
    field = "- name: year_end_adjusted\n          type: "
    replace(layout, DESCRIPTOR, field + "integer", field + "number")


@pytest.mark.parametrize(
    ("cell", "fixed", "reason"),
    [
        ("412.0", "412", "zeros at the end of its decimals"),
        ("412.000", "412", "zeros at the end of its decimals"),
        ("0412.0", "412", "leading zeros and zeros at the end of its decimals"),
    ],
)
def test_a_decimal_not_in_its_canonical_form(fixture_repo: Layout, cell: str, fixed: str, reason: str) -> None:
    _adjusted_as_number(fixture_repo)
    replace(fixture_repo, MEMBERS, FY2012, FY2012[:-1] + cell + "\n")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("cell-not-canonical", f"{MEMBERS}:2:year_end_adjusted")
    assert f"{cell!r} is the number {fixed} written with {reason}." in problem.message("en")
    assert f"write {fixed}." in problem.message("en")


def test_a_plus_sign_is_refused_with_the_canonical_digits(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, "2012,平成24年度,412,", "2012,平成24年度,+0412,")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("cell-not-plain", f"{MEMBERS}:2:joined")
    assert "(no spaces, +, _ or exponent): 412." in problem.message("en")


CANONICAL = ["0", "7", "-5", "1234", "85.5", "-0.25", "0.5", "100"]
NOT_CANONICAL = {"007": "7", "-0": "0", "-0.0": "0", "85.50": "85.5", "3.0": "3", "0012.340": "12.34", "-05": "-5"}


def test_canonical_numbers_are_what_the_page_and_the_json_show() -> None:
    # The rule matches the other published forms: the JSON download (json.dumps of the
    # typed value) and the page (format_number, without its thousands separators).
    for cell in CANONICAL:
        value = plain_value(Decimal(cell))
        assert json.dumps(value) == cell, cell
        assert format_number(value, {}).replace(",", "") == cell, cell
        assert cell_hints.canonical(cell) == cell
    assert plain_column(CANONICAL, integer=False)
    assert plain_column(["0", "7", "-5", "1234"], integer=True)
    for cell, fixed in NOT_CANONICAL.items():
        value = plain_value(Decimal(cell))
        assert cell_hints.canonical(cell) == fixed, cell
        assert {json.dumps(value), format_number(value, {}).replace(",", "")} != {cell}, cell  # they differ
        assert json.dumps(plain_value(Decimal(fixed))) == fixed, cell  # the canonical form: all agree
        assert not plain_column([cell], integer=False), cell


def test_canonical_numbers_pass(fixture_repo: Layout) -> None:
    _adjusted_as_number(fixture_repo)
    replace(fixture_repo, MEMBERS, FY2012, FY2012[:-1] + "412\n")  # the year-end count, as the override
    replace(fixture_repo, MEMBERS, "2018,平成30年度,149,66,18,958,902", "2018,平成30年度,149,66,18,958,902.5")
    # 902.5 is a canonical number: the only error is the stock-flow check on the next year.
    assert located(fixture_repo) == [("stock-flow", f"{MEMBERS}:9:year_end")]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1e309", "written with an exponent, it is beyond the largest number the downloads and charts can hold"),
        ("NaN", "it means 'not a number'"),
        ("-inf", "it means infinity"),
        ("1e-40", "written with an exponent, it would take more than 30 digits"),
    ],
)
def test_a_number_that_is_not_finite(fixture_repo: Layout, cell: str, reason: str) -> None:
    replace(fixture_repo, MEMBERS, FY2012, FY2012[:-1] + cell + "\n")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("cell-not-finite", f"{MEMBERS}:2:year_end_adjusted")
    assert f"{cell!r} is not a finite plain number: {reason}" in problem.message("en")
    assert "Write the figure in plain digits (an optional minus sign and decimal point), as the document prints it" in (
        problem.message("en")
    )
    assert "words or a unit" not in problem.message("en")
    assert "有限の数値として書かれていません" in problem.message("ja")


def test_an_exponent_in_a_whole_number_says_the_digits(fixture_repo: Layout) -> None:
    replace(fixture_repo, MEMBERS, FY2012, FY2012[:-1] + "4.12e2\n")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("cell-not-plain", f"{MEMBERS}:2:year_end_adjusted")
    assert "'4.12e2' is not written plainly." in problem.message("en")
    assert "(no spaces, +, _ or exponent): 412." in problem.message("en")


# A NUL byte --------------------------------------------------------------------------------------------


def test_a_nul_byte_is_named_with_its_place(fixture_repo: Layout) -> None:
    rewrite(fixture_repo, MEMBERS, lambda t: t.replace("2012,平成24年度,412,", "2012,平成24年度,41\x002,").encode())
    problem = only_error(fixture_repo)
    offset = (fixture_repo.root / MEMBERS).read_bytes().index(b"\x00") + 1
    assert (problem.code, problem.location()) == ("csv-nul", f"{MEMBERS}:2")
    assert problem.message("en").startswith(
        f"the file holds 1 NUL byte(s) (0x00), the first on this line at character 15 (byte {offset} of the file)."
    )
    assert "Delete it in an editor that shows control characters" in problem.message("en")
    assert "BOM" not in problem.message("en")
    assert "NUL バイト（0x00）が 1 個あります（最初はこの行の 15 文字目" in problem.message("ja")


def test_a_file_of_nul_bytes_is_binary_and_not_about_a_bom(fixture_repo: Layout) -> None:
    (fixture_repo.root / MEMBERS).write_bytes(b"a,b\n" + bytes(range(1, 256)) * 2 + b"\x00" * 10)
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("file-binary", MEMBERS)
    assert "remove the BOM" not in problem.message("en")
    assert f"then run `make normalize FILE={MEMBERS}`" in problem.message("en")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda t: b"\xef\xbb\xbf" + t.encode(), "csv-bom"),
        (lambda t: t.replace("\n", "\r\n").encode(), "csv-line-ends"),
        (lambda t: t.encode("cp932"), "encoding-not-utf8"),
        (lambda t: t.encode("utf-16"), "encoding-utf16"),
    ],
    ids=["bom", "crlf", "cp932", "utf16"],
)
def test_the_encoding_messages_name_make_normalize(fixture_repo: Layout, change, code: str) -> None:
    rewrite(fixture_repo, MEMBERS, change)
    problem = only_error(fixture_repo)
    assert problem.code == code
    assert f"`make normalize FILE={MEMBERS}`" in problem.message("en")
    assert f"`make normalize FILE={MEMBERS}`" in problem.message("ja")


# A check naming an unknown field ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "- type: column-total\n        field: joined\n",
            "- type: column-total\n        field: joind\n",
            "`field` names 'joind', which is not a field of the schema (the numeric fields of association-members: "
            "fiscal_year, joined, left, left_unpaid, year_end, year_end_adjusted)",
        ),
        (
            "- type: stock-flow\n        order_by: fiscal_year\n",
            "- type: stock-flow\n        order_by: year\n",
            "`order_by` names 'year', which is not a field of the schema (the fields of association-members: "
            "fiscal_year, era_year_label, joined, left, left_unpaid, year_end, year_end_adjusted)",
        ),
        (
            "- type: column-total\n        field: joined\n",
            "- type: column-total\n        field: era_year_label\n",
            "`field` names 'era_year_label', which is not numeric (type 'string'; the numeric fields of "
            "association-members: fiscal_year, joined, left, left_unpaid, year_end, year_end_adjusted)",
        ),
    ],
)
def test_a_check_on_an_unknown_field_lists_the_fields(fixture_repo: Layout, old: str, new: str, words: str) -> None:
    replace(fixture_repo, DESCRIPTOR, old, new)
    problem = only_error(fixture_repo)
    line = line_of(fixture_repo, DESCRIPTOR, new.split("\n")[0])  # the check's `- type:` line
    assert problem.code == "check-config"
    assert problem.location().startswith(f"{DESCRIPTOR}:{line}:checks[")
    assert words in problem.message("en")


# A cell too long for a page -------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [MAX_CELL_CHARS + 1, 200_000])
def test_a_very_long_cell_is_a_warning(fixture_repo: Layout, length: int) -> None:
    replace(fixture_repo, CITIES, CEBU_EN, "C" * length)
    assert errors(fixture_repo) == []
    (warning,) = _warnings(fixture_repo)
    assert (warning.code, warning.location()) == ("cell-too-long", f"{CITIES}:2:summary_en")
    assert warning.message("en").startswith(
        f"this cell has {length:,} characters, more than the 5,000 a cell may have without a warning."
    )
    assert "split it into rows or columns" in warning.message("en")
    assert f"このセルは {length:,} 文字あり" in warning.message("ja")


def test_a_cell_at_the_limit_is_no_warning(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, CEBU_EN, "C" * MAX_CELL_CHARS)
    assert _warnings(fixture_repo) == []
    assert errors(fixture_repo) == []
