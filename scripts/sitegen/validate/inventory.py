"""The coverage inventory: every table or figure of each document, with the resource
that publishes it or the reason it is not published. Nothing is dropped silently."""

from __future__ import annotations

from typing import Any

from sitegen.core.i18n import LANGS, key_for
from sitegen.core.problems import Problem
from sitegen.model.packages import Package

_HOW = "a published entry names its `resource`; an unpublished one gives `reason` and `reason_en`"
_HOW_JA = "公開する項目は `resource` を、公開しない項目は `reason` と `reason_en` を書きます"


def entries(package: Package) -> list[dict[str, Any]]:
    return [e for e in package.descriptor.get("inventory", []) if isinstance(e, dict)]


def inventory_problems(package: Package) -> list[Problem]:
    """An entry needs a label, and either an existing resource or a reason, in both
    languages; and every resource has an entry, or the coverage page would leave it out
    without a word."""
    names = {r.name for r in package.resources}
    problems = []
    if not entries(package):
        problems.append(Problem("inventory-missing", package.rel_descriptor, column="inventory"))
    listed = {str(e.get("resource")) for e in entries(package) if e.get("resource")}
    for table in package.resources if entries(package) else []:
        if table.name not in listed:
            problems.append(
                package.problem("inventory-unlisted", (*table.key_path, "name"), "inventory", name=table.name)
            )
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
                        values={
                            "detail": f"resource {resource!r} does not exist in this package",
                            "detail_ja": f"リソース {resource!r} はこのパッケージにありません",
                        },
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
                        "detail": f"missing {', '.join(missing)} ({_HOW})",
                        "detail_ja": f"{', '.join(missing)} がありません（{_HOW_JA}）",
                    },
                )
            )
    return problems
