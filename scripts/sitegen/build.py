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

from sitegen.assemble import mkdocs as mkdocs_glue
from sitegen.core.cache import prune_unused
from sitegen.core.files import replace_dir
from sitegen.core.paths import Layout
from sitegen.core.reproducible import source_epoch
from sitegen.site.csp import add_csp


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


def committed_build_files(layout: Layout) -> list[str]:
    """Files under ``build/`` that git tracks. The build cache is trusted to hold what
    earlier builds computed; a cache that arrives with a commit could hold anything."""
    try:
        result = subprocess.run(
            ["git", "-C", str(layout.root), "ls-files", "--", layout.build.name],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return result.stdout.split() if result.returncode == 0 else []


def build_site(layout: Layout, out: Path | None = None, stream: TextIO = sys.stderr) -> int:
    """Build into ``out`` (default ``site/``). Returns a process exit code."""
    target = out or layout.site
    committed = committed_build_files(layout)
    if committed:
        print(
            f"Build stopped: {len(committed)} file(s) under {layout.build.name}/ are committed to git "
            f"(e.g. {committed[0]}). build/ holds generated files and the build cache only; remove them "
            f"with `git rm -r --cached {layout.build.name}` and commit. {target} was not changed.",
            file=stream,
        )
        return 1
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
        prune_unused(layout.cache)
    except Exception as error:
        print(f"Build failed: {error}\n{target} was not changed.", file=stream)
        return 1
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    print(f"Built {target}", file=stream)
    return 0
