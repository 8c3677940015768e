"""A full build, in one direction: load and validate the packages, generate every page
of every language, assemble them (MkDocs), index search, add the CSP, then swap the
result into ``site/``, only on complete success. A failed or interrupted build leaves
the previous ``site/`` exactly as it was, and no staging folder behind: SIGTERM and
SIGINT remove it on the way out, and the next build removes those of builds killed
outright (``core.staging``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from sitegen.assemble import mkdocs as assembler
from sitegen.core.cache import prune_unused
from sitegen.core.files import replace_dir
from sitegen.core.paths import Layout
from sitegen.core.problems import Problem
from sitegen.core.reproducible import source_epoch
from sitegen.core.staging import Interrupted, StopSignals, running_build, staging_prefix
from sitegen.site import budget
from sitegen.site.compact_html import compact_whitespace
from sitegen.site.csp import add_csp
from sitegen.site.pipeline import generate
from sitegen.site.search_index import index_search
from sitegen.validate.validation import validate_all


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


def print_problems(problems: list[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(problem.render(), file=stream)


def build_site(layout: Layout, out: Path | None = None, stream: TextIO = sys.stderr, *, csp: bool = True) -> int:
    """Build into ``out`` (default ``site/``). Returns a process exit code.

    ``csp=False`` is for the preview server only, whose live-reload script is inline.
    """
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
    with StopSignals() as stop:
        try:
            with running_build(target) as removed:
                if removed:
                    print(f"Removed what interrupted builds left: {', '.join(removed)}", file=stream)
                return _build(layout, target, stream, csp, stop)
        except Interrupted as stopped:  # the staging folder is gone; the signal acts once ``stop`` ends
            print(f"Build stopped by {stopped}; {target} was not changed.", file=stream)
            return 128 + stopped.signum


def _build(layout: Layout, target: Path, stream: TextIO, csp: bool, stop: StopSignals) -> int:
    validation = validate_all(layout.root, layout.cache)
    print_problems(validation.problems, stream)
    if not validation.ok:
        print(f"Build stopped: validation failed; {target} was not changed.", file=stream)
        return 1
    layout.docs.mkdir(parents=True, exist_ok=True)  # mkdocs.yml's docs_dir must exist to be read
    staging = stop.staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    try:
        os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch(layout.root))
        settings = assembler.settings(layout)
        generated = generate(layout, validation, settings.site_url, settings.langs, settings.repository)
        validation.release_rows()  # written out; MkDocs needs the pages only
        for note in generated.notes:
            print(note, file=stream)
        if generated.problems:
            print_problems(list(generated.problems), stream)
            print(
                f"Build stopped: {len(generated.problems)} download(s) break the machine-readability rules "
                f"(行政データにおける機械可読性に関するルール); {target} was not changed.",
                file=stream,
            )
            return 1
        assembler.assemble(layout, staging, generated.nav, settings.site_url)
        index_search(staging)
        if csp:
            add_csp(staging, also=compact_whitespace)
        verdict = budget.judge(budget.measure_dir(staging))
        for warning, warning_ja in verdict.warnings:
            print(f"Warning: {warning}.\n    {warning_ja}。", file=stream)
        if verdict.error and os.environ.get("SITEGEN_SIZE_BUDGET") == "warn":  # make bench measures past it
            print(f"Warning: {verdict.error}.\n    {verdict.error_ja}。", file=stream)
        elif verdict.error:
            print(f"Build stopped: {verdict.error}; {target} was not changed.\n    {verdict.error_ja}。", file=stream)
            return 1
        stop.defer()  # the swap is never cut in half, and once done the site is built
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
