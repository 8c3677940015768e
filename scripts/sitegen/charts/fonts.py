"""The Japanese font every chart render uses, installed with the build's own dependencies.

vl-convert draws text with the fonts it is given; on a machine without a CJK font it
draws empty boxes for every Japanese character. So the build never relies on system
fonts: Noto Sans CJK JP comes from pinned PyPI packages (``noto-cjk-sans-jp-regular``
and ``-bold``, SIL Open Font License 1.1) and is registered with vl-convert before the
first render.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

#: Import names of the font packages (regular for text, bold for titles).
FONT_PACKAGES = ("noto_cjk_sans_jp_regular", "noto_cjk_sans_jp_bold")
FAMILY = "Noto Sans CJK JP"


class FontsMissing(RuntimeError):
    """The pinned font packages are not installed: Japanese would render as boxes."""


def font_dirs() -> list[Path]:
    """The folders holding the font files, one per package."""
    dirs = []
    for name in FONT_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            raise FontsMissing(
                f"the Python package {name.replace('_', '-')} is missing, so chart images cannot show "
                "Japanese text; install the pinned dependencies (make site) and build again"
            )
        folder = Path(spec.origin).parent
        if not any(folder.glob("*.otf")) and not any(folder.glob("*.ttf")):
            raise FontsMissing(f"{folder} holds no font file")
        dirs.append(folder)
    return dirs


def font_files() -> list[Path]:
    return sorted(p for d in font_dirs() for p in d.iterdir() if p.suffix in (".otf", ".ttf"))


def register(vl_convert: Any) -> None:
    """Give vl-convert the fonts; call once per process before rendering."""
    for folder in font_dirs():
        vl_convert.register_font_directory(str(folder))


def fingerprint() -> str:
    """Names and sizes of the font files, for cache keys: a new font means new renders."""
    return ";".join(f"{p.name}:{p.stat().st_size}" for p in font_files())
