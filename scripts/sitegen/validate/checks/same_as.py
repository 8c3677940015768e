"""A figure the document prints twice is stored twice only when both places are tables
of their own; then the copy says so, and this check holds it to its source.

    - type: same-as
      resource: dispatch-act-staff          # the table holding the figure first
      match: {fiscal_year: fiscal_year}     # this table's field: the source's field, to pair rows
      fields: {dispatched: dispatched, year_end: year_end}   # compared: this: source
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .base import ANY, NO_TABLES, RESOURCE, WHERE, CheckConfigError, CheckType, Finding, Param, Row, Tables, require
from .numbers import fmt


def _mapping(params: Mapping[str, Any], key: str) -> dict[str, str]:
    value = require(params, key)
    if isinstance(value, str):
        return {value: value}
    if isinstance(value, list):
        return {str(name): str(name) for name in value}
    if isinstance(value, Mapping) and value:
        return {str(k): str(v) for k, v in value.items()}
    raise CheckConfigError(
        f"`{key}` is a field, a list of fields, or a mapping of this table's fields to the source's",
        f"`{key}` は列、列の一覧、またはこの表の列から参照先の表の列への対応づけです",
    )


def run(params: Mapping[str, Any], rows: list[Row], tables: Tables = NO_TABLES) -> Iterator[Finding]:
    source = str(require(params, "resource"))
    match, fields = _mapping(params, "match"), _mapping(params, "fields")
    if source not in tables:
        raise CheckConfigError(
            f"`resource` names {source!r}, which is not a readable table of this package",
            f"`resource` の {source!r} は、このパッケージの読み込めた表ではありません",
        )
    source_rows = tables[source]
    names = set().union(*(row.keys() for _, row in source_rows)) if source_rows else set()
    unknown = [name for name in (*match.values(), *fields.values()) if source_rows and name not in names]
    if unknown:
        raise CheckConfigError(
            f"{source!r} has no field {unknown[0]!r}", f"{source!r} に列 {unknown[0]!r} はありません"
        )
    index: dict[tuple[Any, ...], Row] = {}
    for number, row in source_rows:
        index.setdefault(tuple(row.get(other) for other in match.values()), (number, row))
    where = params.get("where") or {}
    for number, row in rows:
        if not all(row.get(k) == v for k, v in where.items()):
            continue
        key = tuple(row.get(mine) for mine in match)
        found = index.get(key)
        if found is None:
            described = ", ".join(f"{other}={value}" for other, value in zip(match.values(), key, strict=True))
            yield Finding("same-as-missing", number, next(iter(match)), {"resource": source, "key": described})
            continue
        other_number, other = found
        for mine, theirs in fields.items():
            if row.get(mine) != other.get(theirs):
                values = {
                    "field": mine,
                    "value": fmt(row.get(mine)),
                    "resource": source,
                    "other_field": theirs,
                    "other": fmt(other.get(theirs)),
                    "other_row": other_number,
                }
                yield Finding("same-as", number, mine, values)


CHECK = CheckType(
    name="same-as",
    run=run,
    description="a figure this table repeats from another table of the package equals its source",
    params=(
        Param("resource", RESOURCE, "the table that holds the figures first", required=True),
        Param(
            "match",
            ANY,
            "this table's fields matched with the source's (`{field: source_field}` or a list)",
            required=True,
        ),
        Param("where", WHERE, "`{field: value}`: compare only this table's rows with these values"),
        Param("fields", ANY, "the fields compared (`{field: source_field}` or a list of shared names)", required=True),
    ),
    reader_text="check_same_as",
)
