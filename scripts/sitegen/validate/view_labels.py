"""What a chart shows readers on an axis or in a legend: words, never ids.

A view that puts a text field on ``x``, ``color``, ``facet`` or ``heading`` draws that
field's values as tick labels, legend entries or panel titles. A code such as
``water-sanitation`` means nothing to a reader: such a field needs ``categories``
(each code with its Japanese and English label), which the charts then show. Values
that are already words (Japanese text, names) or points in time need none; so the rule
applies to a field whose values look like codes (lower-case letters and digits joined
by ``-`` or ``_``) and that declares no categories.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitegen.core.problems import Problem
from sitegen.model.packages import Resource
from sitegen.validate.checks import Row

#: The view keys whose field's values readers see as labels.
LABELLED = ("x", "color", "facet", "heading")
_CODE = re.compile(r"^(?=.*[a-z])[a-z0-9]+(?:[-_][a-z0-9]+)+$")


def id_labels(resource: Resource, rows: Sequence[Row]) -> list[Problem]:
    problems = []
    fields = {str(f["name"]): f for f in resource.fields}
    for index, view in enumerate(resource.views):
        for key in LABELLED:
            name = str(view.get(key))
            field = fields.get(name)
            if field is None or field.get("type") != "string" or field.get("categories"):
                continue
            codes = sorted({str(row[name]) for _, row in rows if _CODE.match(str(row.get(name) or ""))})
            if codes:
                where = (*resource.key_path, "views", index, key)
                problems.append(
                    resource.package.problem(
                        "view-id-labels",
                        where,
                        key,
                        view=view.get("name"),
                        key=key,
                        field=name,
                        examples=", ".join(codes[:3]),
                    )
                )
    return problems
