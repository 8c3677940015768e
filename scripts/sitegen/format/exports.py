"""Download formats of a resource, built from the validated rows (pure functions).

Spreadsheet formats are where a hostile cell does harm. In the Excel CSV a text cell
beginning with ``=``, ``+``, ``-``, ``@``, tab or CR is neutralised with a leading
apostrophe so that Excel shows it as text instead of running it; numeric fields stay
numbers (``-5`` is ``-5``). In the workbook a text cell is stored as a string cell, which
Excel never evaluates, so its value is the original text.
Every archive is deterministic (fixed timestamps, sorted entries) for reproducible builds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Imported with this module, not on first use: openpyxl imports numpy, and a first import
# of numpy on one thread while a chart thread inspects ``sys.modules`` for it (narwhals,
# under Altair, does) fails with a half-initialised module.
from openpyxl import Workbook

from sitegen.format.sheets import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMERIC = ("integer", "number")


def excel_safe(value: Any, field: Mapping[str, Any]) -> Any:
    if value is None:
        return None
    if field.get("type") in NUMERIC and isinstance(value, (int, float)):
        return value
    if isinstance(value, bool):
        return value
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_bytes(
    rows: Iterable[Mapping[str, Any]],
    fields: Sequence[Mapping[str, Any]],
    *,
    excel: bool = False,
    header: Sequence[str] | None = None,
) -> bytes:
    """CSV of the typed rows. ``excel``: UTF-8 with BOM and CRLF, so Japanese Excel reads
    it; ``header`` replaces the field names in row 1 (the Excel CSV's titles with units)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow(list(header) if header is not None else [str(f["name"]) for f in fields])
    for row in rows:
        values = []
        for field in fields:
            value = row.get(field["name"])
            if excel:
                value = excel_safe(value, field)
            if isinstance(value, bool):
                value = "true" if value else "false"
            values.append("" if value is None else value)
        writer.writerow(values)
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if excel else data


def plain_csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A plain CSV (UTF-8, LF) of a small table of text: a code table."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(header))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def json_bytes(rows: Iterable[Mapping[str, Any]]) -> bytes:
    return (json.dumps(list(rows), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def xlsx_bytes(
    rows: Iterable[Mapping[str, Any]],
    fields: Sequence[Mapping[str, Any]],
    header: Sequence[str],
    tables: Iterable[Table],
    when: dt.datetime,
) -> bytes:
    """A workbook whose every sheet is one table from A1 with one header row: ``data``
    (headed by ``header``), then ``tables`` (fields, codes, notes, history, metadata).
    No styles, merged cells, objects or formulas: nothing a program cannot read."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the active sheet, the only one of a new workbook
    sheet.title = "data"
    _append(sheet, list(header))
    for row in rows:
        _append(sheet, [row.get(f["name"]) for f in fields])
    sheet.freeze_panes = "A2"
    for table in tables:
        extra = workbook.create_sheet(table.name)
        _append(extra, list(table.header))
        for values in table.rows:
            _append(extra, values)
        extra.freeze_panes = "A2"
    naive = when.replace(tzinfo=None)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "sitegen"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalise_zip(buffer.getvalue(), when)


def _append(sheet: Any, values: Sequence[Any]) -> None:
    """A row of cells whose text is always text: openpyxl takes a string starting with
    "=" for a formula; typed as a string cell, Excel shows it and never runs it, so the
    stored value stays the original text (no apostrophe, unlike the Excel CSV)."""
    sheet.append([_xlsx_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _xlsx_value(value: Any) -> Any:
    # Characters XML 1.0 cannot hold would make openpyxl refuse the whole workbook.
    if isinstance(value, str):
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", value)
    return value


_DCTERMS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a zip (an XLSX) with fixed entry timestamps and document dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _DCTERMS.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            entries.append((info.filename, content))
    return zip_bytes(entries, when, sort=False)


def zip_bytes(entries: Iterable[tuple[str, bytes]], when: dt.datetime, *, sort: bool = True) -> bytes:
    """A deterministic zip: fixed timestamps and permissions, entries sorted by name."""
    date_time = max(when, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    items = sorted(entries) if sort else list(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in items:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
