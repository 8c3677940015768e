"""Bilingual text: the ``X`` / ``X_en`` convention of the descriptors and the UI strings.

Japanese is the document language and the site's default; English sits beside it
under the same key with an ``_en`` suffix. One rule, used everywhere, so that the
metadata lint and the page templates agree on what "bilingual" means.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANGS: tuple[str, ...] = ("ja", "en")
DEFAULT_LANG = "ja"


def key_for(key: str, lang: str) -> str:
    return key if lang == DEFAULT_LANG else f"{key}_{lang}"


def text(obj: Mapping[str, Any], key: str, lang: str, default: str = "") -> str:
    """The ``lang`` form of ``obj[key]``; falls back to the Japanese form, then ``default``."""
    value = obj.get(key_for(key, lang))
    if value in (None, ""):
        value = obj.get(key)
    if value in (None, ""):
        return default
    return str(value)


def lang_prefix(lang: str) -> str:
    """URL prefix of a language: the default language lives at the root."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


class Strings:
    """UI strings from ``site_src/strings.yml``: ``{key: {ja: ..., en: ...}}``."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        self._table = table

    def get(self, key: str, lang: str, **values: Any) -> str:
        try:
            entry = self._table[key]
        except KeyError:
            raise KeyError(f"UI string {key!r} is missing from site_src/strings.yml") from None
        template = entry.get(lang) or entry[DEFAULT_LANG]
        return template.format(**values) if values else template

    @property
    def table(self) -> Mapping[str, Mapping[str, str]]:
        """Every string in every language (what a cache key of anything using them needs)."""
        return self._table

    def prefixed(self, prefix: str) -> dict[str, Mapping[str, str]]:
        """The entries whose key starts with ``prefix``, by the rest of the key: the
        vocabularies that strings.yml declares (``qualifier:approx``, ``unit:%``)."""
        return {key[len(prefix) :]: entry for key, entry in self._table.items() if key.startswith(prefix)}

    def for_lang(self, lang: str) -> dict[str, str]:
        return {key: entry.get(lang) or entry[DEFAULT_LANG] for key, entry in self._table.items()}


@lru_cache(maxsize=4)
def load_strings(path: Path) -> Strings:
    with path.open(encoding="utf-8") as handle:
        return Strings(yaml.safe_load(handle))
