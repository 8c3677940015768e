"""A declared inference applies to rows that exist: one that matches none is a typo
(a renamed category, a year that moved) and would leave a claim about nothing."""

from __future__ import annotations

from sitegen.core.problems import Problem
from sitegen.model.inferences import inferences
from sitegen.model.packages import Resource
from sitegen.validate.checks import Row


def unmatched_inferences(resource: Resource, rows: list[Row]) -> list[Problem]:
    problems = []
    for index, inference in enumerate(inferences(resource)):
        if not any(inference.applies_to(row) for _, row in rows):
            at = (*resource.key_path, "inferences", index, "where")
            where = ", ".join(f"{k}={v}" for k, v in inference.where.items()) or "(every row)"
            problems.append(resource.package.problem("inference-no-rows", at, "where", id=inference.id, where=where))
    return problems
