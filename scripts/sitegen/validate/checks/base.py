"""The vocabulary every check module shares: rows in, findings out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Row = tuple[int, dict[str, Any]]
"""A data row: its row number in the CSV (header = 1) and its typed values."""


@dataclass(frozen=True)
class Finding:
    code: str
    row: int | None = None
    column: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


class CheckConfigError(ValueError):
    """The check's declaration is wrong (unknown field, missing parameter)."""


CheckFn = Callable[[Mapping[str, Any], list[Row]], Iterable[Finding]]


def require(params: Mapping[str, Any], key: str) -> Any:
    if key not in params:
        raise CheckConfigError(f"parameter `{key}` is required")
    return params[key]


def require_fields(rows_fields: set[str], *names: str) -> None:
    for name in names:
        if name not in rows_fields:
            raise CheckConfigError(f"no field named {name!r} in the schema")


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
