"""A full build: validate, generate, assemble with MkDocs into a temporary directory,
then swap it into ``site/`` — only on complete success. A failed or interrupted build
leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from . import mkdocs_glue
from .files import replace_dir
from .paths import Layout
from .postprocess import add_csp
from .reproducible import source_epoch


def mkdocs_build(layout: Layout, site_dir: Path) -> None:
    """Run MkDocs on the repository's mkdocs.yml, writing into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    mkdocs_glue.quiet_material_notice()
    config = load_config(str(layout.mkdocs_yml), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def index_search(site_dir: Path) -> None:
    """Pagefind indexes the built pages, one index per language (from <html lang>)."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"search indexing failed: {result.stderr.strip() or result.stdout.strip()}")
    # Pagefind writes its language map in hash-map order; sort it for reproducible builds.
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True, separators=(",", ":")))


def build_site(layout: Layout, out: Path | None = None, stream: TextIO = sys.stderr) -> int:
    """Build into ``out`` (default ``site/``). Returns a process exit code."""
    target = out or layout.site
    validation = mkdocs_glue.validate(layout)
    mkdocs_glue.print_problems(validation, stream)
    if not validation.ok:
        print(f"Build stopped: validation failed; {target} was not changed.", file=stream)
        return 1
    layout.docs.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch(layout.root))
        mkdocs_build(layout, staging)
        index_search(staging)
        add_csp(staging)
        replace_dir(staging, target)
    except Exception as error:
        print(f"Build failed: {error}\n{target} was not changed.", file=stream)
        return 1
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    print(f"Built {target}", file=stream)
    return 0
