"""Primary keys have a value in every key field of every row.

Table Schema forbids empty values in a primary key's fields (a key identifies a row;
a key with a hole identifies nothing), but frictionless flags a row only when the whole
key is empty. This finds the rest: one problem per empty key field, at its cell.
"""

from __future__ import annotations

from sitegen.core.problems import Problem
from sitegen.model.packages import Resource
from sitegen.validate.checks import Row, as_list


def key_fields(resource: Resource) -> list[str]:
    return as_list(resource.descriptor["schema"].get("primaryKey"))


def empty_key_fields(resource: Resource, rows: list[Row]) -> list[Problem]:
    keys = key_fields(resource)
    problems = []
    for number, row in rows:
        empty = [name for name in keys if row.get(name) is None]
        if empty and len(empty) < len(keys):  # a wholly empty key is frictionless' primary-key-empty
            for name in empty:
                values = {"field": name, "fields": ", ".join(keys)}
                problems.append(Problem("primary-key-null", resource.rel_path, number, name, "error", values))
    return problems
