"""Staging folders: where a build assembles ``site/`` before it swaps the result in.

A build stages beside its target (``.site.build-*`` next to ``site/``), so that the swap
is a rename within one file system. Nothing it leaves there outlives it:

- SIGTERM and SIGINT (``StopSignals``) stop the build so that it removes its staging
  folder on the way out; then the signal takes its usual course, through the handler
  that was there before or the default action (the process ends by the signal: exit
  status 143 or 130 in a shell). The swap itself is never cut in half: a signal that
  comes during it acts once it is done.
- A build killed outright (SIGKILL, a power cut) leaves its folders behind; the next
  build removes them, but only when no other build is running (``running_build``). Every
  build holds a shared ``flock`` on the folder holding the target for as long as it runs
  (the folder itself is the lock: no lock file to leave behind); a build that gets the
  lock alone at its start is the only one running, so every staging folder there is a
  dead build's. It removes those, and the old trees that a swap did not finish removing
  (``.site.old<pid>``, see ``core.files.replace_dir``); if the swap was cut between its
  two renames, the old tree is put back as ``site/`` instead.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

#: The signals that stop a build in an orderly way.
SIGNALS = (signal.SIGTERM, signal.SIGINT)


def staging_prefix(target: Path) -> str:
    """How the names of ``target``'s staging folders begin (``.site.build-``)."""
    return f".{target.name}.build-"


def old_prefix(target: Path) -> str:
    """How ``core.files.replace_dir`` names the tree it swaps out (``.site.old<pid>``)."""
    return f".{target.name}.old"


def leftovers(target: Path) -> tuple[list[Path], list[Path]]:
    """The staging folders and old trees beside ``target``: folders (never files or
    links) whose names begin with this target's own prefixes; old trees newest first."""
    staging, old = staging_prefix(target), old_prefix(target)
    found: tuple[list[Path], list[Path]] = ([], [])
    try:
        entries = sorted(target.parent.iterdir())
    except OSError:
        return found
    for path in entries:
        if path.is_symlink() or not path.is_dir():
            continue
        if path.name.startswith(staging):
            found[0].append(path)
        elif path.name.startswith(old) and path.name[len(old) :].isdigit():
            found[1].append(path)
    found[1].sort(key=lambda p: p.stat().st_mtime, reverse=True)
    return found


def remove_leftovers(target: Path) -> list[str]:
    """Remove what dead builds left beside ``target``; the names of what went. Call it
    only while no other build runs (``running_build`` does)."""
    staging, old = leftovers(target)
    removed = []
    if old and not target.exists():  # killed between the swap's two renames
        os.replace(old.pop(0), target)
    for path in staging + old:
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def _flock(fd: int, operation: int) -> bool:
    try:
        fcntl.flock(fd, operation)
    except OSError:  # held by another build (or a file system without locks)
        return False
    return True


@contextmanager
def running_build(target: Path) -> Iterator[list[str]]:
    """Mark a build of ``target`` as running until the block ends. On entering, when no
    other build runs, remove what dead ones left; yields the names removed (none when
    another build runs, or on a file system without ``flock``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        removed: list[str] = []
        if _flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB):
            removed = remove_leftovers(target)
        _flock(fd, fcntl.LOCK_SH)  # waits only while another build removes leftovers
        yield removed
    finally:
        os.close(fd)  # releases the lock


class Interrupted(BaseException):
    """SIGTERM or SIGINT stopped the build (raised by ``StopSignals``). A BaseException,
    like KeyboardInterrupt, so that no ``except Exception`` takes it for a failure."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopSignals:
    """SIGTERM and SIGINT during a build, in Python's main thread (where Python runs
    signal handlers; elsewhere, e.g. a preview server's rebuild thread, nothing changes).

    The first signal raises ``Interrupted`` where the build is, so that it unwinds through
    its ``finally`` blocks (the staging folder is removed there); after ``defer()`` (the
    swap and what follows it) it waits instead. On leaving, the previous handlers are put
    back and a signal received is raised again, to end the process as it would have ended
    without this. A second signal while the first unwinds removes ``staging`` at once and
    exits with 128 + its number.
    """

    def __init__(self) -> None:
        self.staging: Path | None = None
        self.received: int | None = None
        self._deferred = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in SIGNALS:
                previous = signal.getsignal(signum)
                if previous not in (signal.SIG_IGN, None):  # ignored, or not set from Python: left so
                    self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def defer(self) -> None:
        """From here on, a signal waits until the block ends."""
        self._deferred = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is not None and not self._deferred:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
            os._exit(128 + signum)
        self.received = signum
        if not self._deferred:
            raise Interrupted(signum)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()
        if self.received is not None:
            signal.raise_signal(self.received)
