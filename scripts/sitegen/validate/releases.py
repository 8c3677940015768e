"""A package's editions, checked: its ``version``, its ``changes:`` log and its schedule.

The log is the public changelog and the versions list of the dataset pages, so it must
read in order: a semantic ``version``, entries newest first with strictly decreasing
versions, the newest one the package's ``version``, each dated (ISO 8601), of a known
kind and summarised in both languages (the pair lint reports a ``summary`` without its
``summary_en``). ``accrualPeriodicity`` and ``next_edition`` say when to expect the
next edition; ``document_date`` / ``document_year`` when the document is from. Whether
the version went up by the right step is a question for the base branch
(``review/bump.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sitegen.core.problems import Problem
from sitegen.model.packages import Package
from sitegen.model.releases import KINDS, PERIODICITIES, Version, iso_date, iso_month, iso_partial_date, parse_version

#: The keys of a ``changes:`` entry that must be there (``summary`` in both languages).
REQUIRED = ("version", "date", "kind")
#: The forms of a date, as the messages name them (English, Japanese).
DATE = ("an ISO date (YYYY-MM-DD, e.g. 2027-06-30)", "ISO 8601 の日付（YYYY-MM-DD。例: 2027-06-30）")
MONTH = ("a year and month (YYYY-MM, e.g. 2027-06) or a date", "年月（YYYY-MM。例: 2027-06）または日付")
PARTIAL = (
    "an ISO year, year-month or date (2025, 2025-04, 2025-04-01)",
    "西暦の年・年月・日付（2025、2025-04、2025-04-01）",
)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _dates(package: Package) -> list[Problem]:
    """``next_edition``, ``document_date`` and ``document_year``, each in its form."""
    desc = package.descriptor
    forms: tuple[tuple[str, Callable[[Any], str | None], tuple[str, str]], ...] = (
        ("next_edition", iso_month, MONTH),
        ("document_date", iso_partial_date, PARTIAL),
        ("document_year", iso_partial_date, PARTIAL),
    )
    problems = []
    for key, parse, (form, form_ja) in forms:
        value = desc.get(key)
        if value is None or parse(value) is not None:
            continue
        if key == "document_year" and not (isinstance(value, int) or str(value).isdigit()):
            form, form_ja = "a year (e.g. 2025)", "西暦の年（例: 2025）"
        values = {"where": "package", "key": key, "value": value, "form": form, "form_ja": form_ja}
        problems.append(package.problem("date-invalid", (key,), key, **values))
    return problems


def _entry(package: Package, index: int, raw: Any) -> tuple[list[Problem], Version | None]:
    """The problems of one entry of the log, and its version when it has a sound one."""
    where = ("changes", index)
    label = f"changes[{index}]"
    if not isinstance(raw, Mapping):
        detail = f"the entry is {type(raw).__name__}, not a mapping"
        detail_ja = "項目がキーと値の組になっていません"
        return [
            package.problem("changes-entry", where, "changes", where=label, detail=detail, detail_ja=detail_ja)
        ], None
    problems = []
    missing = [key for key in REQUIRED if _blank(raw.get(key))]
    if _blank(raw.get("summary")) and _blank(raw.get("summary_en")):  # one of the two: the pair lint says so
        missing.append("summary/summary_en")
    if missing:
        keys = ", ".join(f"`{key}`" for key in missing)
        detail, detail_ja = f"it has no {keys}", f"{keys} がありません"
        problems.append(
            package.problem("changes-entry", where, "changes", where=label, detail=detail, detail_ja=detail_ja)
        )
    version = parse_version(raw.get("version"))
    if version is None and not _blank(raw.get("version")):
        said = {
            "detail": f"`version` {raw['version']!r} is not MAJOR.MINOR.PATCH (e.g. 1.2.0)",
            "detail_ja": f"`version` の {raw['version']!r} が MAJOR.MINOR.PATCH の形（例: 1.2.0）ではありません",
        }
        problems.append(package.problem("changes-entry", (*where, "version"), "version", where=label, **said))
    if not _blank(raw.get("date")) and iso_date(raw["date"]) is None:
        form, form_ja = DATE
        values = {"where": label, "key": "date", "value": raw["date"], "form": form, "form_ja": form_ja}
        problems.append(package.problem("date-invalid", (*where, "date"), "date", **values))
    kind = raw.get("kind")
    if not _blank(kind) and kind not in KINDS:
        values = {"where": label, "key": "kind", "value": kind, "allowed": ", ".join(KINDS)}
        problems.append(package.problem("metadata-value", (*where, "kind"), "kind", **values))
    names = raw.get("resources")
    if names is not None:
        known = [r.get("name") for r in package.descriptor.get("resources") or [] if isinstance(r, Mapping)]
        listed = names if isinstance(names, list) else [names]
        for name in listed:
            if name not in known:
                values = {"where": label, "value": name, "resources": ", ".join(str(n) for n in known)}
                problems.append(package.problem("changes-resource", (*where, "resources"), "resources", **values))
    return problems, version


def _log(package: Package, version: Version | None) -> list[Problem]:
    """The ``changes:`` log: each entry, their order, and the newest one's version."""
    log = package.descriptor.get("changes")
    if not isinstance(log, list) or not log:
        return [package.problem("changes-missing", ("changes",) if log is not None else (), "changes")]
    problems: list[Problem] = []
    previous: Version | None = None
    for index, raw in enumerate(log):
        found, entry_version = _entry(package, index, raw)
        problems += found
        if entry_version is None:
            continue
        if previous is not None and not entry_version < previous:
            values = {"index": index, "version": str(entry_version), "previous": str(previous)}
            problems.append(package.problem("changes-order", ("changes", index, "version"), "version", **values))
        if index == 0 and version is not None and entry_version != version:
            values = {"first": str(entry_version), "version": str(version)}
            problems.append(package.problem("changes-version", ("changes", 0, "version"), "version", **values))
        previous = entry_version
    return problems


def release_problems(package: Package) -> list[Problem]:
    """Every problem of the package's version, changes log and schedule, at its line."""
    desc = package.descriptor
    problems: list[Problem] = []
    raw = desc.get("version")
    version = parse_version(raw)
    if _blank(raw):
        problems.append(package.problem("version-missing", (), "version"))
    elif version is None:
        problems.append(package.problem("version-invalid", ("version",), "version", value=raw))
    problems += _log(package, version)
    periodicity = desc.get("accrualPeriodicity")
    if periodicity is not None and periodicity not in PERIODICITIES:
        values = {"where": "package", "key": "accrualPeriodicity", "value": periodicity}
        where = ("accrualPeriodicity",)
        problems.append(
            package.problem("metadata-value", where, "accrualPeriodicity", **values, allowed=", ".join(PERIODICITIES))
        )
    return problems + _dates(package)
