"""Results of slow, pure build steps, kept in ``build/cache`` under a hash of every input.

A rebuild spends its time on things that have not changed: Altair assembling and
validating chart specs, openpyxl writing spreadsheets, frictionless reading rows it read
before. Each of those is a pure function of file contents, our code and a few library
versions, so its result is stored under a key derived from all of them: same key, same
result; any change to a CSV, a descriptor, a UI string, a line of ``sitegen`` or a
pinned library, a new key. Nothing is ever invalidated by hand and nothing stale can be
served. Entries are plain bytes (JSON, XLSX, ...), never pickles: the cache folder is
data, not code.

The chart renders (SVG, PNG) have their own keys in ``render``; everything else uses
``Store``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sitegen.core.files import write_bytes

CODE = Path(__file__).resolve().parents[1]
#: Libraries whose output ends up in a cached result.
LIBRARIES = ("altair", "frictionless", "openpyxl", "vl-convert-python", "jinja2", "pyyaml")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of ``sitegen``'s own files and the versions of the libraries above: a
    change to either makes every key new."""
    digest = hashlib.sha256()
    for path in sorted(CODE.rglob("*")):
        if path.suffix in (".py", ".yml", ".yaml", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(CODE).as_posix().encode())
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()


def key(*parts: Any) -> str:
    """The key of a result computed from ``parts`` (anything JSON can write) by this code."""
    payload = json.dumps([code_version(), *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Every cache file this process has read or written. After a complete build, the files
#: it did not use are results of inputs that no longer exist: ``prune_unused`` removes
#: them, so that the cache does not grow with every edit.
_used: set[Path] = set()
_used_lock = threading.Lock()


def mark_used(path: Path) -> None:
    with _used_lock:
        _used.add(path.resolve())


def prune_unused(cache_dir: Path) -> int:
    """Remove the files under ``cache_dir`` that no build of this process used; the count."""
    if not cache_dir.is_dir():
        return 0
    with _used_lock:
        used = set(_used)
    removed = 0
    for path in sorted(cache_dir.rglob("*"), reverse=True):
        if path.is_file() and path.resolve() not in used:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed


class Store:
    """One kind of result (``specs``, ``downloads``, ...) under ``cache_dir/kind``."""

    def __init__(self, cache_dir: Path, kind: str) -> None:
        self.dir = cache_dir / kind
        self.hits = 0
        self.misses = 0

    def path(self, entry: str) -> Path:
        return self.dir / entry[:2] / entry

    def get(self, entry: str) -> bytes | None:
        path = self.path(entry)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        mark_used(path)
        return data

    def put(self, entry: str, data: bytes) -> None:
        path = self.path(entry)
        write_bytes(path, data)
        mark_used(path)

    def through(self, entry: str, make: Callable[[], bytes]) -> bytes:
        """The stored result for ``entry``, or ``make()``'s, stored for next time."""
        data = self.get(entry)
        if data is None:
            data = make()
            self.put(entry, data)
        return data
