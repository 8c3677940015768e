"""What validation reports: one problem, located precisely enough to fix.

Messages are templates in ``messages.yml`` (English and Japanese), so that the
wording can be improved without touching the code that finds the problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

Severity = Literal["error", "warning"]
MESSAGES = Path(__file__).with_name("messages.yml")


@lru_cache(maxsize=1)
def _templates() -> dict[str, dict[str, str]]:
    with MESSAGES.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _fill(template: str, values: dict[str, Any]) -> str:
    class _Keep(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep(values))


@dataclass(frozen=True)
class Problem:
    """A located problem. ``path`` is relative to the repository root."""

    code: str
    path: str
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "en") -> str:
        entry = _templates().get(self.code, {})
        template = entry.get(lang) or entry.get("en") or self.code + ": {detail}"
        return _fill(template, self.values)

    def location(self) -> str:
        """``path:row:column``, the form editors and CI annotations understand."""
        parts = [self.path]
        if self.row is not None:
            parts.append(str(self.row))
            if self.column:
                parts.append(self.column)
        elif self.column:
            parts.append(f"-:{self.column}")
        return ":".join(parts)

    def render(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message('en')}\n    {self.message('ja')}"

    def annotation(self) -> str:
        """A GitHub Actions workflow command, shown on the pull request's diff."""
        kind = "error" if self.severity == "error" else "warning"
        props = [f"file={self.path}"]
        if self.row is not None:
            props.append(f"line={self.row}")
        title = self.code if not self.column else f"{self.code} ({self.column})"
        props.append(f"title={_escape_property(title)}")
        body = f"{self.message('en')} / {self.message('ja')}"
        return f"::{kind} {','.join(props)}::{_escape_data(body)}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
