"""A build's staging folder never outlives it: SIGTERM and SIGINT remove it on the way
out (and still end the process as the signal would), and the next build removes those
of builds that died outright, but never one of a build still running."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.core.paths import ROOT, Layout
from sitegen.core.staging import Interrupted, StopSignals, running_build

from .conftest import make_fixture_repo


def staging_folders(layout: Layout) -> list[str]:
    return sorted(p.name for p in layout.root.glob(".site.build-*"))


@pytest.mark.parametrize(
    ("signum", "status"),
    [
        (signal.SIGTERM, -signal.SIGTERM),  # killed by the signal, as without the handler (143 in a shell)
        (signal.SIGINT, 130),  # KeyboardInterrupt, which the command line turns into 130
    ],
)
def test_a_signalled_build_leaves_no_staging_folder(tmp_path: Path, signum: int, status: int) -> None:
    if signal.getsignal(signum) == signal.SIG_IGN:
        pytest.skip(f"{signal.Signals(signum).name} is ignored here, and so in the build")
    layout = make_fixture_repo(tmp_path / "repo")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "SITEGEN_PROGRESS": "0"}
    build = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "--root", str(layout.root), "build"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not staging_folders(layout) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert staging_folders(layout), "the build never made its staging folder"
        build.send_signal(signum)
        _, log = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert staging_folders(layout) == []
    assert not layout.site.exists()
    assert build.returncode == status, log
    assert f"Build stopped by {signal.Signals(signum).name}; {layout.site} was not changed." in log


def test_the_next_build_removes_what_dead_builds_left(fixture_repo: Layout) -> None:
    root = fixture_repo.root
    (root / ".site.build-dead1" / "assets").mkdir(parents=True)
    (root / ".site.build-dead1" / "assets" / "half-written.css").write_text("body {", encoding="utf-8")
    (root / ".site.build-dead2").mkdir()
    (root / ".site.old4242" / "en").mkdir(parents=True)  # a swap cut while it removed the old tree,
    fixture_repo.site.mkdir()  # after the new one was in place
    # Not ours: another target's staging, a file with our prefix, a look-alike.
    for name in (".docs.build-x", ".site.builder", ".site.oldest"):
        (root / name).mkdir()
    (root / ".site.build-note.txt").write_text("not a folder", encoding="utf-8")
    log = io.StringIO()
    assert build_site(fixture_repo, stream=log) == 0
    assert "Removed what interrupted builds left: .site.build-dead1, .site.build-dead2, .site.old4242" in log.getvalue()
    assert staging_folders(fixture_repo) == [".site.build-note.txt"]
    assert not (root / ".site.old4242").exists()
    assert all((root / name).is_dir() for name in (".docs.build-x", ".site.builder", ".site.oldest"))
    assert (fixture_repo.site / "index.html").is_file()


def test_a_swap_cut_between_its_renames_gets_the_old_site_back(fixture_repo: Layout) -> None:
    old = fixture_repo.root / ".site.old4242"
    old.mkdir()
    (old / "index.html").write_text("the previous site", encoding="utf-8")
    with running_build(fixture_repo.site) as removed:
        assert removed == []
        assert (fixture_repo.site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not old.exists()


def test_a_running_build_keeps_its_staging_folder(fixture_repo: Layout) -> None:
    live = fixture_repo.root / ".site.build-live"
    with running_build(fixture_repo.site):  # another build, running until the block ends
        live.mkdir()
        log = io.StringIO()
        assert build_site(fixture_repo, stream=log) == 0
        assert live.is_dir()
        assert "Removed" not in log.getvalue()
    with running_build(fixture_repo.site) as removed:  # once it has died without cleaning up
        assert removed == [".site.build-live"]
    assert staging_folders(fixture_repo) == []


def test_a_signal_stops_the_build_where_it_is_then_takes_its_course() -> None:
    before = signal.getsignal(signal.SIGINT)
    steps = []
    # Python's own SIGINT handler, called again at the end, raises KeyboardInterrupt.
    with pytest.raises(KeyboardInterrupt), StopSignals():
        try:
            signal.raise_signal(signal.SIGINT)
            steps.append("went on")
        except Interrupted as stopped:
            steps.append(f"stopped by {stopped}")
        steps.append("cleaned up")
    assert steps == ["stopped by SIGINT", "cleaned up"]
    assert signal.getsignal(signal.SIGINT) is before


def test_a_signal_during_the_swap_waits_until_the_build_is_done() -> None:
    steps = []
    with pytest.raises(KeyboardInterrupt), StopSignals() as stop:
        stop.defer()
        signal.raise_signal(signal.SIGINT)
        steps.append("swapped")
    assert steps == ["swapped"]
