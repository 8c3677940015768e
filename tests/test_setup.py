"""`make test` sets up what its tests need, as `make site` does: scripts/setup-test-deps
finds Debian's chromium and the Japanese fonts, installs what is missing with apt-get
when it can (as root, or through sudo without a password), and otherwise stops before any
test with one line saying what to install. Run here with a PATH of fakes and nothing
else, so that what this machine has installed does not matter."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from sitegen.core.paths import ROOT

SCRIPT = ROOT / "scripts" / "setup-test-deps"
BASH = shutil.which("bash") or "/bin/bash"
SUDO = "" if os.geteuid() == 0 else "sudo "  # the message names sudo when it is needed


def fake(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def machine(tmp_path: Path, *, chromium: bool, fonts: bool) -> tuple[Path, dict[str, str]]:
    """A PATH holding only fakes (a chromium when ``chromium``; sudo refuses to run without
    a password) and a font folder with Noto Sans CJK when ``fonts``."""
    bin_dir, font_dir = tmp_path / "bin", tmp_path / "fonts"
    bin_dir.mkdir()
    font_dir.mkdir()
    fake(bin_dir, "sudo", "echo 'sudo: a password is required' >&2; exit 1")
    if chromium:
        fake(bin_dir, "chromium", "exit 0")
    if fonts:
        (font_dir / "NotoSansCJK-Regular.ttc").write_bytes(b"")
    return bin_dir, {"PATH": str(bin_dir), "NOTO_CJK_DIR": str(font_dir)}


def setup(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BASH, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False)


def test_without_chromium_and_fonts_nor_a_way_to_install_them_it_stops_with_one_line(tmp_path: Path) -> None:
    _, env = machine(tmp_path, chromium=False, fonts=False)
    done = setup(env)
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"make test needs Debian's chromium and fonts-noto-cjk: run `{SUDO}apt-get install chromium fonts-noto-cjk`"
    ]


def test_it_names_only_what_is_missing(tmp_path: Path) -> None:
    _, env = machine(tmp_path, chromium=True, fonts=False)
    done = setup(env)
    assert done.returncode != 0
    assert done.stderr.splitlines() == [
        f"make test needs Debian's fonts-noto-cjk: run `{SUDO}apt-get install fonts-noto-cjk`"
    ]


def test_with_chromium_and_fonts_it_passes_quietly(tmp_path: Path) -> None:
    _, env = machine(tmp_path, chromium=True, fonts=True)
    done = setup(env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_it_installs_what_is_missing_when_it_can(tmp_path: Path) -> None:
    bin_dir, env = machine(tmp_path, chromium=False, fonts=True)
    log = tmp_path / "apt-get.log"
    chmod = shutil.which("chmod") or "/bin/chmod"
    fake(bin_dir, "sudo", '[ "$1" = -n ] && shift; exec "$@"')  # sudo without a password
    fake(
        bin_dir,
        "apt-get",
        f'echo "$*" >> {log}\n'
        f'if [ "$1" = install ]; then printf "#!/bin/sh\\n" > {bin_dir}/chromium; {chmod} +x {bin_dir}/chromium; fi',
    )
    done = setup(env)
    assert done.returncode == 0, done.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [
        "update -qq",
        "install -y -qq --no-install-recommends chromium",
    ]
    assert done.stderr.splitlines() == ["make test needs Debian's chromium: installing with apt-get"]


def test_make_test_sets_up_before_any_test_and_ci_only_calls_make() -> None:
    target = re.search(r"(?ms)^test:.*?(?=^\S)", (ROOT / "Makefile").read_text(encoding="utf-8"))
    assert target, "no test target in the Makefile"
    recipe = target.group(0)
    assert "scripts/setup-test-deps" in recipe and recipe.index("setup-test-deps") < recipe.index("pytest")
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line.strip() and not line.startswith("#")]
    assert commands == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "make lint", "make test"]
