"""How a date reads: 2027年6月30日 / 30 June 2027, from the ISO 8601 the descriptors hold.

A descriptor gives a date as precisely as its source does (``2025``, ``2025-03``,
``2025-03-31``); each reads at that precision. Anything else is shown as written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def iso(value: Any) -> str:
    """A descriptor's date (YAML reads 2027-06-30 as a date) as ISO 8601 text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def parts(value: Any) -> tuple[int, ...]:
    """(year,), (year, month) or (year, month, day) of an ISO date; () if it is none."""
    match = _ISO.match(iso(value))
    if not match:
        return ()
    numbers = tuple(int(p) for p in match.groups() if p is not None)
    if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
        return ()
    if len(numbers) == 3:
        try:
            dt.date(*numbers)
        except ValueError:
            return ()
    return numbers


def year_of(value: Any) -> int | None:
    found = parts(value)
    return found[0] if found else None


def date_words(value: Any, lang: str) -> str:
    """The date as a reader writes it: 2027年6月30日 / 30 June 2027, 2025年3月 / March 2025."""
    found = parts(value)
    if not found:
        return iso(value)
    if lang == "ja":
        units = ("年", "月", "日")
        return "".join(f"{number}{unit}" for number, unit in zip(found, units, strict=False))
    if len(found) == 1:
        return str(found[0])
    month = MONTHS_EN[found[1] - 1]
    return f"{found[2]} {month} {found[0]}" if len(found) == 3 else f"{month} {found[0]}"
