"""The characters rule L1-08 (機種依存文字を使用していないか) keeps out of what we publish.

One definition for the source CSVs (``csv_scan``) and for every published file
(``machine_readability``): a character Windows' CP932 has and JIS X 0208 has not (the
NEC and IBM extensions: ①, Ⅱ, ㈱, ㍻, ∑, 髙, and ～ U+FF5E, which other systems map to
〜 U+301C), half-width katakana, and full-width Latin letters and digits (１, Ａ), which
search and matching treat as different from 1 and A.

And, in the same places, the invisible and direction-changing characters no table needs
(``invisible_kind``, ``text_problem``; the decisions on NBSP, U+3000 and U+2028/U+2029
are in the comment above ``BIDI``): CSV text cells (``csv_scan``), number cells
(``cell_hints``) and every string of a descriptor (``metadata_lint``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

_FULLWIDTH_ALNUM = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
_HALFWIDTH_KANA = (0xFF61, 0xFF9F)


def halfwidth_kana(char: str) -> bool:
    return _HALFWIDTH_KANA[0] <= ord(char) <= _HALFWIDTH_KANA[1]


def platform_dependent(char: str) -> bool:
    code = ord(char)
    if halfwidth_kana(char) or any(low <= code <= high for low, high in _FULLWIDTH_ALNUM):
        return True
    if code < 0x80 or code > 0xFFFF:
        return False
    try:
        char.encode("cp932")
    except UnicodeEncodeError:
        return False
    try:
        char.encode("shift_jis")
    except UnicodeEncodeError:
        return True
    return False


def character_class(codes: Iterable[int], refused: Callable[[str], object]) -> re.Pattern[str]:
    """Every character of ``codes`` that ``refused`` picks, as one character class (a
    whole file is searched at once, not character by character)."""
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if refused(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}]")


@lru_cache(maxsize=1)
def pattern() -> re.Pattern[str]:
    """Every such character, as one character class."""
    return character_class(range(0x80, 0x10000), platform_dependent)


def suggested(text: str) -> str:
    """The text in the project's transcription (methodology page), changing only the
    characters the rule refuses: circled numbers in brackets (① → （1）), ～ as 〜, the
    others by NFKC (Ｎ → N, － → -, Ⅱ → II, ㈱ → (株)); full-width brackets and
    punctuation elsewhere in the text stay as they are."""

    def one(match: re.Match[str]) -> str:
        char = match.group()
        if 0x2460 <= ord(char) <= 0x2473:
            return f"（{ord(char) - 0x2460 + 1}）"
        return "\u301c" if char == "\uff5e" else unicodedata.normalize("NFKC", char)

    return pattern().sub(one, text)


# Invisible and direction-changing characters ---------------------------------------------
#
# Not part of L1-08, but refused in the same places (CSV text cells and every string of a
# descriptor) for the same reason: what a reader sees must be what the file holds. The
# "Trojan Source" class of spoofing: a right-to-left override (U+202E) makes a page show
# "Japanesenationytila" for text stored in another order; a zero-width space makes two
# equal-looking names differ. Decisions (CONTRIBUTING.md, "Invisible characters and
# spaces", and its table of codes):
#
# * ``char-bidi``: the bidirectional controls U+202A–U+202E, U+2066–U+2069, U+200E,
#   U+200F and U+061C, anywhere. Fix: delete them.
# * ``char-invisible``: every other format character (Unicode category Cf: U+200B, U+200C,
#   U+200D, U+2060, U+FEFF inside text, the soft hyphen U+00AD, ...) and every control
#   character but the line feed (a quoted CSV cell may span lines) and the carriage
#   return (``csv-line-ends`` reports it, wherever it is). Fix: delete them.
# * ``char-space``: characters that look like a space or a line break but are not the
#   ordinary ones: NBSP (U+00A0) and the other Unicode spaces (U+2000–U+200A, U+202F,
#   U+205F, U+1680), the line and paragraph separators U+2028 and U+2029, and the tab.
#   No table needs them (they come with text copied out of web pages, PDFs and word
#   processors), and search, sorting and matching treat them as other characters. Fix: an
#   ordinary space (U+0020).
# * The full-width space U+3000 has legitimate uses inside Japanese text (「（　）内の数」,
#   between a family and a given name) and is accepted there; as leading or trailing
#   padding it is not (``text-padding``, with any other white space at the edges of a CSV
#   text cell).
#
# Positions are character offsets, counted from 1 within the cell or the string.

#: The bidirectional controls: embeddings, overrides, isolates and the implicit marks.
BIDI = frozenset(chr(code) for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: Spaces and separators that are not the ordinary ones (U+3000 is judged apart).
SPACE_LIKE = frozenset(
    chr(code) for code in (0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F)
)
FULL_WIDTH_SPACE = "\u3000"
#: The problem code of each kind, most serious first: a text with several kinds gets the first.
KIND_CODES = {"bidi": "char-bidi", "invisible": "char-invisible", "space": "char-space"}
#: How much of a long text a message shows, around the first character it is about.
SHOWN_CHARS = 80


def invisible_kind(char: str) -> str | None:
    """``bidi``, ``invisible`` or ``space`` for a refused character, else None."""
    if char in BIDI:
        return "bidi"
    if char in SPACE_LIKE:
        return "space"
    category = unicodedata.category(char)
    if category == "Cf" or (category == "Cc" and char not in "\n\r"):
        return "invisible"
    return None


@lru_cache(maxsize=1)
def invisible_pattern() -> re.Pattern[str]:
    """Every refused invisible character, as one character class (of the planes that
    hold format characters)."""
    return character_class((*range(0x20000), *range(0xE0000, 0xE1000)), invisible_kind)


def invisible(text: str) -> list[tuple[int, str]]:
    """(offset from 1, character) of every refused invisible character of ``text``."""
    return [(match.start() + 1, match.group()) for match in invisible_pattern().finditer(text)]


def without_invisible(text: str) -> str:
    """``text`` with bidirectional controls and invisible characters deleted and space
    look-alikes written as ordinary spaces."""

    def one(match: re.Match[str]) -> str:
        return " " if invisible_kind(match.group()) == "space" else ""

    return invisible_pattern().sub(one, text)


def _name(char: str) -> str:
    return unicodedata.name(char, "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "UNNAMED")


def _listed(found: list[tuple[int, str]], lang: str, limit: int = 5) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE) at character 6; ...``, or its Japanese wording."""
    if lang == "ja":
        parts = [f"{offset}文字目に U+{ord(char):04X}（{_name(char)}）" for offset, char in found[:limit]]
        more = f"、ほか{len(found) - limit}個" if len(found) > limit else ""
        return "、".join(parts) + more
    parts = [f"U+{ord(char):04X} ({_name(char)}) at character {offset}" for offset, char in found[:limit]]
    more = f"; and {len(found) - limit} more" if len(found) > limit else ""
    return "; ".join(parts) + more


def shown(text: str, offsets: set[int] | None = None, around: int | None = None) -> str:
    """``text`` as a message can show it: each character at ``offsets`` (from 1; by default
    every refused invisible one) written as ``<U+202E>``, so that nothing in the message
    is invisible or turns the line around; a long text cut to the part around the
    character at ``around`` (default: the first marked one)."""
    marked = {offset for offset, _ in invisible(text)} if offsets is None else offsets
    start, end = 0, len(text)
    if len(text) > SHOWN_CHARS:
        centre = (around or min(marked, default=1)) - 1
        start = max(0, min(centre - SHOWN_CHARS // 2, len(text) - SHOWN_CHARS))
        end = start + SHOWN_CHARS
    body = "".join(
        f"<U+{ord(char):04X}>" if index + 1 in marked or invisible_kind(char) else char
        for index, char in enumerate(text[start:end], start)
    )
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


def _edges(text: str, padding: str | None) -> tuple[int, int]:
    """How many characters of ``padding`` (None: any white space) lead and trail ``text``."""
    lead = len(text) - len(text.lstrip(padding))
    trail = len(text) - len(text.rstrip(padding)) if lead < len(text) else 0
    return lead, trail


def text_problem(text: str, *, cell: bool) -> tuple[str, dict[str, str]] | None:
    """(code, message values) for a text with refused invisible characters or padding.

    ``cell``: a CSV text cell, where no white space of any kind may lead or trail. In a
    descriptor, YAML already drops ordinary spaces around a value (and HTML collapses
    them), so only full-width spaces at the edges are padding there.
    """
    padding = None if cell else FULL_WIDTH_SPACE
    found = invisible(text)
    if found:
        kinds = {invisible_kind(char) for _, char in found}
        code = next(code for kind, code in KIND_CODES.items() if kind in kinds)
        offsets = {offset for offset, _ in found}
        return code, {
            "text": shown(text, offsets),
            "chars": _listed(found, "en"),
            "chars_ja": _listed(found, "ja"),
            "fixed": shown(without_invisible(text).strip(padding), set(), around=min(offsets)),
        }
    lead, trail = _edges(text, padding)
    if not lead and not trail:
        return None
    around = 1 if lead else len(text)
    edges = [
        (offset, text[offset - 1]) for offset in (*range(1, lead + 1), *range(len(text) - trail + 1, len(text) + 1))
    ]
    chars = sorted({char for _, char in edges})
    return "text-padding", {
        "text": shown(text, {offset for offset, _ in edges}, around=around),
        "edge": " and ".join(word for word, n in (("start", lead), ("end", trail)) if n),
        "edge_ja": "と".join(word for word, n in (("先頭", lead), ("末尾", trail)) if n),
        "chars": ", ".join(f"U+{ord(c):04X} ({_name(c)})" for c in chars),
        "chars_ja": "、".join(f"U+{ord(c):04X}（{_name(c)}）" for c in chars),
        "fixed": shown(text.strip(padding), set(), around=around),
    }
