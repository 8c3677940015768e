"""The period a table covers, read from its rows, and a declared ``temporal`` checked against it.

A table's period is the earliest and the latest value of its time fields (``role: time``
or a ``time_kind``), so that adding next year's row moves it without another edit. A
value is a year (``2023``), a year-month or a date (its year), or text in the key-figures
form (``2024``, ``2024-12-31``, ``FY2024``: a Japanese fiscal year). A year of a field
with ``time_kind: fiscal`` (or written ``FY``) is a fiscal year; any other a calendar year.

``temporal: {kind, start, end}`` may still be declared: it is the period of a table that
has no time column (every row is of one year the title names), and elsewhere it must say
what the data says (``temporal-mismatch``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sitegen.core.problems import Problem, has_errors
from sitegen.model.fields import is_time
from sitegen.model.packages import Resource
from sitegen.validate.checks import Row

KINDS = ("fiscal", "calendar")
_TEXT_YEAR = re.compile(r"^\s*(FY)?\s*(\d{4})(?!\d)")


@dataclass(frozen=True, order=True)
class Year:
    year: int
    kind: str  # "fiscal" or "calendar"


@dataclass(frozen=True)
class Coverage:
    """The first and the last year of a table, and the time fields they were read from
    (none when the period is the declared ``temporal``)."""

    start: Year
    end: Year
    fields: tuple[str, ...] = ()

    @property
    def kind(self) -> str | None:
        """``fiscal`` or ``calendar``; None when the first and the last year differ in kind."""
        return self.start.kind if self.start.kind == self.end.kind else None

    @property
    def from_data(self) -> bool:
        return bool(self.fields)


def year_of(value: Any, kind: str = "calendar") -> Year | None:
    """The year of a time value: an integer, anything with an integer ``year`` (year-months,
    dates), or text starting with a year (``FY`` for a fiscal one); None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Year(value, kind)
    year = getattr(value, "year", None)
    if isinstance(year, int) and not isinstance(year, bool):
        return Year(year, kind)
    if isinstance(value, str):
        match = _TEXT_YEAR.match(value)
        if match:
            return Year(int(match.group(2)), "fiscal" if match.group(1) else kind)
    return None


def data_coverage(resource: Resource, rows: Iterable[Row]) -> Coverage | None:
    """The earliest and the latest year in the time fields of the validated rows."""
    fields = [(str(f["name"]), f.get("time_kind")) for f in resource.fields if is_time(f)]
    if not fields:
        return None
    kinds = {name: str(kind) if kind in KINDS else "calendar" for name, kind in fields}
    start: Year | None = None
    end: Year | None = None
    used: set[str] = set()
    for _, row in rows:
        for name, kind in kinds.items():
            year = year_of(row.get(name), kind)
            if year is None:
                continue
            used.add(name)
            # The earlier year first; at the same year, a calendar year starts earlier
            # (January) and a fiscal year ends later (March of the next year).
            if start is None or (year.year, year.kind == "fiscal") < (start.year, start.kind == "fiscal"):
                start = year
            if end is None or (year.year, year.kind == "fiscal") > (end.year, end.kind == "fiscal"):
                end = year
    if start is None or end is None:
        return None
    return Coverage(start, end, tuple(name for name, _ in fields if name in used))


def years(resource: Resource, rows: Iterable[Row]) -> list[int]:
    """Every year the time fields of the rows name, in order, each once."""
    names = [str(f["name"]) for f in resource.fields if is_time(f)]
    found = {year.year for _, row in rows for name in names if (year := year_of(row.get(name))) is not None}
    return sorted(found)


def declared_coverage(resource: Resource) -> Coverage | None:
    """The declared ``temporal``, when it is well formed (``temporal-invalid`` otherwise)."""
    temporal = resource.descriptor.get("temporal")
    if not isinstance(temporal, Mapping) or _invalid(temporal):
        return None
    kind = str(temporal["kind"])
    start = int(temporal["start"])
    return Coverage(Year(start, kind), Year(int(temporal.get("end", start)), kind))


def coverage(resource: Resource, rows: Iterable[Row]) -> Coverage | None:
    """The period of a table: from its data when it has time values, else as declared."""
    return data_coverage(resource, rows) or declared_coverage(resource)


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999


def _invalid(temporal: Mapping[str, Any]) -> tuple[str, str] | None:
    """What is wrong with a declared ``temporal`` (in English and Japanese), or None."""
    kind, start = temporal.get("kind"), temporal.get("start")
    end = temporal.get("end", start)
    if kind not in KINDS:
        return (
            f"`kind` is {kind!r}; it must be fiscal or calendar",
            f"kind が {kind!r} です。fiscal か calendar にします",
        )
    if not _is_year(start):
        return f"`start` is {start!r}, not a Gregorian year", f"start が {start!r} で、西暦の年ではありません"
    if not _is_year(end):
        return f"`end` is {end!r}, not a Gregorian year", f"end が {end!r} で、西暦の年ではありません"
    if end < start:
        return f"`end` ({end}) is before `start` ({start})", f"end（{end}）が start（{start}）より前です"
    unknown = ", ".join(sorted(str(key) for key in temporal if key not in ("kind", "start", "end")))
    if unknown:
        return (
            f"it has {unknown}; only kind, start and end are read",
            f"{unknown} は読み取りません（kind、start、end のみ）",
        )
    return None


def words(covered: Coverage, lang: str = "en") -> str:
    """FY1970–FY2024 / 1970年度〜2024年度: a period in a message."""

    def one(year: Year) -> str:
        if lang == "ja":
            return f"{year.year}年度" if year.kind == "fiscal" else f"{year.year}年"
        return f"FY{year.year}" if year.kind == "fiscal" else str(year.year)

    if covered.start == covered.end:
        return one(covered.start)
    return f"{one(covered.start)}{'〜' if lang == 'ja' else '–'}{one(covered.end)}"


def temporal_problems(resource: Resource, rows: Iterable[Row], read: Sequence[Problem] = ()) -> list[Problem]:
    """A declared ``temporal`` that is malformed, or that disagrees with the data.

    ``read``: the problems found reading the table. When one is an error, a row may have
    lost its year (an era year in the year column), and the period is not judged from
    them: the one cause is reported once."""
    if "temporal" not in resource.descriptor:
        return []
    temporal = resource.descriptor["temporal"]
    at = (*resource.key_path, "temporal")
    if not isinstance(temporal, Mapping):
        reason: tuple[str, str] | None = ("it is not a mapping", "kind、start、end の組になっていません")
    else:
        reason = _invalid(temporal)
    if reason:
        return [resource.package.problem("temporal-invalid", at, "temporal", detail=reason[0], detail_ja=reason[1])]
    if has_errors(list(read)):
        return []
    declared = declared_coverage(resource)
    data = data_coverage(resource, rows)
    if declared is None or data is None:
        return []
    kinds_agree = data.kind is None or data.kind == declared.kind
    if (declared.start.year, declared.end.year) == (data.start.year, data.end.year) and kinds_agree:
        return []
    kind = data.kind or declared.kind
    return [
        resource.package.problem(
            "temporal-mismatch",
            at,
            "temporal",
            declared=words(declared),
            declared_ja=words(declared, "ja"),
            data=words(data),
            data_ja=words(data, "ja"),
            fields=", ".join(data.fields),
            fix=f"{{kind: {kind}, start: {data.start.year}, end: {data.end.year}}}",
        )
    ]
