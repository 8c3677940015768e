"""Where generation writes: the docs folder, with every file it wrote remembered.

Every write is content-aware (``core.files.write_bytes``), so a rebuild with nothing
changed rewrites nothing, and whatever this generation did not write is pruned.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.files import copy_file, prune, write_bytes


@dataclass
class Output:
    """What one generation wrote, so stale files can be pruned."""

    docs: Path
    written: set[Path] = field(default_factory=set)
    changed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, rel: str, data: bytes | str) -> Path:
        path = self.docs / rel
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self._wrote(path, write_bytes(path, payload))
        return path

    def copy(self, src: Path, rel: str) -> Path:
        path = self.docs / rel
        self._wrote(path, copy_file(src, path))
        return path

    def _wrote(self, path: Path, changed: bool) -> None:
        with self.lock:  # charts are written from several threads
            self.changed += changed
            self.written.add(path)

    def prune(self) -> None:
        """Remove what an earlier generation wrote and this one did not."""
        prune(self.docs, self.written)
