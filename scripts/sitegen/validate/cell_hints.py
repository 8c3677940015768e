"""Why a cell is not a number, in the words a contributor can act on.

Frictionless says only "type error". The usual causes in Japanese government tables are
few and recognisable: full-width digits, thousands separators, a unit or 約 in the
cell, an era year, a placeholder such as "-" or "…" for "no figure", and ▲ for minus.
Each gets its own code (the message is in ``messages.yml``) and, where it is certain,
the corrected value. A placeholder declared in the schema's ``missingValues`` never
reaches here: frictionless reads it as empty.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from sitegen.model.era import EraError, to_gregorian

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
_ERA_LETTER = re.compile(r"^([MTSHR])\.?\s*(\d{1,2})$", re.IGNORECASE)
_ERA_BY_LETTER = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
NUMERIC_TYPES = {"integer", "number", "year"}


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
    text = cell.strip()
    normalized = unicodedata.normalize("NFKC", text)
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
