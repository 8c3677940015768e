"""The characters rule L1-08 (機種依存文字を使用していないか) keeps out of what we publish.

One definition for the source CSVs (``csv_scan``) and for every published file
(``machine_readability``): a character Windows' CP932 has and JIS X 0208 has not (the
NEC and IBM extensions: ①, Ⅱ, ㈱, ㍻, ∑, 髙, and ～ U+FF5E, which other systems map to
〜 U+301C), half-width katakana, and full-width Latin letters and digits (１, Ａ), which
search and matching treat as different from 1 and A.
"""

from __future__ import annotations

import re
import unicodedata
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


@lru_cache(maxsize=1)
def pattern() -> re.Pattern[str]:
    """Every such character, as one character class (searching a whole file is fast)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x80, 0x10000):
        if platform_dependent(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}]")


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
