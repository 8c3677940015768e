"""Shared fixtures: throwaway copies of the repository, built for real.

Tests never mock MkDocs or frictionless: they copy the real site sources and
configuration into ``tmp_path`` with data packages, change what the test is about, and
run the real thing. The engine's unit tests break a package of our own
(``tests/fixtures/datapackage/``, invented figures), so that editing a real table
under ``datapackage/`` changes none of them; tests about the real data and the real
site copy the real packages.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from sitegen.core.paths import ROOT, Layout

SKELETON_PACKAGE = "nps-international-cooperation"
#: The data packages of the tests themselves: invented figures, never published.
FIXTURES = Path(__file__).parent / "fixtures" / "datapackage"
FIXTURE_PACKAGE = "sample-city-exchange"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """Debian's chromium: Playwright cannot download its own browsers here."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Debian's chromium is required for browser tests: apt-get install chromium (see .ci/run)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def make_repo(dest: Path, packages: list[str] | None = None) -> Layout:
    """A copy of this repository's site sources and (some of) its data packages."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", dest / "site_src")
    (dest / "scripts").mkdir()
    if (ROOT / "scripts" / "mkdocs_hooks.py").exists():
        shutil.copy(ROOT / "scripts" / "mkdocs_hooks.py", dest / "scripts" / "mkdocs_hooks.py")
    (dest / "scripts" / "sitegen").symlink_to(ROOT / "scripts" / "sitegen")
    (dest / "datapackage").mkdir()
    names = packages if packages is not None else [p.name for p in (ROOT / "datapackage").iterdir() if p.is_dir()]
    for name in names:
        shutil.copytree(ROOT / "datapackage" / name, dest / "datapackage" / name)
    return Layout(dest)


def make_fixture_repo(dest: Path, packages: list[str] | None = None) -> Layout:
    """A copy of this repository's site sources with the test fixture package(s) as its data."""
    layout = make_repo(dest, [])
    names = packages if packages is not None else [FIXTURE_PACKAGE]
    for name in names:
        shutil.copytree(FIXTURES / name, layout.datapackage / name)
    return layout


@pytest.fixture
def repo(tmp_path: Path) -> Layout:
    """A repository copy holding only the real walking-skeleton package."""
    return make_repo(tmp_path / "repo", [SKELETON_PACKAGE])


@pytest.fixture
def fixture_repo(tmp_path: Path) -> Layout:
    """A repository copy holding only the test fixture package (invented data)."""
    return make_fixture_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole real site, built once per test session."""
    from sitegen.build import build_site

    layout = make_repo(tmp_path_factory.mktemp("full") / "repo")
    assert build_site(layout) == 0
    return layout.site


def watched_page(browser: Browser, **options: Any) -> Iterator[Page]:
    """A page in a new context (``options``: viewport, touch, ...) that fails the test on
    any console error or uncaught exception; for fixtures to yield from."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails the test on any console error or uncaught exception."""
    yield from watched_page(browser, viewport={"width": 1280, "height": 900}, accept_downloads=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """The built site over HTTP on a free loopback port, like GitHub Pages serves it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()
