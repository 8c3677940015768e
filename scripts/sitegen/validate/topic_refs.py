"""Topics refer to resources and fields by name: a renamed table must not leave a dead link."""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.core.problems import Problem
from sitegen.model.packages import Package
from sitegen.model.topics import Topic, resolve


def check_topic(topic: Topic, packages: Sequence[Package]) -> list[Problem]:
    """Every reference names a real resource and field: a renamed table must not leave a dead link."""
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
    return problems
