"""What every page kind shares: where a page goes, how deep it sits, its front matter."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from sitegen.core.i18n import DEFAULT_LANG


@dataclass(frozen=True)
class Page:
    """A page to write: its path under the docs folder, its template and that template's context."""

    path: str
    template: str
    context: dict[str, Any]


def page_name(lang: str) -> str:
    """File name of a page in ``lang``: mkdocs-static-i18n's suffix convention."""
    return "index.md" if lang == DEFAULT_LANG else f"index.{lang}.md"


def depth(slug: str, lang: str) -> int:
    """How many folders a page sits below the site root (for relative links)."""
    return slug.strip("/").count("/") + (1 if slug.strip("/") else 0) + (0 if lang == DEFAULT_LANG else 1)


def root_of(slug: str, lang: str) -> str:
    """The relative link from a page at ``slug`` in ``lang`` back to the site root."""
    return "../" * depth(slug, lang)


def front_matter(**values: Any) -> Markup:
    """YAML front matter for MkDocs. Values are HTML-escaped here because MkDocs' theme
    templates do not autoescape: the title lands in <title>, the nav and meta tags as is."""
    escaped = {k: html.escape(v) if isinstance(v, str) else v for k, v in values.items() if v}
    return Markup(yaml.safe_dump(escaped, allow_unicode=True, sort_keys=False, width=10_000).strip())


class Templates:
    """The page templates of ``site_src/templates``, autoescaped and strict."""

    def __init__(self, folder: Path) -> None:
        self.env = Environment(
            loader=FileSystemLoader(folder),
            autoescape=True,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            # ``{#id}`` is Markdown's attribute list, not a Jinja comment.
            comment_start_string="{##",
            comment_end_string="##}",
        )

    def render(self, page: Page) -> str:
        return self.env.get_template(page.template).render(**page.context)
