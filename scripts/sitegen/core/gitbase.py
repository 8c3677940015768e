"""Files as they are on the base branch (``origin/main``), read through git.

The data diff and the plausibility warnings compare a pull request with what is
already published. Git may be missing, the checkout shallow, or the base not fetched:
then ``BaseUnavailable`` says why, and callers skip the comparison instead of failing.
Revisions and paths go to git as arguments (never through a shell), and a revision that
looks like an option is refused.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: The base revision tried when none is given: the remote main, then the local one.
DEFAULT_BASES = ("origin/main", "main")
_TIMEOUT = 60


class BaseUnavailable(Exception):
    """The base revision cannot be read; the message says why, in plain words."""


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise BaseUnavailable("git is not installed")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            [git, "-C", str(root), *args], input=data, capture_output=True, timeout=_TIMEOUT, env=env, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BaseUnavailable(f"git could not run ({error})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BaseUnavailable(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class Base:
    """A revision of the repository to compare the working tree with."""

    root: Path
    rev: str
    commit: str

    @property
    def label(self) -> str:
        return f"{self.rev} ({self.commit[:10]})"

    def files(self, folder: str = "datapackage") -> list[str]:
        out = _git(self.root, "ls-tree", "-r", "-z", "--name-only", self.commit, "--", folder)
        return [name for name in out.decode("utf-8", "replace").split("\0") if name]

    def read(self, paths: list[str], limit: int) -> dict[str, bytes]:
        """The content of each path that exists at the base and is at most ``limit`` bytes."""
        if not paths:
            return {}
        request = "".join(f"{self.commit}:{path}\n" for path in paths).encode("utf-8")
        out = _git(self.root, "cat-file", "--batch", data=request)
        found: dict[str, bytes] = {}
        position = 0
        for path in paths:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) != 3:  # "<name> missing"
                continue
            size = int(header[2])
            if header[1] == b"blob" and size <= limit:
                found[path] = out[position : position + size]
            position += size + 1
        return found


def open_base(root: Path, rev: str | None) -> Base:
    """The base to compare with: ``rev``, or the first of ``DEFAULT_BASES`` that exists.

    The comparison is with the merge base of that revision and ``HEAD``, so that a
    branch shows its own changes, not the ones made on main since it branched.
    """
    if rev is not None and (not rev or rev.startswith("-")):
        raise BaseUnavailable(f"{rev!r} is not a revision")
    if shutil.which("git") is None:
        raise BaseUnavailable("git is not installed")
    try:
        _git(root, "rev-parse", "--git-dir")
    except BaseUnavailable as error:
        raise BaseUnavailable(f"{root} is not a git checkout ({error})") from None
    candidates = (rev,) if rev else DEFAULT_BASES
    for candidate in candidates:
        try:
            commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{candidate}^{{commit}}")
        except BaseUnavailable:
            continue
        resolved = commit.decode().strip()
        with contextlib.suppress(BaseUnavailable):  # no common history (shallow clone): use the revision
            resolved = _git(root, "merge-base", resolved, "HEAD").decode().strip() or resolved
        return Base(root, candidate, resolved)
    unknown = " nor ".join(repr(c) for c in candidates)
    hint = "fetch it (git fetch origin main) or name one with --base"
    raise BaseUnavailable(f"{unknown} is not a known revision; {hint}")
