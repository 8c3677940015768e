"""Topics refer to resources and fields by name: a renamed table must not leave a dead link."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from sitegen.core.problems import Problem
from sitegen.model.packages import Package, Resource
from sitegen.model.topics import Topic, matching, resolve
from sitegen.validate import characters

#: The typed rows of a resource that validated, or None when it has none to offer.
RowsOf = Callable[[Resource], "list[dict[str, Any]] | None"]


def check_topic(
    topic: Topic,
    packages: Sequence[Package],
    rows_of: RowsOf | None = None,
    unreadable: Collection[str] = (),
) -> list[Problem]:
    """Every reference names a real resource and field, and every quoted figure's
    ``where`` picks a row: a renamed table or a moved year must not leave a dead link
    or an empty figure on the page. References into a package whose descriptor cannot
    be read (``unreadable``: its folder names) are not judged: that descriptor's own
    error says what is wrong, once, and its tables are not missing."""
    problems = []
    refs: list[tuple[str, str | None, str]] = [(ref, None, "datasets") for ref in topic.descriptor.get("datasets", [])]
    refs += [(f.get("resource", ""), f.get("field"), "figures") for f in topic.descriptor.get("figures", [])]
    for view in topic.descriptor.get("views", []):
        refs += [(s.get("resource", ""), s.get("y"), f"views.{view.get('name')}") for s in view.get("series", [])]
    for ref, field, where in refs:
        if str(ref).split("/", 1)[0] in unreadable:
            continue
        resource = resolve(packages, ref)
        if resource is None:
            detail = f"{where}: no resource {ref!r} (expected package/resource)"
            detail_ja = f"{where}: リソース {ref!r} がありません（パッケージ/リソース の形で指定します）"
        elif field and field not in {f["name"] for f in resource.fields}:
            names = ", ".join(f["name"] for f in resource.fields)
            detail = f"{where}: resource {ref!r} has no field {field!r} (its fields: {names})"
            detail_ja = f"{where}: リソース {ref!r} に列 {field!r} はありません（列: {names}）"
        else:
            continue
        values = {"detail": detail, "detail_ja": detail_ja}
        problems.append(Problem("topic-reference", topic.rel, column=where, values=values))
    problems += _text_problems(topic.rel, topic.descriptor)
    for index, figure in enumerate(topic.descriptor.get("figures", [])):
        resource = resolve(packages, str(figure.get("resource", "")))
        rows = rows_of(resource) if resource is not None and rows_of is not None else None
        if rows and not matching(rows, figure.get("where") or {}):
            detail = f"figures[{index}]: no row of {figure.get('resource')!r} has {figure.get('where')!r}"
            detail_ja = f"figures[{index}]: {figure.get('resource')!r} に {figure.get('where')!r} の行がありません"
            values = {"detail": detail, "detail_ja": detail_ja}
            problems.append(Problem("topic-reference", topic.rel, column="figures", values=values))
    return problems


def _text_problems(rel: str, node: Any, where: str = "") -> list[Problem]:
    """Every string of a topic page, held to the rules of the descriptors' text: no
    bidirectional control, invisible character or space look-alike, no full-width padding."""
    if isinstance(node, str):
        found = characters.text_problem(node, cell=False)
        return [Problem(found[0], rel, column=where or None, values=found[1])] if found else []
    if isinstance(node, Mapping):
        return [p for k, v in node.items() for p in _text_problems(rel, v, f"{where}.{k}" if where else str(k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _text_problems(rel, v, f"{where}[{i}]")]
    return []
