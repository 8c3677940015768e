"""Small file helpers: content-aware writes keep rebuilds cheap and ``mkdocs serve`` calm."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> bool:
    """Write only when the content differs; returns whether the file changed.

    Unchanged files keep their mtime, so the MkDocs file watcher does not loop and
    incremental consumers see nothing new.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Unique per process and thread: two chart threads may store the same render at once.
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}-{threading.get_ident()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def write_text(path: Path, text: str) -> bool:
    return write_bytes(path, text.encode("utf-8"))


def copy_file(src: Path, dst: Path) -> bool:
    return write_bytes(dst, src.read_bytes())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prune(root: Path, keep: set[Path]) -> None:
    """Remove generated files that are no longer produced (a deleted dataset, say)."""
    if not root.exists():
        return
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def human_size(size: int, lang: str) -> str:
    if size < 1024:
        return f"{size:,} B" if lang == "en" else f"{size:,} バイト"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


def replace_dir(new: Path, target: Path) -> None:
    """Swap a finished build into place; the old tree is removed only after the swap."""
    old = target.with_name(f".{target.name}.old{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)
