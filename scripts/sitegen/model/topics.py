"""Topic pages: where tables from different documents speak to each other.

A topic is declared in ``datapackage/topics/<name>.yaml``: which datasets it links,
which single figures it quotes (with the document's qualifiers), and charts whose series
come from several resources. Like everything else, no topic needs code of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.core.i18n import text
from sitegen.core.problems import Problem
from sitegen.model import descriptors
from sitegen.model.packages import Package, Resource, read_descriptor


@dataclass
class Topic:
    path: Path
    rel: str
    descriptor: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or self.path.stem)

    @property
    def slug(self) -> str:
        return f"topics/{self.name}/"

    def title(self, lang: str) -> str:
        return text(self.descriptor, "title", lang, self.name)


def load_topics(root: Path) -> tuple[list[Topic], list[Problem]]:
    folder = root / "datapackage" / "topics"
    topics: list[Topic] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return topics, problems
    for path in sorted(folder.glob("*.y*ml")):
        rel = path.relative_to(root).as_posix()
        try:
            topics.append(Topic(path, rel, read_descriptor(path)))
        except ValueError as error:
            said = {"detail": str(error), "detail_ja": descriptors.japanese(error)}
            problems.append(Problem("descriptor-unreadable", rel, values=said))
    return topics, problems


def resolve(packages: Sequence[Package], ref: str) -> Resource | None:
    """The resource a topic names as ``package/resource``, if there is one."""
    package_name, _, resource_name = ref.partition("/")
    for package in packages:
        if package.name == package_name:
            for resource in package.resources:
                if resource.name == resource_name:
                    return resource
    return None


def matching(rows: list[dict[str, Any]], where: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [row for row in rows if all(row.get(k) == v for k, v in (where or {}).items())]
