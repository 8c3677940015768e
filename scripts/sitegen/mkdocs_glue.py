"""The MkDocs side: refresh the generated docs before each build, set the navigation.

Kept separate from the MkDocs hook file so that it is importable and testable, and so
that moving to another assembler (Zensical reads the same mkdocs.yml) touches only this.
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path
from typing import Any

from .generate import generate
from .paths import Layout
from .topics import Topic, load_topics
from .validate import Validation, validate_all


class ValidationFailed(Exception):
    def __init__(self, validation: Validation) -> None:
        self.validation = validation
        errors = [p for p in validation.problems if p.severity == "error"]
        lines = [p.render() for p in errors[:50]]
        more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} validation error(s):\n" + "\n".join(lines) + more)


def layout_for(config: Any) -> Layout:
    """The repository root is the folder holding mkdocs.yml."""
    return Layout(Path(config.config_file_path).resolve().parent)


def refresh(layout: Layout, site_url: str = "") -> tuple[Validation, list[Topic]]:
    """Validate, then regenerate ``build/docs``. Raises ``ValidationFailed`` on errors."""
    validation = validate_all(layout.root)
    if not validation.ok:
        raise ValidationFailed(validation)
    generate(layout, validation, site_url)
    return validation, load_topics(layout.root)[0]


def navigation(validation: Validation, topics: list[Topic]) -> list[Any]:
    """Home, the catalog with every dataset grouped by document, then the static pages."""
    datasets: list[Any] = [{"すべての表": "datasets/index.md"}]
    for package in validation.packages:
        # Section titles reach the theme unescaped: they are data, so escape them here.
        datasets.append({html.escape(package.title("ja")): [f"{r.slug}index.md" for r in package.resources]})
    topic_pages = [f"{t.slug}index.md" for t in topics]
    about = ["about.md", "methodology.md", "license.md", "contributing.md"]
    return [
        "index.md",
        {"データ一覧": datasets},
        {"テーマ": topic_pages},
        "coverage/index.md",
        {"このサイトについて": about},
    ]


def nav_translations(validation: Validation, lang: str) -> dict[str, str]:
    """Section titles of the navigation in ``lang`` (for mkdocs-static-i18n)."""
    return {html.escape(p.title("ja")): html.escape(p.title(lang)) for p in validation.packages}


def translate_sections(config: Any, validation: Validation) -> None:
    """Give the i18n plugin the data-derived section titles of every other language."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return
    for language in plugin.config.languages:
        if language.locale != "ja":
            language.nav_translations = {
                **(language.nav_translations or {}),
                **nav_translations(validation, language.locale),
            }


def quiet_material_notice() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def print_problems(validation: Validation, stream: Any = sys.stderr) -> None:
    for problem in validation.problems:
        print(problem.render(), file=stream)
