"""Download formats of a resource, built from the validated rows (pure functions).

Spreadsheet formats are where a hostile cell does harm: a text cell beginning with
``=``, ``+``, ``-``, ``@``, tab or CR is neutralised with a leading apostrophe so that Excel
shows it as text instead of running it; numeric fields stay numbers (``-5`` is ``-5``).
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

from sitegen.core.i18n import text

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


def csv_bytes(rows: Iterable[Mapping[str, Any]], fields: Sequence[Mapping[str, Any]], *, excel: bool = False) -> bytes:
    """CSV of the typed rows. ``excel``: UTF-8 with BOM and CRLF, so Japanese Excel reads it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    names = [str(f["name"]) for f in fields]
    writer.writerow(names)
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


def json_bytes(rows: Iterable[Mapping[str, Any]]) -> bytes:
    return (json.dumps(list(rows), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def xlsx_bytes(
    rows: Iterable[Mapping[str, Any]],
    fields: Sequence[Mapping[str, Any]],
    metadata: Iterable[tuple[str, str, str]],
    when: dt.datetime,
) -> bytes:
    """A workbook with the data and a metadata sheet (title, source, license, fields)."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the active sheet, the only one of a new workbook
    sheet.title = "data"
    sheet.append([str(f["name"]) for f in fields])
    for row in rows:
        sheet.append([_xlsx_value(excel_safe(row.get(f["name"]), f)) for f in fields])
    sheet.freeze_panes = "A2"
    meta = workbook.create_sheet("metadata")
    meta.append(["item", "日本語", "English"])
    for key, ja, en in metadata:
        meta.append([key, excel_safe(ja, {}), excel_safe(en, {})])
    meta.append([])
    meta.append(["field", "項目名", "Title", "type", "単位", "unit", "説明", "Description"])
    for f in fields:
        meta.append(
            [
                excel_safe(v, {})
                for v in (
                    f.get("name"),
                    text(f, "title", "ja"),
                    text(f, "title", "en"),
                    f.get("type"),
                    text(f, "unit", "ja"),
                    text(f, "unit", "en"),
                    text(f, "description", "ja"),
                    text(f, "description", "en"),
                )
            ]
        )
    naive = when.replace(tzinfo=None)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "sitegen"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalise_zip(buffer.getvalue(), when)


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
