"""The assembler: MkDocs, Material and mkdocs-static-i18n turn the generated docs into HTML.

One entry point, ``assemble``, called by the pipeline after every page is written; it
never calls back into the generator (mkdocs.yml lists no hooks). ``settings`` reads the
two facts the pipeline needs from mkdocs.yml before it generates: the address the site
is published at and the languages that are built. Moving to another assembler that
reads the same mkdocs.yml (Zensical) means replacing this module only.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from sitegen.core.i18n import DEFAULT_LANG, LANGS
from sitegen.core.paths import Layout
from sitegen.site.nav_tree import NavItem


@dataclass(frozen=True)
class Settings:
    site_url: str
    #: The project's repository on GitHub (where readers report errors), or "".
    repository: str
    #: The locales mkdocs-static-i18n builds (``build: true``).
    langs: tuple[str, ...]


def quiet_material_notice() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _load(layout: Layout, **overrides: Any) -> MkDocsConfig:
    quiet_material_notice()
    return load_config(str(layout.mkdocs_yml), **overrides)


#: A GitHub remote, over HTTPS or SSH: its owner and repository.
_GITHUB_REMOTE = re.compile(r"^(?:https://|ssh://git@|git@)github\.com[/:]([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def _github(remote: str) -> tuple[str, str] | None:
    match = _GITHUB_REMOTE.match(remote.strip())
    return (match.group(1), match.group(2)) if match else None


def repository_address(remote: str) -> str | None:
    """``https://github.com/<owner>/<repository>`` from a GitHub remote URL, else None."""
    found = _github(remote)
    return f"https://github.com/{found[0]}/{found[1]}" if found else None


def pages_address(remote: str) -> str | None:
    """The address GitHub Pages serves a repository at, from its remote URL:
    ``https://<owner>.github.io/<repository>/`` (a ``<owner>.github.io`` repository is
    served at the root), or None when the remote is not on GitHub."""
    found = _github(remote)
    if found is None:
        return None
    owner, repository = found[0].lower(), found[1]
    host = f"{owner}.github.io"
    return f"https://{host}/" if repository.lower() == host else f"https://{host}/{repository}/"


def _origin(root: Path) -> str:
    git = shutil.which("git")
    if git is None:
        return ""
    try:
        command = [git, "-C", str(root), "remote", "get-url", "origin"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def settings(layout: Layout) -> Settings:
    """What the pipeline needs to know of mkdocs.yml before it generates. The published
    address is mkdocs.yml's unless it would be wrong: the deploy workflow sets
    ``SITE_URL`` (it knows a custom domain too); without it, a clone of a GitHub
    repository is published at that repository's Pages address, so citations and
    download addresses of a local or pull-request build name the real site. ``assemble``
    is handed the same address."""
    origin = _origin(layout.root)
    address = None if os.environ.get("SITE_URL") else pages_address(origin)
    config = _load(layout, **({"site_url": address} if address else {}))
    repository = os.environ.get("REPO_URL") or repository_address(origin) or ""
    return Settings(config.site_url or "", repository.rstrip("/"), built_languages(config))


def built_languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The locales mkdocs-static-i18n builds (``build: true``); every one without it."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return LANGS
    languages = plugin.config.languages
    return tuple(str(language.locale) for language in languages if language.build) or LANGS


def mkdocs_nav(items: tuple[NavItem, ...], lang: str = DEFAULT_LANG) -> list[Any]:
    """MkDocs' ``nav``, titled in ``lang``. Titles reach the theme unescaped: they are
    data, so they are escaped here."""
    nav: list[Any] = []
    for item in items:
        title = html.escape(item.titles[lang]) if item.titles else None
        if item.page is None:  # a section, perhaps empty (no topics yet)
            nav.append({title: mkdocs_nav(item.children, lang)})
        elif title:
            nav.append({title: item.page})
        else:
            nav.append(item.page)
    return nav


def nav_translations(items: tuple[NavItem, ...], lang: str) -> dict[str, str]:
    """Every title of the navigation in ``lang``, keyed by its default-language title
    (mkdocs-static-i18n translates the default language's nav with these)."""
    result: dict[str, str] = {}
    for item in items:
        if item.titles:
            result[html.escape(item.titles[DEFAULT_LANG])] = html.escape(
                item.titles.get(lang, item.titles[DEFAULT_LANG])
            )
        result.update(nav_translations(item.children, lang))
    return result


class _DropContextualLinkWarning(logging.Filter):
    """site.js keeps the language switch contextual under instant navigation, so the
    i18n plugin's warning that it cannot is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "contextual link is not compatible" not in record.getMessage()


@contextmanager
def _quiet_i18n() -> Iterator[None]:
    names = ("mkdocs.plugins.mkdocs_static_i18n.reconfigure", "mkdocs.plugins.mkdocs_static_i18n")
    drop = _DropContextualLinkWarning()
    for name in names:
        logging.getLogger(name).addFilter(drop)
    try:
        yield
    finally:
        for name in names:
            logging.getLogger(name).removeFilter(drop)


def assemble(layout: Layout, site_dir: Path, nav: tuple[NavItem, ...], site_url: str = "") -> None:
    """Build the generated ``layout.docs`` into ``site_dir`` with the given navigation."""
    address = {"site_url": site_url} if site_url else {}  # ``settings``' address
    config = _load(layout, site_dir=str(site_dir), nav=mkdocs_nav(nav), **address)
    plugin = config.plugins.get("i18n")
    if plugin is not None:
        for language in plugin.config.languages:
            if language.locale != DEFAULT_LANG:
                language.nav_translations = {
                    **(language.nav_translations or {}),
                    **nav_translations(nav, str(language.locale)),
                }
    with _quiet_i18n():
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
