"""Hostile CSV files: wrong encodings, BOM, CRLF, delimiters, binaries, a 100 MB file.

Decisions (datapackage/README.md, "CSV rules"): files are published byte for byte,
so anything but UTF-8 without BOM, comma-separated, LF line ends is an error with the
fix in the message. Encodings, binaries, wrong delimiters and oversize files are fatal
for the file (frictionless does not read it, so no flood of follow-on errors); BOM and
CRLF are errors, but the file is still validated, so every other problem shows too.
"""

from __future__ import annotations

import builtins
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import build_site
from sitegen.core.paths import Layout
from sitegen.validate.csv_scan import MAX_CSV_BYTES

from .hostile import (
    CITIES,
    DESCRIPTOR,
    FY2012,
    MEMBERS,
    errors,
    line_of,
    located,
    only_error,
    replace,
    rewrite,
    site_untouched,
)


def test_shift_jis_is_refused_with_the_line_and_the_guess(fixture_repo: Layout) -> None:
    rewrite(fixture_repo, MEMBERS, lambda t: t.encode("cp932"))
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("encoding-not-utf8", f"{MEMBERS}:2")  # 平成24年度 on line 2
    assert "looks like Shift_JIS (CP932). Save it as UTF-8 (without BOM)" in problem.message("en")
    assert "UTF-8（BOM なし）で保存し直してください" in problem.message("ja")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_with_or_without_bom_is_refused(fixture_repo: Layout, codec: str) -> None:
    rewrite(fixture_repo, MEMBERS, lambda t: t.encode(codec))
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("encoding-utf16", MEMBERS)
    assert "is UTF-16 ('Unicode text'), not UTF-8" in problem.message("en")


def test_bom_is_an_error_but_the_rest_is_still_validated(fixture_repo: Layout) -> None:
    rewrite(fixture_repo, MEMBERS, lambda t: b"\xef\xbb\xbf" + t.replace(FY2012, FY2012[:-1] + "x\n").encode())
    assert located(fixture_repo) == [
        ("csv-bom", f"{MEMBERS}:1"),
        ("cell-placeholder", f"{MEMBERS}:2:year_end_adjusted"),
    ]
    assert "Excel's 'CSV UTF-8' adds one" in errors(fixture_repo)[0].message("en")


@pytest.mark.parametrize(("ends", "kind"), [("\r\n", "CRLF (Windows)"), ("\r", "CR (old Mac)")])
def test_crlf_and_cr_line_ends_are_errors(fixture_repo: Layout, ends: str, kind: str) -> None:
    rewrite(fixture_repo, MEMBERS, lambda t: t.replace("\n", ends).encode())
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("csv-line-ends", f"{MEMBERS}:1")
    assert f"the file has {kind} line ends" in problem.message("en")


@pytest.mark.parametrize(("delimiter", "words"), [(";", "semicolons (;)"), ("\t", "tabs")])
def test_other_delimiters_are_refused_once_not_per_row(fixture_repo: Layout, delimiter: str, words: str) -> None:
    # frictionless would sniff the delimiter and accept the file
    rewrite(fixture_repo, MEMBERS, lambda t: t.replace(",", delimiter).encode())
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("csv-delimiter", f"{MEMBERS}:1")
    assert f"columns are separated by {words}. Separate them with commas" in problem.message("en")


def test_empty_file(fixture_repo: Layout) -> None:
    (fixture_repo.root / MEMBERS).write_bytes(b"")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("csv-empty", MEMBERS)


def test_binary_file(fixture_repo: Layout) -> None:
    (fixture_repo.root / MEMBERS).write_bytes(bytes(range(256)) * 8)
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("file-binary", MEMBERS)
    assert "it looks like a binary file" in problem.message("en")


def test_excel_workbook_saved_under_the_csv_name(fixture_repo: Layout) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (fixture_repo.root / MEMBERS).write_bytes(buffer.getvalue())
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("file-binary", MEMBERS)
    assert "an Excel workbook (.xlsx). Export the table from the spreadsheet as 'CSV UTF-8'" in problem.message("en")


def test_a_100_mb_file_is_refused_without_reading_it(fixture_repo: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    path = fixture_repo.root / MEMBERS
    with path.open("r+b") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: no 100 MB written to disk
    read = _count_reads(monkeypatch, path)
    with path.open("rb") as handle:  # the counter sees a read of the file ...
        handle.read(10)
    assert read == {"opened": 1, "bytes": 10}
    read.update(opened=0, bytes=0)
    problem = only_error(fixture_repo)
    assert read == {"opened": 0, "bytes": 0}  # ... and validation made none: only its size was looked at
    assert (problem.code, problem.location()) == ("file-too-large", MEMBERS)
    assert problem.message("en").startswith(f"the file is 100.0 MB; a CSV may be at most {MAX_CSV_BYTES >> 20} MB.")
    path.unlink()


def _count_reads(monkeypatch: pytest.MonkeyPatch, path: Path) -> dict[str, int]:
    """Count the opens of ``path`` and the bytes read from it, through every Python-level
    way to open a file (``open``, ``io.open``, ``Path.open``/``read_bytes``/``read_text``,
    ``os.open``)."""
    read = {"opened": 0, "bytes": 0}
    target = path.resolve()
    real_open, real_os_open, real_os_read = io.open, os.open, os.read
    descriptors: set[int] = set()

    def ours(file: object) -> bool:
        return isinstance(file, (str, bytes, os.PathLike)) and Path(os.fsdecode(file)).resolve() == target

    class Counting:
        def __init__(self, handle: Any) -> None:
            self._handle = handle

        def read(self, *args: Any) -> Any:
            data = self._handle.read(*args)
            read["bytes"] += len(data)
            return data

        def readline(self, *args: Any) -> Any:
            data = self._handle.readline(*args)
            read["bytes"] += len(data)
            return data

        def readinto(self, buffer: Any) -> Any:
            count = self._handle.readinto(buffer)
            read["bytes"] += count or 0
            return count

        def __iter__(self) -> Any:
            return iter(self.readline, self._handle.read(0))

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            self._handle.close()

        def __getattr__(self, name: str) -> Any:
            return getattr(self._handle, name)

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, *args, **kwargs)
        if not ours(file):
            return handle
        read["opened"] += 1
        return Counting(handle)

    def counting_os_open(file: Any, *args: Any, **kwargs: Any) -> int:
        fd = real_os_open(file, *args, **kwargs)
        if ours(file):
            read["opened"] += 1
            descriptors.add(fd)
        return fd

    def counting_os_read(fd: int, n: int) -> bytes:
        data = real_os_read(fd, n)
        if fd in descriptors:
            read["bytes"] += len(data)
        return data

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(os, "open", counting_os_open)
    monkeypatch.setattr(os, "read", counting_os_read)
    return read


def test_a_missing_csv_is_reported_at_the_path_line(fixture_repo: Layout) -> None:
    (fixture_repo.root / MEMBERS).unlink()
    problem = only_error(fixture_repo)
    line = line_of(fixture_repo, DESCRIPTOR, "path: association-members.csv")
    assert (problem.code, problem.location()) == ("file-missing", f"{DESCRIPTOR}:{line}:path")
    assert "the data file 'association-members.csv' does not exist" in problem.message("en")


def test_a_multiline_cell_is_annotated_at_its_line_not_its_row(fixture_repo: Layout) -> None:
    replace(fixture_repo, CITIES, '"Business mission with ', '"Business mission\nwith ')  # row 3: lines 3-4
    replace(fixture_repo, CITIES, "ポルトアレグレ市とのオンライン交流会。", "ポルトアレグレ市とのオンライン交流会①")
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location(), problem.line) == ("char-platform-dependent", f"{CITIES}:5:summary", 6)
    assert f"::error file={CITIES},line=6," in problem.annotation()


@pytest.mark.parametrize("case", ["shift-jis", "100-mb"])
def test_a_refused_file_never_touches_the_previous_site(fixture_repo: Layout, case: str) -> None:
    (fixture_repo.site).mkdir()
    (fixture_repo.site / "index.html").write_text("previous build", encoding="utf-8")
    if case == "shift-jis":
        rewrite(fixture_repo, MEMBERS, lambda t: t.encode("cp932"))
    else:
        with (fixture_repo.root / MEMBERS).open("r+b") as handle:
            handle.truncate(100 * 1024 * 1024)
    stream = io.StringIO()
    assert build_site(fixture_repo, stream=stream) == 1
    err = stream.getvalue()
    assert "Build stopped: validation failed" in err
    assert "Traceback" not in err
    assert site_untouched(fixture_repo.root)
