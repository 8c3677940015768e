"""The CSV file itself, before frictionless reads it: size, bytes, encoding, line ends,
delimiter, the header's exact names, and the text of every cell: the characters the
national rules for machine-readable statistics tables forbid (rule L1-08), invisible and
direction-changing characters and padding (``characters.py`` says which and why), cells
over ``MAX_CELL_CHARS``, and numbers not written in their one canonical form.

Frictionless is lenient where this repository is strict: it sniffs a semicolon or tab
delimiter, reads a BOM and CRLF line ends silently, guesses encodings, strips white
space around a header name (``dispatched `` passes as ``dispatched``) and reads ``007``
and ``-0`` as numbers. The files are published byte for byte as downloads, so the rules
of ``datapackage/README.md`` ("UTF-8 without BOM, comma delimiter, LF") are checked here,
with the fix in the message (for the encoding, BOM and line ends: ``make normalize``,
``normalize.py``). A *fatal* problem (not text, a NUL byte, not UTF-8, wrong delimiter,
too large) means frictionless must not read the file: it would only add a flood of
follow-on errors.

Numbers are canonical: the CSV is published as it is, while the page and the JSON
download show the value (``format/cells.py``, ``fast_rows.plain_value``): ``007`` as 7,
``-0`` as 0, ``85.50`` as 85.5. So a number cell is digits with no leading zero, an
optional minus sign (never on zero) and, for ``number`` fields, a decimal part that does
not end in 0 (``cell-not-canonical``, with the form to write).

A cell longer than ``MAX_CELL_CHARS`` (5,000 characters; the longest real cell, a
policy evaluation's paragraph, has about 1,000) is a warning (``cell-too-long``): it
builds a heavy page and is rarely one datum.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sitegen.core.problems import Problem
from sitegen.validate import cell_hints, characters
from sitegen.validate.cell_hints import NUMERIC_TYPES

#: The largest CSV accepted. Tables of the documents are small (the largest real
#: file is a few KB); anything near this size is a mistake or belongs elsewhere.
MAX_CSV_BYTES = 5 * 1024 * 1024
#: The longest cell accepted without a warning, in characters: five times the longest
#: cell of the real tables (a paragraph of about 1,000 characters).
MAX_CELL_CHARS = 5_000
#: A file with NUL bytes is a text file with stray ones (``csv-nul``) when they are at
#: most this share of its bytes (or this few) and the rest is text; otherwise a binary file.
_NUL_SHARE = 0.01
_NUL_FEW = 8

_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive or an Excel workbook (.xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
#: What ``binary_kind`` calls a file with NUL bytes and no known signature.
BINARY = "a binary file"
#: Digits, an optional minus sign and decimal point: what the rules call plain.
_PLAIN_INTEGER = re.compile(r"^-?[0-9]+$")
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
#: The one form of each plain number: no leading zero, no minus on zero, no trailing
#: zero in the decimals (``-0`` and ``-0.5``: the second is fine, the first is not).
_CANONICAL_INTEGER = re.compile(r"^(?:-?[1-9][0-9]*|0)$")
_CANONICAL_NUMBER = re.compile(r"^(?:-?[1-9][0-9]*(?:\.[0-9]*[1-9])?|-?0\.[0-9]*[1-9]|0)$")
#: A whole column of canonical cells, one per line.
_CANONICAL_INTEGERS = re.compile(r"(?:(?:-?[1-9][0-9]*|0)\n)*")
_CANONICAL_NUMBERS = re.compile(r"(?:(?:-?[1-9][0-9]*(?:\.[0-9]*[1-9])?|-?0\.[0-9]*[1-9]|0)\n)*")
#: Field types whose cells are text: checked for invisible characters and padding here
#: (a date or a boolean with them is a type error, explained by ``frictionless_errors``).
TEXT_TYPES = {"string", "any", None}


def plain_column(cells: Iterable[str], integer: bool) -> bool:
    """Whether every cell is a number written canonically (``-12``, ``3.5``), in one match."""
    pattern = _CANONICAL_INTEGERS if integer else _CANONICAL_NUMBERS
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


def looks_utf16(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    # ASCII text in UTF-16 has a NUL in every other byte.
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4)


def binary_kind(data: bytes) -> str | None:
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return BINARY if b"\x00" in data[:65536] and not _stray_nul(data) else None


def _stray_nul(data: bytes) -> bool:
    """Whether the NUL bytes of ``data`` are strays in a text file: few, and the rest
    text (UTF-8, or an encoding ``encoding-not-utf8`` then names)."""
    count = data.count(b"\x00")
    if not count or count > max(len(data) * _NUL_SHARE, _NUL_FEW):
        return False
    rest = data.replace(b"\x00", b"")
    for codec in ("utf-8-sig", "cp932", "euc_jp"):
        try:
            rest.decode(codec)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _nul_problem(data: bytes, path: str) -> Problem:
    """Where the first NUL byte is: its line, its character in the line and its byte in
    the file (both counted from 1)."""
    offset = data.index(b"\x00")
    line = _line_of(data, offset)
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    values = {"count": data.count(b"\x00"), "column": column, "offset": offset + 1, "path": path}
    return Problem("csv-nul", path, line, values=values, line=line)


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
    if looks_utf16(data):
        scan.problems.append(Problem("encoding-utf16", path, values={"encoding": "UTF-16", "path": path}))
        return None
    kind = binary_kind(data)
    if kind:
        scan.problems.append(Problem("file-binary", path, values={"kind": kind, "path": path}))
        return None
    if b"\x00" in data:
        scan.problems.append(_nul_problem(data, path))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        scan.problems.append(Problem("csv-bom", path, 1, values={"path": path}, line=1))
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start)
        values = {"encoding": _guess_encoding(data), "path": path}
        scan.problems.append(Problem("encoding-not-utf8", path, line, values=values, line=line))
        return None


def _check_line_ends(text: str, path: str, scan: CsvScan) -> None:
    index = text.find("\r")
    if index >= 0:
        line = text.count("\n", 0, index) + 1
        kind = "CRLF (Windows)" if text.startswith("\r\n", index) else "CR (old Mac)"
        scan.problems.append(Problem("csv-line-ends", path, line, values={"kind": kind, "path": path}, line=line))


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
    ``1e3`` and ``NaN``, and ``007`` and ``-0`` are plain digits; frictionless reads them
    all. The published file must hold the number in its one canonical form. Cells
    frictionless rejects are left to it (with a hint from ``cell_hints``).
    """
    integer = fld.get("type") in ("integer", "year")
    if (_CANONICAL_INTEGER if integer else _CANONICAL_NUMBER).match(cell):
        return None
    if (_PLAIN_INTEGER if integer else _PLAIN_NUMBER).match(cell):
        return "cell-not-canonical", {"cell": cell, **cell_hints.not_canonical(cell)}
    try:
        value = int(cell) if integer else float(cell)
    except ValueError:
        return None  # a type error: frictionless reports it
    hinted = cell_hints.hint(cell, fld)
    if hinted and hinted[0] != "cell-unit":
        return hinted  # full-width digits, an invisible character, not finite
    try:  # the cell as digits; an exponent form got its message from the hint
        fixed = cell_hints.canonical(format(Decimal(cell), "f"))
    except ArithmeticError:
        fixed = str(value)
    return "cell-not-plain", {"cell": cell, "fixed": fixed}


def _problems_possible(
    records: list[list[str]] | None, numeric: set[int], fields: list[Mapping[str, Any]], missing: set[str]
) -> bool:
    """Whether any cell may be wrong in a way the row-by-row pass locates: a number not
    written canonically, a text cell with white space at an edge, a cell over the length
    limit. A quick look, column by column over the distinct cells, before the pass that
    locates each problem."""
    if records is None or set(map(len, records)) != {len(fields)}:
        return True  # unreadable, ragged or not the schema's width: the row-by-row pass sees every cell
    for position, column in enumerate(zip(*records, strict=True)):
        cells = set(column[1:])
        if max(map(len, cells), default=0) > MAX_CELL_CHARS:
            return True
        present = cells - missing
        if position in numeric:
            if not plain_column(present, integer=fields[position].get("type") in ("integer", "year")):
                return True
        elif fields[position].get("type") in TEXT_TYPES and any(c[:1].isspace() or c[-1:].isspace() for c in present):
            return True
    return False


def _check_header(text: str, path: str, names: list[str], scan: CsvScan) -> None:
    """Header names equal to the schema's field names, character for character.

    Frictionless strips white space around a label before it compares it with the
    field's name, so ``dispatched `` passes; but the header is published as it is, and
    a reuser who reads the column by the name the descriptor gives does not find it. Any
    other difference is frictionless' own ``incorrect-label``.
    """
    header: list[str] = next(reader(text), [])
    for position, (label, name) in enumerate(zip(header, names, strict=False)):
        if label != name and label.strip() == name:
            values = {"position": position + 1, "label": characters.shown(label), "column": name}
            scan.problems.append(Problem("label-whitespace", path, 1, name, values=values, line=1))


def _cell_problems(
    cell: str, fld: Mapping[str, Any], numeric: bool, found: list[str], missing: bool
) -> list[tuple[str, Any]]:
    """(code, values) of everything wrong with one cell. A missing value (``missingValues``)
    is only checked for the characters L1-08 refuses."""
    if numeric and not missing:
        # A number cell gets the number's own message (full-width digits, ▲: here or
        # from frictionless's type error), which says what to write.
        problem = _numeric_problem(cell, fld)
        return [problem] if problem else []
    problems: list[tuple[str, Any]] = []
    if numeric:
        return problems
    if fld.get("type") in TEXT_TYPES and not missing:
        text = characters.text_problem(cell, cell=True)
        if text:
            problems.append(text)
    if found:
        kana = all(characters.halfwidth_kana(c) for c in found)
        code = "char-halfwidth-kana" if kana else "char-platform-dependent"
        problems.append((code, {"cell": cell, "chars": " ".join(found), "fixed": _fixed(cell)}))
    return problems


def _check_cells(text: str, path: str, schema: Mapping[str, Any], scan: CsvScan) -> None:
    """Every cell: forbidden, invisible and direction-changing characters, padding and
    length in text cells; numbers not written canonically."""
    fields = [f for f in schema.get("fields", []) if isinstance(f, Mapping)]
    names = [str(f.get("name")) for f in fields]
    numeric = {i for i, f in enumerate(fields) if f.get("type") in NUMERIC_TYPES}
    missing = {str(v) for v in schema.get("missingValues", [""])}
    forbidden = characters.pattern()
    has_forbidden = forbidden.search(text) is not None
    quick = not has_forbidden and '"' not in text and characters.invisible_pattern().search(text) is None
    if quick and not _problems_possible(scan.records, numeric, fields, missing):
        return  # nothing to report, and no quoted cell that could span lines
    header: list[str] = []
    for row, line, cells in _records(text):
        if row == 1:
            header = cells
            continue
        if line != row:
            scan.lines[row] = line
        for position, cell in enumerate(cells):
            column = _column_name(position, names, header)
            if len(cell) > MAX_CELL_CHARS:
                values = {"length": f"{len(cell):,}", "limit": f"{MAX_CELL_CHARS:,}"}
                scan.problems.append(Problem("cell-too-long", path, row, column, "warning", values, line=line))
            # A cell beyond the schema's fields is frictionless' extra-cell.
            fld = fields[position] if position < len(fields) else {}
            found = sorted(set(forbidden.findall(cell))) if has_forbidden else []
            problems = _cell_problems(cell, fld, position in numeric, found, cell in missing or not fld)
            for code, values in problems:
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
        _check_header(text, path, names, scan)
        _check_cells(text, path, schema, scan)
    return scan
