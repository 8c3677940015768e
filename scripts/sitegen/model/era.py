"""Japanese era years to Gregorian years.

The documents write years as 昭和45, 平成元, 令和5年度 and the like; the data
publishes Gregorian integers and keeps the era wording only as a label.
"""

from __future__ import annotations

import re
import unicodedata

#: Gregorian year of each era's year 0 (so that era year N is OFFSET + N).
ERA_OFFSETS: dict[str, int] = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
ERA_ROMAJI: dict[str, str] = {
    "明治": "Meiji",
    "大正": "Taisho",
    "昭和": "Showa",
    "平成": "Heisei",
    "令和": "Reiwa",
}
#: Last era year of each era, so that 平成32 is refused rather than silently accepted.
ERA_LAST_YEAR: dict[str, int] = {"明治": 45, "大正": 15, "昭和": 64, "平成": 31}

_PATTERN = re.compile(r"^(明治|大正|昭和|平成|令和)\s*(元|\d{1,2})\s*(年度|年)?$")


class EraError(ValueError):
    """An era year that cannot be converted, with the reason in its message."""


def parse_era_year(text: str) -> tuple[str, int, str | None]:
    """Split ``令和5年度`` into (era, era_year, suffix). Full-width digits are accepted."""
    normalized = unicodedata.normalize("NFKC", text).strip()
    match = _PATTERN.match(normalized)
    if not match:
        raise EraError(f"not an era year: {text!r} (expected e.g. 昭和45年度, 平成元年, 令和5)")
    era, number, suffix = match.groups()
    year = 1 if number == "元" else int(number)
    if year < 1:
        raise EraError(f"era year must be 1 (元) or more: {text!r}")
    last = ERA_LAST_YEAR.get(era)
    if last is not None and year > last:
        raise EraError(f"{era} ended in its year {last}: {text!r}")
    return era, year, suffix


def to_gregorian(text: str) -> int:
    """``昭和45`` → 1970, ``平成元年度`` → 1989, ``令和5年度`` → 2023."""
    era, year, _ = parse_era_year(text)
    return ERA_OFFSETS[era] + year


def to_era_label(year: int, *, fiscal: bool = True) -> str:
    """1970 → ``昭和45年度``; the year an era begins is labelled with the new era (元)."""
    for era in ("令和", "平成", "昭和", "大正", "明治"):
        era_year = year - ERA_OFFSETS[era]
        if era_year >= 1:
            number = "元" if era_year == 1 else str(era_year)
            return f"{era}{number}{'年度' if fiscal else '年'}"
    raise EraError(f"year {year} is before the Meiji era")
