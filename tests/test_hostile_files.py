"""Hostile CSV files: wrong encodings, BOM, CRLF, delimiters, binaries, a 100 MB file.

Decisions (datapackage/README.md, "CSV rules"): files are published byte for byte,
so anything but UTF-8 without BOM, comma-separated, LF line ends is an error with the
fix in the message. Encodings, binaries, wrong delimiters and oversize files are fatal
for the file (frictionless does not read it, so no flood of follow-on errors); BOM and
CRLF are errors, but the file is still validated, so every other problem shows too.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from sitegen.build import build_site
from sitegen.core.paths import Layout
from sitegen.validate.csv_scan import MAX_CSV_BYTES

from .hostile import (
    DESCRIPTOR,
    FY1970,
    STAFF,
    errors,
    line_of,
    located,
    only_error,
    replace,
    rewrite,
    site_untouched,
)


def test_shift_jis_is_refused_with_the_line_and_the_guess(repo: Layout) -> None:
    rewrite(repo, STAFF, lambda t: t.encode("cp932"))
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("encoding-not-utf8", f"{STAFF}:2")  # 昭和45年度 on line 2
    assert "looks like Shift_JIS (CP932). Save it as UTF-8 (without BOM)" in problem.message("en")
    assert "UTF-8（BOM なし）で保存し直してください" in problem.message("ja")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_with_or_without_bom_is_refused(repo: Layout, codec: str) -> None:
    rewrite(repo, STAFF, lambda t: t.encode(codec))
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("encoding-utf16", STAFF)
    assert "is UTF-16 ('Unicode text'), not UTF-8" in problem.message("en")


def test_bom_is_an_error_but_the_rest_is_still_validated(repo: Layout) -> None:
    rewrite(repo, STAFF, lambda t: b"\xef\xbb\xbf" + t.replace(FY1970, FY1970[:-1] + "x\n").encode())
    assert located(repo) == [("csv-bom", f"{STAFF}:1"), ("cell-placeholder", f"{STAFF}:2:year_end_adjusted")]
    assert "Excel's 'CSV UTF-8' adds one" in errors(repo)[0].message("en")


@pytest.mark.parametrize(("ends", "kind"), [("\r\n", "CRLF (Windows)"), ("\r", "CR (old Mac)")])
def test_crlf_and_cr_line_ends_are_errors(repo: Layout, ends: str, kind: str) -> None:
    rewrite(repo, STAFF, lambda t: t.replace("\n", ends).encode())
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("csv-line-ends", f"{STAFF}:1")
    assert f"the file has {kind} line ends" in problem.message("en")


@pytest.mark.parametrize(("delimiter", "words"), [(";", "semicolons (;)"), ("\t", "tabs")])
def test_other_delimiters_are_refused_once_not_per_row(repo: Layout, delimiter: str, words: str) -> None:
    # frictionless would sniff the delimiter and accept the file
    rewrite(repo, STAFF, lambda t: t.replace(",", delimiter).encode())
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("csv-delimiter", f"{STAFF}:1")
    assert f"columns are separated by {words}. Separate them with commas" in problem.message("en")


def test_empty_file(repo: Layout) -> None:
    (repo.root / STAFF).write_bytes(b"")
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("csv-empty", STAFF)


def test_binary_file(repo: Layout) -> None:
    (repo.root / STAFF).write_bytes(bytes(range(256)) * 8)
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("file-binary", STAFF)
    assert "it looks like a binary file" in problem.message("en")


def test_excel_workbook_saved_under_the_csv_name(repo: Layout) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (repo.root / STAFF).write_bytes(buffer.getvalue())
    problem = only_error(repo)
    assert (problem.code, problem.location()) == ("file-binary", STAFF)
    assert "an Excel workbook (.xlsx). Export the table from the spreadsheet as 'CSV UTF-8'" in problem.message("en")


def test_a_100_mb_file_is_refused_without_reading_it(repo: Layout) -> None:
    path = repo.root / STAFF
    with path.open("r+b") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: no 100 MB written to disk
    started = time.monotonic()
    problem = only_error(repo)
    assert time.monotonic() - started < 5
    assert (problem.code, problem.location()) == ("file-too-large", STAFF)
    assert problem.message("en").startswith(f"the file is 100.0 MB; a CSV may be at most {MAX_CSV_BYTES >> 20} MB.")
    path.unlink()


def test_a_missing_csv_is_reported_at_the_path_line(repo: Layout) -> None:
    (repo.root / STAFF).unlink()
    problem = only_error(repo)
    line = line_of(repo, DESCRIPTOR, "path: dispatch-act-staff.csv")
    assert (problem.code, problem.location()) == ("file-missing", f"{DESCRIPTOR}:{line}:path")
    assert "the data file 'dispatch-act-staff.csv' does not exist" in problem.message("en")


def test_a_multiline_cell_is_annotated_at_its_line_not_its_row(repo: Layout) -> None:
    rel = STAFF.replace("dispatch-act-staff", "exchange-events-fy2024")
    replace(repo, rel, '"International workshop on ', '"International workshop\non ')  # row 3: lines 3-4
    replace(repo, rel, "第16回三国若手・中堅職員合同研修。", "第16回三国若手・中堅職員合同研修①")
    problem = only_error(repo)
    assert (problem.code, problem.location(), problem.line) == ("char-platform-dependent", f"{rel}:5:content", 6)
    assert "::error file=datapackage/nps-international-cooperation/exchange-events-fy2024.csv,line=6," in (
        problem.annotation()
    )


@pytest.mark.parametrize("case", ["shift-jis", "100-mb"])
def test_a_refused_file_never_touches_the_previous_site(repo: Layout, case: str) -> None:
    (repo.site).mkdir()
    (repo.site / "index.html").write_text("previous build", encoding="utf-8")
    if case == "shift-jis":
        rewrite(repo, STAFF, lambda t: t.encode("cp932"))
    else:
        with (repo.root / STAFF).open("r+b") as handle:
            handle.truncate(100 * 1024 * 1024)
    stream = io.StringIO()
    assert build_site(repo, stream=stream) == 1
    err = stream.getvalue()
    assert "Build stopped: validation failed" in err
    assert "Traceback" not in err
    assert site_untouched(repo.root)
