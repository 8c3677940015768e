"""The CSV file itself, before frictionless reads it: size, bytes, encoding, line ends,
delimiter, and the characters the national rules for machine-readable statistics
tables forbid (rule L1-08: ``characters.py``).

Frictionless is lenient where this repository is strict: it sniffs a semicolon or tab
delimiter, reads a BOM and CRLF line ends silently, and guesses encodings. The files
are published byte for byte as downloads, so the rules of ``datapackage/README.md``
("UTF-8 without BOM, comma delimiter, LF") are checked here, with the fix in the
message. A *fatal* problem (not text, not UTF-8, wrong delimiter, too large) means
frictionless must not read the file: it would only add a flood of follow-on errors.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.problems import Problem
from sitegen.validate import cell_hints, characters
from sitegen.validate.cell_hints import NUMERIC_TYPES

#: The largest CSV accepted. Tables of the documents are small (the largest real
#: file is a few KB); anything near this size is a mistake or belongs elsewhere.
MAX_CSV_BYTES = 5 * 1024 * 1024

_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive or an Excel workbook (.xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
_PLAIN_INTEGER = re.compile(r"^-?[0-9]+$")
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
#: A whole column of plain cells, one per line.
_PLAIN_INTEGERS = re.compile(r"(?:-?[0-9]+\n)*")
_PLAIN_NUMBERS = re.compile(r"(?:-?[0-9]+(?:\.[0-9]+)?\n)*")


def plain_column(cells: Iterable[str], integer: bool) -> bool:
    """Whether every cell is a number written plainly (``-12``, ``3.5``), in one match."""
    pattern = _PLAIN_INTEGERS if integer else _PLAIN_NUMBERS
    return pattern.fullmatch("".join(f"{cell}\n" for cell in cells)) is not None


@dataclass
class CsvScan:
    """What the scan found. ``lines`` maps a row number to its first line where they differ."""

    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False
    lines: dict[int, int] = field(default_factory=dict)
    #: The decoded file (empty when it could not be decoded) and its records (None when
    #: Python's CSV reader stops on it), read once for every later step.
    text: str = ""
    records: list[list[str]] | None = None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_utf16(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    # ASCII text in UTF-16 has a NUL in every other byte.
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4)


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return "a binary file" if b"\x00" in data[:65536] else None


def _guess_encoding(data: bytes) -> str:
    for codec, name in (("cp932", "Shift_JIS (CP932)"), ("euc_jp", "EUC-JP")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return name
    return "an unknown encoding"


def _decode(data: bytes, path: str, scan: CsvScan) -> str | None:
    """The text, or None (and a fatal problem) when the bytes are not UTF-8 text."""
    if _looks_utf16(data):
        scan.problems.append(Problem("encoding-utf16", path, values={"encoding": "UTF-16"}))
        return None
    kind = _binary_kind(data)
    if kind:
        scan.problems.append(Problem("file-binary", path, values={"kind": kind}))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        scan.problems.append(Problem("csv-bom", path, 1, line=1))
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start)
        guess = _guess_encoding(data)
        scan.problems.append(Problem("encoding-not-utf8", path, line, values={"encoding": guess}, line=line))
        return None


def _check_line_ends(text: str, path: str, scan: CsvScan) -> None:
    index = text.find("\r")
    if index >= 0:
        line = text.count("\n", 0, index) + 1
        kind = "CRLF (Windows)" if text.startswith("\r\n", index) else "CR (old Mac)"
        scan.problems.append(Problem("csv-line-ends", path, line, values={"kind": kind}, line=line))


def _check_delimiter(text: str, path: str, names: list[str], scan: CsvScan) -> None:
    header = text.split("\n", 1)[0].rstrip("\r")
    if len(names) < 2 or "," in header:
        return
    for delimiter, label in ((";", "semicolons (;)"), ("\t", "tabs"), ("|", "vertical bars (|)")):
        if delimiter in header:
            scan.problems.append(Problem("csv-delimiter", path, 1, values={"delimiter": label}, line=1))
            scan.fatal = True
            return


def reader(text: str) -> Any:
    """A CSV reader over decoded text that accepts any cell a file within the limit can hold."""
    if csv.field_size_limit() < MAX_CSV_BYTES:
        csv.field_size_limit(MAX_CSV_BYTES)  # the default, 128 KB, would stop at one long cell
    return csv.reader(io.StringIO(text, newline=""))


def _records(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """(row number, first line, cells) of every record; blank lines count as rows."""
    reader_ = reader(text)
    row, last_line = 0, 0
    try:
        for cells in reader_:
            row += 1
            yield row, last_line + 1, cells
            last_line = reader_.line_num
    except csv.Error:
        return  # frictionless reports the malformed quoting


def _column_name(position: int, names: list[str], header: list[str]) -> str:
    """The schema's name for a position (frictionless matches columns by position)."""
    if position < len(names):
        return names[position]
    if position < len(header) and header[position]:
        return header[position]
    return f"column {position + 1}"


def _fixed(cell: str) -> str:
    return characters.suggested(cell)


def _numeric_problem(cell: str, fld: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """A cell frictionless reads as a number although the CSV rules do not allow its form.

    Python's ``int`` and ``float`` accept full-width digits, ``1_000``, `` 12``, ``+5``,
    ``1e3`` and ``NaN``; frictionless follows them. The published file must be plain.
    Cells frictionless rejects are left to it (with a hint from ``cellhints``).
    """
    plain = _PLAIN_INTEGER if fld.get("type") in ("integer", "year") else _PLAIN_NUMBER
    if plain.match(cell):
        return None
    try:
        value = float(cell) if fld.get("type") == "number" else int(cell)
    except ValueError:
        return None  # a type error: frictionless reports it
    hinted = cell_hints.hint(cell, fld)
    if hinted and hinted[0] == "cell-fullwidth-digits":
        return hinted
    if isinstance(value, float) and not math.isfinite(value):
        return "cell-not-plain", {"cell": cell, "fixed": '""'}
    fixed = str(value) if isinstance(value, int) or not value.is_integer() else str(int(value))
    return "cell-not-plain", {"cell": cell, "fixed": fixed}


def _numeric_problems_possible(
    records: list[list[str]] | None, numeric: set[int], fields: list[Mapping[str, Any]], missing: set[str]
) -> bool:
    """Whether any cell of a numeric column may not be written plainly: a quick look,
    column by column with one regular expression each, before the row-by-row pass that
    locates each problem."""
    if not numeric:
        return False
    if records is None or set(map(len, records)) != {len(fields)}:
        return True  # unreadable, ragged or not the schema's width: the row-by-row pass sees every cell
    columns = list(zip(*records, strict=True))
    for position in numeric:
        cells = set(columns[position][1:]) - missing
        if not plain_column(cells, integer=fields[position].get("type") in ("integer", "year")):
            return True
    return False


def _check_cells(text: str, path: str, schema: Mapping[str, Any], scan: CsvScan) -> None:
    """Forbidden characters in any cell, and numbers not written plainly."""
    fields = [f for f in schema.get("fields", []) if isinstance(f, Mapping)]
    names = [str(f.get("name")) for f in fields]
    numeric = {i for i, f in enumerate(fields) if f.get("type") in NUMERIC_TYPES}
    missing = {str(v) for v in schema.get("missingValues", [""])}
    forbidden = characters.pattern()
    has_forbidden = forbidden.search(text) is not None
    quick = not has_forbidden and '"' not in text
    if quick and not _numeric_problems_possible(scan.records, numeric, fields, missing):
        return  # nothing to report, and no quoted cell that could span lines
    header: list[str] = []
    for row, line, cells in _records(text):
        if row == 1:
            header = cells
            continue
        if line != row:
            scan.lines[row] = line
        for position, cell in enumerate(cells):
            found = sorted(set(forbidden.findall(cell))) if has_forbidden else []
            # A number cell gets the number's own message (full-width digits, ▲: here or
            # from frictionless's type error), which says what to write; text cells the
            # characters' message.
            problem = _numeric_problem(cell, fields[position]) if position in numeric and cell not in missing else None
            if problem is not None:
                code, values = problem
            elif found and position not in numeric:
                kana = all(characters.halfwidth_kana(c) for c in found)
                code = "char-halfwidth-kana" if kana else "char-platform-dependent"
                values = {"cell": cell, "chars": " ".join(found), "fixed": _fixed(cell)}
            else:
                continue
            column = _column_name(position, names, header)
            scan.problems.append(Problem(code, path, row, column, values=values, line=line))


def scan_csv(file: Path, path: str, schema: Mapping[str, Any]) -> CsvScan:
    """Check one CSV file against the rules and the resource's (frictionless) schema."""
    names = [str(f.get("name")) for f in schema.get("fields", []) if isinstance(f, Mapping)]
    scan = CsvScan()
    size = file.stat().st_size
    if size == 0:
        scan.problems.append(Problem("csv-empty", path))
        scan.fatal = True
        return scan
    if size > MAX_CSV_BYTES:
        values = {"size": f"{size / 1024 / 1024:,.1f} MB", "limit": f"{MAX_CSV_BYTES // 1024 // 1024} MB"}
        scan.problems.append(Problem("file-too-large", path, values=values))
        scan.fatal = True
        return scan
    text = _decode(file.read_bytes(), path, scan)
    if text is None:
        scan.fatal = True
        return scan
    scan.text = text
    try:
        scan.records = list(reader(text))
    except csv.Error:
        scan.records = None
    _check_line_ends(text, path, scan)
    _check_delimiter(text, path, names, scan)
    if not scan.fatal:
        _check_cells(text, path, schema, scan)
    return scan
