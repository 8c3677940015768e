"""The one place that knows where files sit, so nothing depends on the working directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Layout:
    """Where a build reads and writes. Tests point it at a ``tmp_path`` copy."""

    root: Path = ROOT

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage"

    @property
    def site_src(self) -> Path:
        return self.root / "site_src"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def docs(self) -> Path:
        """Generated MkDocs ``docs_dir``; never edited by hand."""
        return self.build / "docs"

    @property
    def cache(self) -> Path:
        """Content-addressed cache of rendered charts, reused across builds."""
        return self.build / "cache"

    @property
    def site(self) -> Path:
        return self.root / "site"
