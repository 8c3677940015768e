"""The files of earlier commits, read through git: what the frozen releases are made of.

Every version of a table stays downloadable byte for byte, and the bytes of an earlier
version are in git history. ``open_history`` checks that the whole history is there (git
installed, a checkout, not a shallow clone) and otherwise raises ``HistoryUnavailable``
saying why, so that the build can publish the current version only and say so, rather
than publishing a history with holes in it. Every git command runs without a shell,
with its arguments as a list and a timeout; a commit or path that looks like an option
is refused.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: Seconds one git command may take before the build gives up on history.
TIMEOUT = 60


class HistoryUnavailable(Exception):
    """Git history cannot be read; the message says why, in plain words."""


@dataclass(frozen=True)
class Commit:
    sha: str
    #: The committer date, ISO 8601 (YYYY-MM-DD).
    date: str


def _run(git: str, root: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    command = [git, "-C", str(root), *args]
    try:
        return subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise HistoryUnavailable(f"git {args[0]} took longer than {TIMEOUT} s") from None
    except OSError as error:
        raise HistoryUnavailable(f"git could not run ({error})") from None


def _stderr(done: subprocess.CompletedProcess[bytes], command: str) -> str:
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"git {command} failed"


@dataclass(frozen=True)
class History:
    """The git history of the repository at ``root`` (paths are relative to ``root``)."""

    root: Path
    git: str

    def commits(self, path: str) -> list[Commit]:
        """The commits that touched ``path`` (a file or a folder), newest first."""
        _refuse_option(path)
        done = _run(self.git, self.root, "log", "--format=%H%x09%cs", "--", path)
        if done.returncode != 0:
            raise HistoryUnavailable(f"git log of {path} failed: {_stderr(done, 'log')}")
        commits = []
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            sha, _, date = line.partition("\t")
            if sha and date:
                commits.append(Commit(sha, date))
        return commits

    def show(self, commit: str, path: str) -> bytes | None:
        """The bytes of ``path`` as committed in ``commit`` (``git show <commit>:<path>``),
        or None when the path did not exist there."""
        _refuse_option(commit)
        exists = _run(self.git, self.root, "cat-file", "-e", f"{commit}:./{path}")
        if exists.returncode != 0:
            return None
        done = _run(self.git, self.root, "show", "--no-textconv", f"{commit}:./{path}")
        if done.returncode != 0:
            raise HistoryUnavailable(f"git show {commit[:10]}:{path} failed: {_stderr(done, 'show')}")
        return done.stdout

    def read(self, wanted: Sequence[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
        """The bytes of each (commit, path), None where the path did not exist: what
        ``show`` gives, for many files in one ``git cat-file --batch``."""
        for commit, path in wanted:
            _refuse_option(commit)
            if "\n" in path or "\n" in commit:
                raise HistoryUnavailable(f"{path!r} is not a path")
        if not wanted:
            return {}
        request = "".join(f"{commit}:./{path}\n" for commit, path in wanted).encode("utf-8")
        done = _run(self.git, self.root, "cat-file", "--batch", data=request)
        if done.returncode != 0:
            raise HistoryUnavailable(f"git cat-file failed: {_stderr(done, 'cat-file')}")
        out, position = done.stdout, 0
        found: dict[tuple[str, str], bytes | None] = {}
        for item in wanted:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) != 3 or header[1] != b"blob":  # "<name> missing", or a folder
                found[item] = None
                if len(header) == 3:
                    position += int(header[2]) + 1
                continue
            size = int(header[2])
            found[item] = out[position : position + size]
            position += size + 1
        return found


def _refuse_option(value: str) -> None:
    if not value or value.startswith("-"):
        raise HistoryUnavailable(f"{value!r} is not a commit or a path")


def open_history(root: Path) -> History:
    """The full history of the repository holding ``root``, or ``HistoryUnavailable``."""
    git = shutil.which("git")
    if git is None:
        raise HistoryUnavailable("git is not installed")
    inside = _run(git, root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise HistoryUnavailable(f"{root} is not a git checkout")
    shallow = _run(git, root, "rev-parse", "--is-shallow-repository")
    if shallow.returncode != 0:
        raise HistoryUnavailable(f"git rev-parse failed: {_stderr(shallow, 'rev-parse')}")
    if shallow.stdout.strip() == b"true":
        raise HistoryUnavailable("the clone is shallow (fetch the whole history: git fetch --unshallow)")
    head = _run(git, root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head.returncode != 0:
        raise HistoryUnavailable("the repository has no commits yet")
    return History(root, git)
