"""Captions that name the last year of a table, checked against the data.

A title or a description often says up to when a table runs: 「昭和45年度〜令和5年度」,
"FY1970–FY2023", 「令和5年度まで」, "to FY2023". When next year's row is added, such a
caption is no longer true, and nothing but a reader would notice. Each caption of a
resource (``title``, ``description`` and those of every view, in both languages) is read
for the years it names: Gregorian (2023, 2023年, 2023年度, FY2023), era years (令和5年度,
平成元年, 令和2〜5年度; ``model.era``) and ranges (–, 〜, ~, まで, "to", "until", "through").

- ``caption-stale`` (an error): the caption names no year as late as the data's last year,
  and it presents one of its years as the end of a range or with まで/"to", so it says
  the table stops there. A range that ends earlier beside a mention of the last year
  (「令和2〜5年度は…、令和6年度は…」) is a statement about part of the data, not stale.
- ``caption-latest`` (a warning for the reviewer, never shown on the site): the caption's
  latest year is the data's last but one, without being presented as an end
  (「令和5年度末は342人でした」 once FY2024 is added): written as the latest figure a year
  ago, true, but perhaps no longer what it means to say. Other years inside the data
  (「平成30年度の見直し」) are statements about those years and are not reported.

Years after the data's last (a target "by 2025") never make a caption stale.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sitegen.core.problems import Problem, has_errors
from sitegen.model.descriptors import KeyPath
from sitegen.model.era import ERA_LAST_YEAR, ERA_OFFSETS
from sitegen.model.packages import Resource
from sitegen.validate.checks import Row
from sitegen.validate.temporal import coverage, years

CAPTION_KEYS = ("title", "title_en", "description", "description_en")
_ERAS = "|".join(ERA_OFFSETS)
#: What follows a number that is a count, not a year: 2000人, 2024件, 1980円.
_COUNTS = "人|件|円|万|億|千|か|ヶ|名|%|回|ドル|国|社|校|大学|people|persons|yen|dollars|times"
_NOT_YEAR = rf"(?!\d|[,.]\d|\s*(?:{_COUNTS}))"
_MENTION = re.compile(
    rf"(?P<era>{_ERAS})\s*(?P<era_year>元|\d{{1,2}})(?!\d)"
    rf"(?P<more>(?:\s*[・、,]\s*\d{{1,2}}(?!\d))*)(?:\s*(?P<era_suffix>年度|年))?"
    rf"|(?P<fy>FY)\s*(?P<fy_year>\d{{4}}){_NOT_YEAR}"
    rf"|(?<![0-9A-Za-z])(?<!\d[,.])(?P<year>(?:19|20)\d\d){_NOT_YEAR}(?:\s*(?P<suffix>年度|年))?"
)
#: After a year: 「〜5年度」「–23」, a range's end given by its last digits.
_SHORT_END = re.compile(r"\s*[〜~–—]\s*(?P<digits>\d{1,2})(?!\d)(?:\s*(?P<suffix>年度|年))?")
#: Before a year that ends a range: 〜 – ~ —, a hyphen between two years, "to", "until".
_END_BEFORE = re.compile(
    r"(?:[〜~–—]|(?<=\d)-|\b(?:to|until|till|through|thru|up\s+to)\s+(?:the\s+end\s+of\s+)?)\s*$", re.IGNORECASE
)
#: After a year that ends a range: まで (not までに, "by"), after 末 or a bracket.
_END_AFTER = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:末|時点)?\s*まで(?!に)")


@dataclass(frozen=True)
class Mention:
    year: int
    fiscal: bool
    text: str
    #: Presented as the last year of a range (…〜令和5年度, …まで, to FY2023).
    end: bool


def _era_year(era: str, number: str) -> int | None:
    year = 1 if number == "元" else int(number)
    last = ERA_LAST_YEAR.get(era)
    if year < 1 or (last is not None and year > last):
        return None
    return ERA_OFFSETS[era] + year


def _is_end(text: str, start: int, stop: int) -> bool:
    return bool(_END_BEFORE.search(text[:start]) or _END_AFTER.match(text[stop:]))


def mentions(caption: str) -> list[Mention]:
    """Every year a caption names, in order, and whether it is presented as an end."""
    text = unicodedata.normalize("NFKC", caption)
    found: list[Mention] = []
    for match in _MENTION.finditer(text):
        start, stop = match.span()
        if match.group("era"):
            era = match.group("era")
            fiscal = match.group("era_suffix") == "年度"
            years = [match.group("era_year"), *re.findall(r"\d{1,2}", match.group("more") or "")]
            for index, number in enumerate(years):
                year = _era_year(era, number)
                if year is not None:
                    last = index == len(years) - 1
                    found.append(Mention(year, fiscal, match.group(), last and _is_end(text, start, stop)))
            first = _era_year(era, years[-1])
        elif match.group("fy"):
            first = int(match.group("fy_year"))
            fiscal = True
            found.append(Mention(first, True, match.group(), _is_end(text, start, stop)))
        else:
            first = int(match.group("year"))
            fiscal = match.group("suffix") == "年度"
            found.append(Mention(first, fiscal, match.group(), _is_end(text, start, stop)))
        short = _SHORT_END.match(text, stop)
        if short is None or first is None:
            continue
        digits = short.group("digits")
        era = match.group("era")
        year = _era_year(era, digits) if era else first - first % 100 + int(digits)
        if year is not None and year > first:
            fiscal = fiscal or short.group("suffix") == "年度"
            text_of = match.group() + short.group()
            found.append(Mention(year, fiscal, text_of.strip(), True))
    return found


def captions(resource: Resource) -> Iterator[tuple[KeyPath, str, str]]:
    """(key path, name for the message, text) of every caption of a resource."""
    for key in CAPTION_KEYS:
        value = resource.descriptor.get(key)
        if isinstance(value, str):
            yield (*resource.key_path, key), f"`{key}`", value
    for index, view in enumerate(resource.views):
        for key in CAPTION_KEYS:
            value = view.get(key)
            if isinstance(value, str):
                name = f"`views[{index}].{key}` ({view.get('name', '')})"
                yield (*resource.key_path, "views", index, key), name, value


def _year_words(year: int, fiscal: bool, lang: str) -> str:
    if lang == "ja":
        return f"{year}年度" if fiscal else f"{year}年"
    return f"FY{year}" if fiscal else str(year)


def _findings(resource: Resource, rows: Sequence[Row], read: Sequence[Problem]) -> Iterator[Problem]:
    if has_errors(list(read)):  # a row may have lost its year: the data's last year is not known
        return
    covered = coverage(resource, rows)
    if covered is None:
        return
    last = covered.end.year
    last_fiscal = covered.end.kind == "fiscal"
    #: The last year before the data's last: what a caption written a year ago called the latest.
    previous = [year for year in years(resource, rows) if year < last][-1:]
    for at, name, caption in captions(resource):
        found = mentions(caption)
        if not found or max(m.year for m in found) >= last:
            continue
        ends = [m for m in found if m.end]
        latest = max(found, key=lambda m: m.year)
        if not ends and [latest.year] != previous:
            continue  # years inside the data, none presented as the last: a statement about them
        named = max(ends, key=lambda m: m.year) if ends else latest
        values: dict[str, Any] = {
            "caption": name,
            "mention": named.text,
            "named": _year_words(named.year, named.fiscal, "en"),
            "named_ja": _year_words(named.year, named.fiscal, "ja"),
            "last": _year_words(last, last_fiscal, "en"),
            "last_ja": _year_words(last, last_fiscal, "ja"),
        }
        if ends:
            yield resource.package.problem("caption-stale", at, **values)
        else:
            yield _as_warning(resource.package.problem("caption-latest", at, **values))


def _as_warning(problem: Problem) -> Problem:
    return Problem(problem.code, problem.path, problem.row, problem.column, "warning", problem.values)


def stale_captions(resource: Resource, rows: Sequence[Row], read: Sequence[Problem] = ()) -> list[Problem]:
    """Errors: captions that say the table ends at a year the data has moved past.
    ``read``: the problems found reading the table (none is judged after an error)."""
    return [p for p in _findings(resource, rows, read) if p.severity == "error"]


def dated_captions(resource: Resource, rows: Sequence[Row], read: Sequence[Problem] = ()) -> list[Problem]:
    """Warnings for the reviewer: captions whose latest year the data has moved past."""
    return [p for p in _findings(resource, rows, read) if p.severity == "warning"]
