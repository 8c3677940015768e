"""Topics refer to resources and fields by name: a renamed table must not leave a dead link."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sitegen.core.problems import Problem
from sitegen.model.packages import Package, Resource
from sitegen.model.topics import Topic, matching, resolve

#: The typed rows of a resource that validated, or None when it has none to offer.
RowsOf = Callable[[Resource], "list[dict[str, Any]] | None"]


def check_topic(topic: Topic, packages: Sequence[Package], rows_of: RowsOf | None = None) -> list[Problem]:
    """Every reference names a real resource and field, and every quoted figure's
    ``where`` picks a row: a renamed table or a moved year must not leave a dead link
    or an empty figure on the page."""
    problems = []
    refs: list[tuple[str, str | None, str]] = [(ref, None, "datasets") for ref in topic.descriptor.get("datasets", [])]
    refs += [(f.get("resource", ""), f.get("field"), "figures") for f in topic.descriptor.get("figures", [])]
    for view in topic.descriptor.get("views", []):
        refs += [(s.get("resource", ""), s.get("y"), f"views.{view.get('name')}") for s in view.get("series", [])]
    for ref, field, where in refs:
        resource = resolve(packages, ref)
        if resource is None:
            detail = f"{where}: no resource {ref!r} (expected package/resource)"
        elif field and field not in {f["name"] for f in resource.fields}:
            detail = f"{where}: resource {ref!r} has no field {field!r}"
        else:
            continue
        problems.append(Problem("topic-reference", topic.rel, column=where, values={"detail": detail}))
    for index, figure in enumerate(topic.descriptor.get("figures", [])):
        resource = resolve(packages, str(figure.get("resource", "")))
        rows = rows_of(resource) if resource is not None and rows_of is not None else None
        if rows and not matching(rows, figure.get("where") or {}):
            detail = f"figures[{index}]: no row of {figure.get('resource')!r} has {figure.get('where')!r}"
            problems.append(Problem("topic-reference", topic.rel, column="figures", values={"detail": detail}))
    return problems
