"""What validation reports: one problem, located precisely enough to fix.

Messages are templates in ``messages.yml`` (English and Japanese), so that the
wording can be improved without touching the code that finds the problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

Severity = Literal["error", "warning"]
MESSAGES = Path(__file__).with_name("messages.yml")

#: Problems shown per file. A file with thousands of errors usually has one cause
#: (a wrong delimiter, a shifted column); the first ones and a count say enough.
MAX_PROBLEMS_PER_FILE = 50


Bilingual = dict[str, str]
"""A text in both languages: ``{"en": ..., "ja": ...}``."""


@lru_cache(maxsize=1)
def _messages() -> tuple[dict[str, Bilingual], dict[str, dict[str, Bilingual]]]:
    """messages.yml: the templates by problem code, and the sections of words (the keys
    starting with "_"), each a text in both languages by key."""
    with MESSAGES.open(encoding="utf-8") as handle:
        loaded: dict[str, dict[str, Any]] = yaml.safe_load(handle)
    codes = {key: entry for key, entry in loaded.items() if not key.startswith("_")}
    sections = {key: entry for key, entry in loaded.items() if key.startswith("_")}
    return codes, sections


def templates() -> dict[str, Bilingual]:
    """Every message template, by problem code (also used to document the codes)."""
    return _messages()[0]


def section(name: str) -> dict[str, Bilingual]:
    """The words of a section of messages.yml (``"_diff"``, ``"_summary"``, ...), by key."""
    return _messages()[1][name]


def _fill(template: str, values: dict[str, Any]) -> str:
    class _Keep(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep(values))


@dataclass(frozen=True)
class Problem:
    """A located problem. ``path`` is relative to the repository root.

    ``row`` is the CSV row (header = 1) or the descriptor line; ``line`` is the file
    line when it differs from ``row`` (a quoted cell spanning lines), so that
    annotations land on the right line of the pull request's diff.
    """

    code: str
    path: str
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    line: int | None = field(default=None, compare=False)

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``. A Japanese template names the Japanese form of a
        value (``{detail_ja}``); a producer that has none falls back to the value itself."""
        entry = templates().get(self.code, {})
        template = entry.get(lang) or entry.get("en") or self.code + ": {detail}"
        fallback = {f"{k}_ja": v for k, v in self.values.items() if not k.endswith("_ja")}
        return _fill(template, {**fallback, **self.values})

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
        props = [f"file={_escape_property(self.path)}"]
        line = self.line if self.line is not None else self.row
        if line is not None:
            props.append(f"line={line}")
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


def cap(
    problems: Iterable[Problem], path: str, limit: int = MAX_PROBLEMS_PER_FILE, *, stopped: bool = False
) -> list[Problem]:
    """The first ``limit`` problems of one file, then one problem giving the count of the rest.

    ``stopped`` says that counting itself stopped early (a file with a huge number of
    errors): the total is then shown as a lower bound, "10,000+".
    """
    items = list(problems)
    if len(items) <= limit and not stopped:
        return items
    shown = items[:limit]
    hidden = items[limit:]
    severity: Severity = "error" if stopped or has_errors(hidden) else "warning"
    summary = Problem(
        "too-many-problems",
        path,
        severity=severity,
        values={"total": f"{len(items):,}{'+' if stopped else ''}", "shown": len(shown)},
    )
    return [*shown, summary]


def shorten(value: object, limit: int = 200) -> str:
    """A value as text, cut to ``limit`` characters: a report must stay readable."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markdown_cell(value: object, limit: int = 200) -> str:
    """A value safe inside a GitHub Markdown table cell (no HTML, no column break), shortened."""
    text = shorten(value, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return text.replace("\r", "").replace("\n", "<br>")


def markdown_table(problems: list[Problem], limit: int = 200) -> str:
    """Every problem as a Markdown table for the job summary, where none is cut off.

    GitHub shows only the first few annotations of a step on the diff; the summary
    lists them all (up to ``limit``), in both languages.
    """
    words = {key: f"{value['en']} / {value['ja']}" for key, value in section("_summary").items()}
    errors = sum(p.severity == "error" for p in problems)
    lines = [f"## {words['title']}", "", words["count"].format(errors=errors, warnings=len(problems) - errors), ""]
    if not problems:
        return "\n".join(lines)
    lines += [f"| {words['location']} | {words['severity']} | {words['message']} |", "|---|---|---|"]
    for problem in problems[:limit]:
        message = markdown_cell(problem.message("en"), 1000) + "<br>" + markdown_cell(problem.message("ja"), 1000)
        lines.append(f"| {markdown_cell(problem.location())} | {problem.severity} | {message} |")
    if len(problems) > limit:
        lines += ["", words["more"].format(count=len(problems) - limit)]
    return "\n".join(lines) + "\n"
