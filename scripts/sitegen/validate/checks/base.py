"""The vocabulary every check module shares: rows in, findings out, and the one shape
in which a check type is declared (``CheckType``: its name, its parameters and what it
verifies)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Row = tuple[int, dict[str, Any]]
"""A data row: its row number in the CSV (header = 1) and its typed values."""


@dataclass(frozen=True)
class Finding:
    code: str
    row: int | None = None
    column: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


class CheckConfigError(ValueError):
    """The check's declaration is wrong (unknown field, missing parameter): the message,
    and the same in Japanese for the Japanese line of the problem."""

    def __init__(self, message: str, ja: str = "") -> None:
        super().__init__(message)
        self.ja = ja or message


#: The rows of every soundly read table of the package, by resource name: what a check
#: that compares two tables (``same-as``) reads besides its own rows.
Tables = Mapping[str, list[Row]]
NO_TABLES: Tables = MappingProxyType({})

CheckFn = Callable[[Mapping[str, Any], list[Row], Tables], Iterable[Finding]]

ParamKind = Literal["numeric", "any", "value", "where", "resource"]
#: The parameter names one or more number fields of the schema.
NUMERIC: ParamKind = "numeric"
#: The parameter names one or more fields of the schema, of any type.
ANY: ParamKind = "any"
#: The parameter is a value (a number, a category value, a formula), not a field name.
VALUE: ParamKind = "value"
#: The parameter is ``{field: value}``: the rows the check reads.
WHERE: ParamKind = "where"
#: The parameter names another resource (table) of the same package.
RESOURCE: ParamKind = "resource"


@dataclass(frozen=True)
class Param:
    """One parameter of a check, as ``datapackage/README.md`` documents it."""

    name: str
    kind: ParamKind
    description: str
    required: bool = False

    @property
    def names_fields(self) -> bool:
        """Validation checks that the fields it names exist (and are numbers, for ``NUMERIC``)
        before the check runs, so a typo is a misconfigured check, never a crash."""
        return self.kind in (NUMERIC, ANY)


@dataclass(frozen=True)
class CheckType:
    """A kind of consistency check a descriptor may declare (``checks: [{type: <name>, ...}]``).

    Every check module declares one, and ``checks.CHECK_TYPES`` registers them all; a new
    kind of arithmetic is a new module and a new entry there (and a row of the Checks
    table in ``datapackage/README.md``; a test keeps the two in step).
    """

    name: str
    run: CheckFn
    #: What it verifies, in a contributor's words.
    description: str
    #: Its own parameters, besides ``COMMON_PARAMS``, in the order validation checks them.
    params: tuple[Param, ...]
    #: The key of the sentence in ``site_src/strings.yml`` that tells a dataset page's
    #: readers what the check verifies (``format.cells.describe_check`` fills it in).
    reader_text: str
    #: Its findings are plausibility warnings for the reviewer of a pull request, not
    #: facts about the data: reported by ``make validate``, never shown on the site.
    review: bool = False

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


#: The parameters every check may carry.
COMMON_PARAMS: tuple[Param, ...] = (
    Param("type", VALUE, "the check type: one of the names in the table", required=True),
    Param(
        "severity",
        VALUE,
        "`warning` when the document's own figure disagrees with the arithmetic: the discrepancy"
        " is reported and shown on the dataset page, and the data keeps the document's figure",
    ),
    Param("note", VALUE, "with `severity: warning`, why the figures disagree (Japanese)"),
    Param("note_en", VALUE, "the same in English"),
    Param("source", VALUE, "where the document states the figure (Japanese), named in the message"),
    Param("source_en", VALUE, "the same in English"),
)


#: The optional parameter of the checks that compare sums.
TOLERANCE = Param("tolerance", VALUE, "the largest difference accepted (default 0)")


def require(params: Mapping[str, Any], key: str) -> Any:
    if key not in params:
        raise CheckConfigError(f"parameter `{key}` is required", f"`{key}` の指定が必要です")
    return params[key]


def require_fields(rows_fields: set[str], *names: str) -> None:
    for name in names:
        if name not in rows_fields:
            raise CheckConfigError(
                f"no field named {name!r} in the schema", f"スキーマに {name!r} という列はありません"
            )


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
