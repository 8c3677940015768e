"""Where each package stands: its version, its last change, how often its source is
published, when the next edition is expected, and whether that date has passed.

``make status`` prints it, the site publishes it as ``data/status.json``, and the
dataset pages word ``overdue`` for their readers. "Today" is always the build's date
(``core.reproducible.source_datetime``: SOURCE_DATE_EPOCH, else the last commit), so two
builds of one commit say the same thing.

A ``next_edition`` is as precise as its descriptor says: ``2027-06-30`` is overdue from
1 July 2027, ``2027-06`` from 1 July 2027, ``2027`` from 1 January 2028.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sitegen.model.packages import Package
from sitegen.model.releases import current_version, iso_partial_date
from sitegen.site.changelog import Entry, changelog, of_package
from sitegen.site.inputs import SiteInputs
from sitegen.site.output import Output


def next_edition(package: Package) -> str:
    """The package's ``next_edition`` as ISO 8601 text, or "" when it declares none."""
    value = package.descriptor.get("next_edition")
    return iso_partial_date(value) or ("" if value is None else str(value))


def expected_by(value: Any) -> dt.date | None:
    """The last day of the period an ISO 8601 date names (a day, a month or a year)."""
    found = iso_partial_date(value)
    if found is None:
        return None
    numbers = [int(part) for part in found.split("-")]
    if len(numbers) == 3:
        return dt.date(*numbers)
    year, month = numbers[0], numbers[1] if len(numbers) == 2 else 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def overdue(package: Package, today: dt.date) -> str | None:
    """The package's ``next_edition`` (ISO 8601, as declared) when ``today`` is past it;
    None when it is not, or when the package declares no next edition."""
    declared = next_edition(package)
    due = expected_by(declared)
    return declared if due is not None and today > due else None


def package_status(package: Package, entries: Sequence[Entry], today: dt.date) -> dict[str, Any]:
    """One package's line of ``make status`` and entry of ``status.json``."""
    own = of_package(entries, package)
    version = current_version(package.descriptor)
    periodicity = package.descriptor.get("accrualPeriodicity")
    return {
        "name": package.name,
        "title": {"ja": package.title("ja"), "en": package.title("en")},
        "version": str(version) if version else None,
        "last_change": own[0].day.isoformat() if own else None,
        "accrualPeriodicity": str(periodicity) if periodicity else None,
        "next_edition": next_edition(package) or None,
        "overdue": overdue(package, today) is not None,
    }


def status(packages: Iterable[Package], today: dt.date) -> dict[str, Any]:
    """Every package's status as of ``today`` (the build's date), sorted by name."""
    chosen = sorted(packages, key=lambda p: p.name)
    entries = changelog(chosen)
    return {"as_of": today.isoformat(), "packages": [package_status(p, entries, today) for p in chosen]}


def status_table(document: dict[str, Any]) -> str:
    """``make status``: one line per package, OVERDUE where the next edition is late."""
    header = ("package", "version", "last change", "periodicity", "next edition", "")
    rows = [header]
    for item in document["packages"]:
        rows.append(
            (
                item["name"],
                item["version"] or "-",
                item["last_change"] or "-",
                item["accrualPeriodicity"] or "-",
                item["next_edition"] or "-",
                "OVERDUE" if item["overdue"] else "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    late = sum(1 for item in document["packages"] if item["overdue"])
    lines.append(f"as of {document['as_of']}: {len(rows) - 1} packages, {late} overdue")
    return "\n".join(lines) + "\n"


#: Where the site publishes every package's status (next to the downloads).
STATUS_JSON = "data/status.json"


def status_json(site: SiteInputs) -> str:
    """``data/status.json``: ``make status`` as data, as of the build's date."""
    document = status(site.validation.packages, site.published.date())
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def publish_status(site: SiteInputs, out: Output) -> None:
    out.put(STATUS_JSON, status_json(site))
