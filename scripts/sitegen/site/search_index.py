"""Search: Pagefind indexes the built pages, one index per language (from <html lang>)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def index_search(site_dir: Path) -> None:
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
