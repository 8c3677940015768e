"""The shape of a navigation: what the pipeline hands the assembler, and all it hands it
besides the docs folder. Plain data, importing nothing of the generator."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    """A page (``page``, titled by its own front matter unless ``titles`` says otherwise)
    or a section of ``children`` with a title in every language."""

    page: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    children: tuple[NavItem, ...] = ()
