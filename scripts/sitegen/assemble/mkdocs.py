"""The MkDocs side: refresh the generated docs before each build, set the navigation.

Kept separate from the MkDocs hook file so that it is importable and testable, and so
that moving to another assembler (Zensical reads the same mkdocs.yml) touches only this.
"""

from __future__ import annotations

import hashlib
import html
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.core.i18n import LANGS
from sitegen.core.paths import Layout
from sitegen.model.topics import Topic, load_topics
from sitegen.site.pipeline import generate
from sitegen.validate.validation import Validation, validate_all


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


def inputs_fingerprint(layout: Layout) -> str:
    """Path, size and modification time of every file validation and generation read.

    Cheap (no file is opened), and enough within one process: it tells whether anything
    changed since the last validation or generation of this process.
    """
    digest = hashlib.sha256()
    for folder in (layout.datapackage, layout.site_src):
        for path in sorted(folder.rglob("*")):
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file():
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class _Done:
    key: tuple[str, ...]
    validation: Validation
    topics: list[Topic] | None = None


#: What this process last validated and generated, and for which inputs. MkDocs runs the
#: ``on_pre_build`` hook once per language (mkdocs-static-i18n builds each language as a
#: build of its own), and ``build_site`` validates before MkDocs starts: without this,
#: one build would validate three times and generate twice.
_validated: _Done | None = None
_generated: _Done | None = None


def validate(layout: Layout, fingerprint: str | None = None) -> Validation:
    """``validate_all``, remembered for the hook of the same build (when no input changed)."""
    global _validated
    key = (str(layout.root), fingerprint or inputs_fingerprint(layout))
    if _validated is not None and _validated.key == key:
        return _validated.validation
    _validated = _Done(key, validate_all(layout.root, layout.cache))
    return _validated.validation


def built_languages(config: Any) -> tuple[str, ...]:
    """The locales mkdocs-static-i18n builds (``build: true``); every one without it."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return LANGS
    return tuple(str(language.locale) for language in plugin.config.languages if language.build) or LANGS


def refresh(layout: Layout, site_url: str = "", langs: tuple[str, ...] = LANGS) -> tuple[Validation, list[Topic]]:
    """Validate, then regenerate ``build/docs``, unless this process did both already for
    the same inputs and the pages are still there. Raises ``ValidationFailed`` on errors."""
    global _generated
    fingerprint = inputs_fingerprint(layout)
    key = (str(layout.root), fingerprint, site_url, *langs)
    if _generated is not None and _generated.key == key and _generated.topics is not None and layout.docs.is_dir():
        return _generated.validation, _generated.topics
    validation = validate(layout, fingerprint)
    if not validation.ok:
        raise ValidationFailed(validation)
    generate(layout, validation, site_url, langs)
    topics = load_topics(layout.root)[0]
    _generated = _Done(key, validation, topics)
    return validation, topics


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
