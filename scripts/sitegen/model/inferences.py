"""Values the document does not state as such, and notes that are not its words.

A curator sometimes has to infer a cell (a year the document implies but does not
print) or word a note in their own words. Both are declared in the descriptor, so the
page can say so and a reuser can tell a figure from an inference:

    inferences:
      - id: year-not-printed
        field: year
        where: {indicator: dispatched}     # the rows it applies to (all, if absent)
        text: 資料は年を記していない。……     # + text_en: what was inferred, and why

    notes:
      - {id: note-1, text: ..., text_en: ..., wording: paraphrase}   # not a quotation
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.model.packages import Resource

#: How a note relates to the document's words: ``quote`` (the default) or ``paraphrase``.
WORDINGS = ("quote", "paraphrase")


@dataclass(frozen=True)
class Inference:
    id: str
    field: str
    where: Mapping[str, Any]
    raw: Mapping[str, Any]

    def applies_to(self, row: Mapping[str, Any]) -> bool:
        """Whether ``row`` (typed values, or the published plain ones) is one of its rows."""
        return all(_same(row.get(key), wanted) for key, wanted in self.where.items())


def _same(value: Any, wanted: Any) -> bool:
    return value == wanted or (value is not None and str(value) == str(wanted))


def inferences(resource: Resource) -> list[Inference]:
    found = []
    for index, raw in enumerate(resource.descriptor.get("inferences") or []):
        if isinstance(raw, Mapping):
            declared = raw.get("where")
            where: Mapping[str, Any] = declared if isinstance(declared, Mapping) else {}
            found.append(Inference(str(raw.get("id") or f"inference-{index + 1}"), str(raw.get("field")), where, raw))
    return found


def is_paraphrase(note: Mapping[str, Any]) -> bool:
    return note.get("wording") == "paraphrase"
