"""``make serve``: the real preview server, reloading when a CSV changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitegen.core.paths import ROOT

from .conftest import SKELETON_PACKAGE, make_repo

PAGE = f"en/datasets/{SKELETON_PACKAGE}/dispatch-act-staff/"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(url: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


def test_serve_shows_an_edited_csv_without_a_restart(tmp_path: Path) -> None:
    layout = make_repo(tmp_path / "repo", [SKELETON_PACKAGE])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "SITEGEN_PROGRESS": "0"}
    command = [sys.executable, "-m", "sitegen", "--root", str(layout.root), "serve", "--addr", f"127.0.0.1:{port}"]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        before, after = '(FY1970)</td><td class="num">159<', '(FY1970)</td><td class="num">160<'
        assert before in wait_for(url, "Dispatched staff", 120)
        csv_path = layout.datapackage / SKELETON_PACKAGE / "dispatch-act-staff.csv"
        text = csv_path.read_text(encoding="utf-8")
        text = text.replace("1970,昭和45年度,159,19,", "1970,昭和45年度,160,20,")
        text = text.replace("1971,昭和46年度,195,81,", "1971,昭和46年度,194,80,")
        csv_path.write_text(text, encoding="utf-8")
        assert before not in wait_for(url, after, 120)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    assert not (layout.root / "site").exists()  # a preview writes no site/
