"""`make normalize FILE=...` (``sitegen normalize``) on real bytes: Excel's "CSV UTF-8" (BOM,
CRLF), plain "CSV" (Shift_JIS/CP932), "Unicode text" (UTF-16), EUC-JP; refused when a
character would be lost or changed (bytes that are no character, a ``?`` Excel wrote for a
character Shift_JIS cannot hold), with the file left byte for byte as it was; an already
canonical file is left alone. A converted fixture table then validates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.cli import NORMALIZE_ENV, main
from sitegen.core.paths import ROOT, Layout
from sitegen.validate.normalize import normalize_file, normalized

from .hostile import CITIES, MEMBERS, errors, text

CEBU_EN = "Youth exchange with Cebu"


def _save(layout: Layout, rel: str, data: bytes) -> Path:
    path = layout.root / rel
    path.write_bytes(data)
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["normalize", *args])
    return code, capsys.readouterr().out


# Converted ---------------------------------------------------------------------------------------


def test_excel_csv_utf8_loses_its_bom_and_crlf(fixture_repo: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    canonical = text(fixture_repo, MEMBERS).encode()
    path = _save(fixture_repo, MEMBERS, b"\xef\xbb\xbf" + canonical.replace(b"\n", b"\r\n"))
    code, out = _run(capsys, str(path))
    assert code == 0
    assert path.read_bytes() == canonical
    assert out.splitlines()[0] == (
        f"{path}: converted to UTF-8 without BOM, with LF line ends: byte order mark (BOM) removed; "
        "14 CRLF line ends → LF; 14 lines. Run `make validate` to check the table."
    )
    assert "BOM を削除、CRLF の改行 14 個 → LF。14 行" in out.splitlines()[1]
    assert errors(fixture_repo) == []


@pytest.mark.parametrize("ends", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_shift_jis_is_converted_from_cp932(fixture_repo: Layout, ends: str) -> None:
    canonical = text(fixture_repo, CITIES)
    path = _save(fixture_repo, CITIES, canonical.replace("\n", ends).encode("cp932"))
    outcome = normalize_file(path, CITIES)
    assert outcome.refused is None
    assert path.read_bytes() == canonical.encode()
    expected = [("encoding", {"encoding": "Shift_JIS (CP932)"})]
    if ends == "\r\n":
        expected.append(("crlf", {"count": 7}))
    assert outcome.changes == expected
    assert "encoding Shift_JIS (CP932) → UTF-8" in outcome.render()
    assert "文字コード Shift_JIS (CP932) → UTF-8" in outcome.render()
    assert errors(fixture_repo) == []


def test_euc_jp_and_utf16_are_converted(fixture_repo: Layout) -> None:
    canonical = text(fixture_repo, MEMBERS)
    for codec, name in (("euc_jp", "EUC-JP"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16")):
        path = _save(fixture_repo, MEMBERS, canonical.encode(codec))
        outcome = normalize_file(path, MEMBERS)
        assert (outcome.refused, outcome.changes) == (None, [("encoding", {"encoding": name})]), codec
        assert path.read_bytes() == canonical.encode(), codec


def test_a_question_that_ends_with_a_question_mark_is_kept(fixture_repo: Layout) -> None:
    path = _save(fixture_repo, MEMBERS, 'a,b\r\n1,本当ですか? はい\r\n2,"Why?"\r\n3,それは?\r\n'.encode("cp932"))
    outcome = normalize_file(path, MEMBERS)
    assert outcome.refused is None
    assert path.read_text(encoding="utf-8") == 'a,b\n1,本当ですか? はい\n2,"Why?"\n3,それは?\n'


def test_characters_the_rules_refuse_are_kept_and_named(fixture_repo: Layout) -> None:
    # CP932 reads Shift_JIS's wave dash as ～ (U+FF5E); validation then asks for 〜.
    path = _save(fixture_repo, MEMBERS, "a,b\n1,昭和45～48年度\n".encode("cp932"))
    outcome = normalize_file(path, MEMBERS)
    assert path.read_text(encoding="utf-8") == "a,b\n1,昭和45～48年度\n"
    assert "It holds characters the rules refuse (～), kept as they are: `make validate` says what to write" in (
        outcome.render()
    )


# Refused, and the file unchanged ---------------------------------------------------------------------


def test_a_character_shift_jis_could_not_hold_is_refused(
    fixture_repo: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    # A UTF-8 table with an en dash, saved by Excel as plain "CSV": the dash became "?".
    content = text(fixture_repo, CITIES).replace(CEBU_EN, "Youth exchange Cebu–Sample City")
    saved = content.replace("\n", "\r\n").encode("cp932", errors="replace")
    path = _save(fixture_repo, CITIES, saved)
    before = path.stat().st_mtime_ns
    code, out = _run(capsys, str(path))
    assert code == 1
    assert path.read_bytes() == saved and path.stat().st_mtime_ns == before
    en, ja = out.splitlines()
    assert en.startswith(f"{path}: not converted, the file is unchanged: read as Shift_JIS (CP932), it has 1 '?'")
    assert "(2:80 'xchange Cebu?Sample City:'): Excel writes '?' for every character Shift_JIS cannot hold" in en
    assert "Save the table again as 'CSV UTF-8'" in en
    assert "変換していません（ファイルはそのままです）" in ja and "「CSV UTF-8」で保存し直してから" in ja


def test_an_ascii_excel_save_with_a_lost_character_is_refused(fixture_repo: Layout) -> None:
    saved = "a,b\r\n1,FY2012–FY2024\r\n2,–\r\n".encode("cp932", errors="replace")
    path = _save(fixture_repo, MEMBERS, saved)
    outcome = normalize_file(path, MEMBERS)
    assert outcome.refused == ("lost", {"encoding": "ASCII", "count": 2, "places": "2:9 '1,FY2012?FY2024', 3:3 '2,?'"})
    assert path.read_bytes() == saved


def test_bytes_that_are_no_character_are_refused(fixture_repo: Layout) -> None:
    saved = text(fixture_repo, MEMBERS).encode("cp932").replace("平成24".encode("cp932"), b"\x81\x20\xff24")
    path = _save(fixture_repo, MEMBERS, saved)
    outcome = normalize_file(path, MEMBERS)
    assert outcome.refused == ("undecodable", {"bytes": "81 20", "line": 2})
    words = "neither UTF-8 nor Shift_JIS (CP932) nor EUC-JP (the first that cannot be read: 81 20 on line 2)"
    assert f"{MEMBERS}: not converted, the file is unchanged: its bytes are {words}" in outcome.render()
    assert path.read_bytes() == saved


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "it is not a text file but a ZIP archive or an Excel workbook (.xlsx)"),
        (b"a,b\n1,4\x002\n", "it holds NUL bytes (0x00), the first on line 2"),
    ],
    ids=["workbook", "nul"],
)
def test_a_file_that_is_not_text_is_refused(fixture_repo: Layout, data: bytes, reason: str) -> None:
    path = _save(fixture_repo, MEMBERS, data)
    assert reason in normalize_file(path, MEMBERS).render()
    assert path.read_bytes() == data


def test_a_symbolic_link_or_a_missing_file_is_refused(fixture_repo: Layout, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_bytes(b"a,b\r\n1,2\r\n")
    link = fixture_repo.root / "datapackage" / "link.csv"
    link.symlink_to(outside)
    assert normalize_file(link, "link.csv").refused == ("not_file", {})
    assert outside.read_bytes() == b"a,b\r\n1,2\r\n"
    assert normalize_file(tmp_path / "none.csv", "none.csv").refused == ("missing", {})


# Already canonical ------------------------------------------------------------------------------------


def test_a_canonical_file_is_not_written(fixture_repo: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    path = fixture_repo.root / MEMBERS
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    code, out = _run(capsys, str(path))
    assert code == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert out.splitlines()[0] == f"{path}: already UTF-8 without BOM, with LF line ends; nothing changed."
    assert normalized(before[0])[0] is None  # nothing to write


# Written atomically -------------------------------------------------------------------------------------


def test_the_file_is_replaced_whole_keeping_its_permissions(fixture_repo: Layout) -> None:
    path = _save(fixture_repo, MEMBERS, b"\xef\xbb\xbfa,b\r\n1,2\r\n")
    path.chmod(0o640)
    normalize_file(path, MEMBERS)
    assert path.read_bytes() == b"a,b\n1,2\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


# The command line and the make target -------------------------------------------------------------------


def test_several_files_and_the_exit_code(
    fixture_repo: Layout, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _save(fixture_repo, MEMBERS, text(fixture_repo, MEMBERS).encode("cp932"))
    monkeypatch.chdir(fixture_repo.root)
    monkeypatch.setenv(NORMALIZE_ENV, f"{MEMBERS} datapackage/none.csv")
    code, out = _run(capsys)  # no arguments: the files come from the environment
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{MEMBERS}: converted to UTF-8")
    assert lines[2] == "datapackage/none.csv: not converted, the file is unchanged: there is no such file."
    assert good.read_text(encoding="utf-8").startswith("fiscal_year,")


def test_without_a_file_it_says_how_to_name_one(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.delenv(NORMALIZE_ENV, raising=False)
    assert main(["normalize"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("name the file to convert: make normalize FILE=datapackage/<package>/<table>.csv")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_normalize_passes_the_files_without_a_shell(fixture_repo: Layout, tmp_path: Path) -> None:
    first = _save(fixture_repo, MEMBERS, b"\xef\xbb\xbf" + text(fixture_repo, MEMBERS).encode())
    second = _save(fixture_repo, CITIES, text(fixture_repo, CITIES).replace("\n", "\r\n").encode())
    marker = tmp_path / "pwned"
    env = {**os.environ, "MAKEFLAGS": ""}
    run = [shutil.which("make") or "make", "--no-print-directory", "-o", ".venv/.site-deps", "-o", ".venv/bin/python"]
    done = subprocess.run(
        [*run, "normalize", f"FILES={first} {second}", f"FILE=x.csv;touch {marker}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0  # x.csv;touch and the marker are no files
    assert not marker.exists()
    assert "x.csv;touch: not converted, the file is unchanged: there is no such file." in done.stdout
    assert b"\r" not in first.read_bytes() + second.read_bytes() and not first.read_bytes().startswith(b"\xef")
    assert errors(fixture_repo) == []
