"""Reproducible builds: one timestamp for everything, taken from the last commit.

Two builds of the same commit must produce a byte-identical ``site/``; every date that
ends up in a file (zip entries, XLSX properties, "last updated") comes from here.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from functools import lru_cache
from pathlib import Path

#: Used when neither SOURCE_DATE_EPOCH nor git history is available (a tarball, say).
FALLBACK_EPOCH = 946684800  # 2000-01-01T00:00:00Z


@lru_cache(maxsize=8)
def source_epoch(root: Path) -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return int(value)
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return int(out) if out.isdigit() else FALLBACK_EPOCH


def source_datetime(root: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(source_epoch(root), tz=dt.UTC)
