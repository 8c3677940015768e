"""The coverage inventory: every table or figure of each document, with the resource
that publishes it or the reason it is not published. Nothing is dropped silently."""

from __future__ import annotations

from typing import Any

from sitegen.core.i18n import LANGS, key_for
from sitegen.core.problems import Problem
from sitegen.model.packages import Package


def entries(package: Package) -> list[dict[str, Any]]:
    return [e for e in package.descriptor.get("inventory", []) if isinstance(e, dict)]


def inventory_problems(package: Package) -> list[Problem]:
    """An entry needs a label, and either an existing resource or a reason, in both languages."""
    names = {r.name for r in package.resources}
    problems = []
    if not entries(package):
        problems.append(Problem("inventory-missing", package.rel_descriptor, column="inventory"))
    for index, entry in enumerate(entries(package)):
        where = f"inventory[{index}] ({entry.get('id', '?')})"
        missing = [key_for("label", lang) for lang in LANGS if not entry.get(key_for("label", lang))]
        resource = entry.get("resource")
        if resource:
            if resource not in names:
                problems.append(
                    Problem(
                        "inventory-entry",
                        package.rel_descriptor,
                        column=where,
                        values={"detail": f"resource {resource!r} does not exist in this package"},
                    )
                )
        else:
            missing += [key_for("reason", lang) for lang in LANGS if not entry.get(key_for("reason", lang))]
        if missing:
            problems.append(
                Problem(
                    "inventory-entry",
                    package.rel_descriptor,
                    column=where,
                    values={
                        "detail": "missing "
                        + ", ".join(missing)
                        + " (a published entry names its `resource`; an unpublished one gives `reason` and `reason_en`)"
                    },
                )
            )
    return problems
