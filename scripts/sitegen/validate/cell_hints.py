"""Why a cell is not a number, in the words a contributor can act on.

Frictionless says only "type error". The usual causes in Japanese government tables are
few and recognisable: full-width digits, thousands separators, a unit or 約 in the
cell, an era year, a placeholder such as "-" or "…" for "no figure", and ▲ for minus.
Each gets its own code (the message is in ``messages.yml``) and, where it is certain,
the corrected value. A placeholder declared in the schema's ``missingValues`` never
reaches here: frictionless reads it as empty.

Before those: an invisible or direction-changing character in the cell gets its own
message (``characters.text_problem``), and so does a number written in exponent form
(``1e3``: write 1000) or one that is not finite (``NaN``, ``inf``, ``1e309``, which every
reader takes for infinity): such a cell is not "a number with words or a unit ('e309')".
``canonical`` is the one form of a plain number, which ``csv_scan`` requires.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sitegen.model.era import EraError, to_gregorian
from sitegen.validate import characters

#: What tables print for "no figure": refused in a number column unless declared missing.
PLACEHOLDERS = frozenset(
    ["-", "－", "‐", "−", "―", "—", "–", "…", "...", "‥", "・", "x", "X", "×", "*", "＊", "***", "n.a.", "NA", "N/A"]
)
QUALIFIERS = {
    "約": "approx",
    "およそ": "approx",
    "以上": "at-least",
    "超": "more-than",
    "以下": "at-most",
    "未満": "less-than",
    "前後": "around",
}
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_ANY_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?")
_EXPONENT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$")
_NOT_A_NUMBER = re.compile(r"^[+-]?(?:nan|inf|infinity)$", re.IGNORECASE)
_ERA_LETTER = re.compile(r"^([MTSHR])\.?\s*(\d{1,2})$", re.IGNORECASE)
_ERA_BY_LETTER = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
NUMERIC_TYPES = {"integer", "number", "year"}
#: The most digits a number in exponent form is written out with in a message.
MAX_DIGITS = 30


def canonical(plain: str) -> str:
    """A plain number (``-?digits[.digits]``) in its one form, the form the page and the
    JSON download show: ``007`` → 7, ``-0`` → 0, ``85.50`` → 85.5, ``3.0`` → 3."""
    sign, digits = ("-", plain[1:]) if plain.startswith("-") else ("", plain)
    whole, _, decimals = digits.partition(".")
    whole, decimals = whole.lstrip("0") or "0", decimals.rstrip("0")
    number = f"{whole}.{decimals}" if decimals else whole
    return number if number == "0" else sign + number


def not_canonical(plain: str) -> dict[str, str]:
    """The canonical form of a plain number and what makes ``plain`` differ from it."""
    fixed = canonical(plain)
    digits = plain.lstrip("-")
    whole, _, decimals = digits.partition(".")
    reasons = []
    if len(whole) > 1 and whole.startswith("0"):
        reasons.append(("leading zeros", "先頭に0を付けた形"))
    if plain.startswith("-") and fixed == "0":
        reasons.append(("a minus sign on zero", "0に負号を付けた形"))
    if decimals.endswith("0"):
        reasons.append(("zeros at the end of its decimals", "小数部の末尾に0を付けた形"))
    return {
        "fixed": fixed,
        "reason": " and ".join(en for en, _ in reasons),
        "reason_ja": "・".join(ja for _, ja in reasons),
    }


def _not_plain_number(text: str, field: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """A number in exponent form (``1e3``), or one that is not finite (``NaN``, ``1e309``)."""
    if _NOT_A_NUMBER.match(text):
        word = text.lstrip("+-").lower()
        reason = ("it means 'not a number'", "「数値でない」という意味です") if word == "nan" else None
        reason = reason or ("it means infinity", "無限大という意味です")
        return "cell-not-finite", {"cell": text, "reason": reason[0], "reason_ja": reason[1]}
    if not math.isfinite(float(text)):
        reason = (
            "written with an exponent, it is beyond the largest number the downloads and charts can hold, "
            "and reads as infinity",
            "指数表記で、ダウンロードのファイルやグラフが扱える最大の数を超えるため、無限大として読まれます",
        )
        return "cell-not-finite", {"cell": text, "reason": reason[0], "reason_ja": reason[1]}
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if abs(value.adjusted()) > MAX_DIGITS:
        reason = (
            f"written with an exponent, it would take more than {MAX_DIGITS} digits; no figure of a document "
            "is that large or that small",
            f"指数表記で、書き下すと{MAX_DIGITS}桁を超えます。資料の数値がこれほど大きく（小さく）なることはありません",
        )
        return "cell-not-finite", {"cell": text, "reason": reason[0], "reason_ja": reason[1]}
    if field.get("type") != "number" and value != value.to_integral_value():
        return None  # not a whole number: a type error as it is
    return "cell-not-plain", {"cell": text, "fixed": canonical(format(value, "f"))}


def _plain(value: str) -> str:
    """A number as the CSV rules want it: no separators, ASCII."""
    return value.replace(",", "")


def _era(cell: str) -> int | None:
    text = unicodedata.normalize("NFKC", cell).strip()
    letter = _ERA_LETTER.match(text)
    if letter:
        text = _ERA_BY_LETTER[letter.group(1).upper()] + letter.group(2)
    try:
        return to_gregorian(text)
    except EraError:
        return None


def _qualifier(text: str) -> tuple[str, str] | None:
    for word, value in QUALIFIERS.items():
        if word in text:
            number = _ANY_NUMBER.search(text.replace(word, ""))
            if number:
                return value, _plain(number.group())
    return None


def hint(cell: Any, field: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(code, values) for a numeric cell frictionless could not read, or None."""
    if field.get("type") not in NUMERIC_TYPES or not isinstance(cell, str):
        return None
    invisible = characters.text_problem(cell, cell=True)
    if invisible and invisible[0] != "text-padding":
        code, values = invisible
        digits = "".join(characters.without_invisible(cell).split())
        return code, {**values, "fixed": digits}
    text = cell.strip()
    normalized = unicodedata.normalize("NFKC", text)
    if _EXPONENT.match(normalized) or _NOT_A_NUMBER.match(normalized):
        not_plain = _not_plain_number(normalized, field)  # None: not a whole number, a type error
        return (not_plain[0], {**not_plain[1], "cell": cell}) if not_plain else None
    if text in PLACEHOLDERS:
        return "cell-placeholder", {"cell": cell}
    if text[:1] in "▲△":
        number = _plain(unicodedata.normalize("NFKC", text[1:]).strip())
        if _NUMBER.match(number):
            return "cell-triangle-minus", {"cell": cell, "fixed": f"-{number}"}
    year = _era(text)
    if year is not None:
        return "cell-era-year", {"cell": cell, "fixed": year}
    if normalized != text and (_NUMBER.match(normalized) or _GROUPED.match(normalized)):
        return "cell-fullwidth-digits", {"cell": cell, "fixed": _plain(normalized)}
    if _GROUPED.match(text):
        return "cell-thousands-separator", {"cell": cell, "fixed": _plain(text)}
    qualifier = _qualifier(normalized)
    if qualifier:
        return "cell-qualifier", {"cell": cell, "qualifier": qualifier[0], "fixed": qualifier[1]}
    found = _ANY_NUMBER.search(normalized)
    if found:
        words = (normalized[: found.start()] + " " + normalized[found.end() :]).strip()
        return "cell-unit", {"cell": cell, "words": words, "unit": field.get("unit") or "-"}
    return None
