"""The national machine-readability rules (L1-01 … L3-09), checked on the files we publish.

Japan's 行政データにおける機械可読性に関するルール (Digital Agency, 2026) is what a
ministry checks before it publishes a table; ``machine_readability.yml`` lists the rules,
which published file kinds each applies to, and how it is checked. The checks here run
on each download as written, read back the way a reuser opens it (``csv`` for the CSVs,
openpyxl for the workbook, the zip's parts for objects), never on the source CSV alone:
the download writers are what a reader meets.

``check_file`` returns, for one file, an ``Outcome`` per rule that applies to its kind:
passed, not applicable (with the reason, e.g. a table without number columns has no
units to state) or failed with findings located to a sheet, row and column. A finding
becomes a validation ``Problem`` naming the rule id and its Japanese name. A file that
cannot be read back fails L1-01 once, and no other rule is judged on it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from openpyxl import load_workbook

from sitegen.core.problems import Problem
from sitegen.model.fields import is_time
from sitegen.model.packages import Resource
from sitegen.validate import characters

RULES_FILE = Path(__file__).with_name("machine_readability.yml")
Kind = Literal["csv", "csv_excel", "xlsx", "codes", "json"]
KINDS: tuple[Kind, ...] = ("csv", "csv_excel", "xlsx", "codes", "json")
Status = Literal["pass", "na", "fail"]
NUMERIC = ("integer", "number")
#: The workbook's sheets, by role. Each holds one table from A1; ``data`` comes first.
DATA_SHEET = "data"
#: What the workbook's metadata sheet must give (L3-08), by the key in its first column.
METADATA_KEYS = ("title", "source", "license", "accrual_periodicity", "last_updated", "encoding_csv", "blank_cells")
REQUIRED_SHEETS = ("fields", "history", "metadata")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    name_en: str
    kinds: tuple[str, ...]
    check: str
    check_en: str
    na: str = ""
    na_en: str = ""

    @property
    def anchor(self) -> str:
        return "rule-" + self.id.lower()


@dataclass(frozen=True)
class RuleSource:
    title: str
    title_en: str
    publisher: str
    publisher_en: str
    date: str
    url: str
    data_url: str


@lru_cache(maxsize=1)
def _catalogue() -> tuple[RuleSource, tuple[Rule, ...]]:
    with RULES_FILE.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    src = {k: str(v) for k, v in loaded["_source"].items()}
    rules = tuple(
        Rule(
            id=r["id"],
            name=r["name"],
            name_en=r["name_en"],
            kinds=tuple(r["kinds"]),
            check=r["check"],
            check_en=r["check_en"],
            na=r.get("na", ""),
            na_en=r.get("na_en", ""),
        )
        for r in loaded["rules"]
    )
    return RuleSource(**src), rules


def rules() -> tuple[Rule, ...]:
    return _catalogue()[1]


def rule_source() -> RuleSource:
    return _catalogue()[0]


def rule(rule_id: str) -> Rule:
    return next(r for r in rules() if r.id == rule_id)


# --------------------------------------------------------------------------- reading back


@dataclass
class Sheet:
    """One table as a reader opens it: a CSV file, or one worksheet of the workbook."""

    name: str
    rows: list[list[Any]]
    #: openpyxl's data type per cell (``n`` number, ``s`` text, ``f`` formula, …); CSV: none.
    types: list[list[str]] | None = None


@dataclass
class ReadBack:
    kind: str
    file: str
    sheets: list[Sheet] = field(default_factory=list)
    raw: bytes = b""
    #: What only a workbook can have, each a list of "where" strings.
    objects: list[str] = field(default_factory=list)
    styled: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)
    unreadable: str = ""

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    @property
    def data(self) -> Sheet | None:
        return self.sheets[0] if self.kind != "xlsx" else self.sheet(DATA_SHEET)


def read_csv(kind: str, file: str, data: bytes) -> ReadBack:
    """A CSV as a reader parses it: UTF-8 (with the BOM the Excel CSV declares)."""
    back = ReadBack(kind, file, raw=data)
    excel = kind == "csv_excel"
    if excel != data.startswith(b"\xef\xbb\xbf"):
        back.unreadable = "BOM expected but missing" if excel else "unexpected BOM"
        return back
    try:
        text = data.decode("utf-8-sig" if excel else "utf-8")
    except UnicodeDecodeError as error:
        back.unreadable = f"not UTF-8 ({error.reason} at byte {error.start})"
        return back
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        back.unreadable = f"not CSV ({error})"
        return back
    back.sheets = [Sheet(file.rsplit("/", 1)[-1], rows)]
    return back


_OBJECT_PARTS = ("xl/drawings/", "xl/media/", "xl/charts/", "xl/embeddings/", "xl/activeX/")


def read_xlsx(file: str, data: bytes) -> ReadBack:
    """A workbook as a reader (and a program) opens it: every sheet's cells, types, merged
    ranges, hidden rows, columns and sheets, styles, formulas, and the objects in the zip."""
    back = ReadBack("xlsx", file, raw=data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as error:
        back.unreadable = f"not an Excel workbook ({type(error).__name__}: {error})"
        return back
    back.objects = [n for n in names if n.startswith(_OBJECT_PARTS) or n.endswith(".vml")]
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            back.hidden.append(f"sheet {ws.title}")
        back.merged += [f"{ws.title}!{r}" for r in ws.merged_cells.ranges]
        for key, dim in ws.row_dimensions.items():
            if dim.hidden or (dim.outlineLevel or 0) > 0:
                back.hidden.append(f"{ws.title} row {key}")
        for letter, cdim in ws.column_dimensions.items():
            if cdim.hidden or (cdim.outlineLevel or 0) > 0:
                back.hidden.append(f"{ws.title} column {letter}")
        rows: list[list[Any]] = []
        types: list[list[str]] = []
        for row in ws.iter_rows():
            rows.append([c.value for c in row])
            types.append([c.data_type for c in row])
            for c in row:
                if c.data_type == "f":
                    back.formulas.append(f"{ws.title}!{c.coordinate}")
                if c.has_style and _styled(c):
                    back.styled.append(f"{ws.title}!{c.coordinate}")
        back.sheets.append(Sheet(ws.title, rows, types))
    return back


def _styled(cell: Any) -> bool:
    font, fill, border = cell.font, cell.fill, cell.border
    coloured = font.color is not None and font.color.rgb not in (None, "FF000000") and font.color.theme is None
    lined = any(getattr(border, side).style for side in ("left", "right", "top", "bottom"))
    return bool(font.b or font.i or font.u or coloured or (fill.fill_type not in (None, "none")) or lined)


def read_json(file: str, data: bytes) -> ReadBack:
    """The JSON download (an array of records) as a table: the keys, then each record."""
    back = ReadBack("json", file, raw=data)
    try:
        records = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        back.unreadable = f"not JSON ({error})"
        return back
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        back.unreadable = "not an array of records"
        return back
    keys = list(records[0]) if records else []
    back.sheets = [Sheet(file.rsplit("/", 1)[-1], [keys, *([r.get(k) for k in keys] for r in records)])]
    return back


def read_back(kind: str, file: str, data: bytes) -> ReadBack:
    if kind == "xlsx":
        return read_xlsx(file, data)
    return read_json(file, data) if kind == "json" else read_csv(kind, file, data)


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Breach:
    where: str
    detail: str
    detail_ja: str
    #: The data row (header = 1) and field, when the finding is in the data table.
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Outcome:
    rule: str
    kind: str
    status: Status
    findings: tuple[Breach, ...] = ()


@dataclass(frozen=True)
class Expected:
    """What a file should hold, from the descriptor and the writer."""

    resource: Resource
    #: The data table's header in this file (ASCII names or Japanese titles with units).
    header: list[str]
    #: Kinds published beside this one for the same table (a code table CSV, …).
    companions: frozenset[str] = frozenset()
    #: The header of the previous version's CSV, when there is one.
    previous_header: list[str] | None = None
    #: Whether the current version's change log says the columns changed.
    structure_change_logged: bool = False


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _cell(sheet: Sheet, r: int, c: int) -> str:
    """A cell in A1 notation, with its sheet in a workbook (``data!C4``; a CSV: ``C4``)."""
    at = f"{_column_letter(c)}{r + 1}"
    return f"{sheet.name}!{at}" if sheet.types is not None else at


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cells(sheet: Sheet) -> Iterable[tuple[int, int, Any]]:
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            yield r, c, value


def _trimmed_rows(sheet: Sheet) -> list[list[Any]]:
    """The rows with trailing blank cells cut (a worksheet pads rows to its extent)."""
    out = []
    for row in sheet.rows:
        values = list(row)
        while values and _blank(values[-1]):
            values.pop()
        out.append(values)
    return out


# --------------------------------------------------------------------------- the rules


def _l1_01(back: ReadBack, exp: Expected) -> list[Breach]:
    return [Breach(back.file, back.unreadable, back.unreadable)] if back.unreadable else []


def _l1_02(back: ReadBack, exp: Expected) -> list[Breach]:
    found = []
    for sheet in back.sheets:
        rows = _trimmed_rows(sheet)
        width = len(rows[0]) if rows else 0
        for r, row in enumerate(rows):
            if not row and any(rows[r + 1 :]):
                found.append(
                    Breach(
                        _cell(sheet, r, 0),
                        f"a blank row, then another block from row {r + 2}: a second table",
                        f"空行のあと {r + 2} 行目から別のまとまりがあります（2つ目の表）",
                    )
                )
                break
            if back.kind != "xlsx" and row and len(sheet.rows[r]) != width:
                found.append(
                    Breach(
                        _cell(sheet, r, 0),
                        f"{len(sheet.rows[r])} cells where the header has {width}",
                        f"見出しは {width} 列ですが、この行は {len(sheet.rows[r])} 列です",
                        r + 1,
                    )
                )
    return found


def _l1_03(back: ReadBack, exp: Expected) -> list[Breach]:
    found = []
    for sheet in back.sheets:
        rows = sheet.rows
        for r, row in enumerate(rows):
            if all(_blank(v) for v in row):
                found.append(Breach(_cell(sheet, r, 0), "a blank row", "空白の行があります"))
        width = max((len(r) for r in rows), default=0)
        for c in range(width):
            if all(c >= len(row) or _blank(row[c]) for row in rows):
                found.append(Breach(_cell(sheet, 0, c), "a blank column", "空白の列があります"))
    return found


def _l1_04(back: ReadBack, exp: Expected) -> list[Breach]:
    found = []
    for sheet in back.sheets:
        header = _trimmed_rows(sheet)[0] if sheet.rows else []
        for r, c, value in _cells(sheet):
            if c >= len(header) and not _blank(value):
                found.append(
                    Breach(_cell(sheet, r, c), "a value outside the table's columns", "表の列の外側に値があります")
                )
    return found


_LETTER = re.compile(r"[A-Za-z\u3040-\u30ff\u3400-\u9fff]")


def _l1_05(back: ReadBack, exp: Expected) -> list[Breach]:
    found = []
    for sheet in back.sheets:
        for c, value in enumerate(sheet.rows[0] if sheet.rows else []):
            if _blank(value) or not _LETTER.search(str(value)):
                found.append(
                    Breach(
                        _cell(sheet, 0, c),
                        f"the column name {value!r} says nothing about the column",
                        f"列の見出し {value!r} から内容が分かりません",
                    )
                )
    return found


_EDGE_SPACE = re.compile(r"^[\s\u3000]|[\s\u3000]$")
_SPACE_RUN = re.compile(r"[ \u3000\u00a0]{2,}")


Said = tuple[str, str] | None
"""What is wrong with a cell, in English and Japanese, or None."""


def _text_breaches(back: ReadBack, sheets: Iterable[Sheet], judge: Callable[[int, str], Said]) -> list[Breach]:
    """Each text cell of ``sheets`` that ``judge`` (given the row index and the text)
    finds wrong, located; a cell of the data table also by its row."""
    found = []
    for sheet in sheets:
        for r, c, value in _cells(sheet):
            said = judge(r, value) if isinstance(value, str) and value else None
            if said:
                found.append(Breach(_cell(sheet, r, c), said[0], said[1], r + 1 if sheet is back.data else None))
    return found


def _layout_space(r: int, value: str) -> Said:
    if _EDGE_SPACE.search(value):
        return f"white space at the start or end of {value[:40]!r}", f"{value[:40]!r} の先頭か末尾に空白があります"
    if _SPACE_RUN.search(value):
        return f"a run of spaces in {value[:40]!r}", f"{value[:40]!r} に空白が続いています"
    if r == 0 and ("\n" in value or "\r" in value):
        return "a line break in a header", "見出しに改行があります"
    return None


def _l1_06(back: ReadBack, exp: Expected) -> list[Breach]:
    return _text_breaches(back, back.sheets, _layout_space)


_LIST_SEP = re.compile(r"[、，,；;／]")
_SENTENCE = re.compile(r"[。．.!?！？]")


def looks_like_list(value: str) -> bool:
    """Three or more short items separated by list punctuation, none a sentence."""
    parts = [p.strip() for p in _LIST_SEP.split(value)]
    return len(parts) >= 3 and all(0 < len(p) <= 30 and not _SENTENCE.search(p) for p in parts)


def _l1_07(back: ReadBack, exp: Expected) -> list[Breach]:
    """On the data table: the other sheets hold prose (descriptions, notes, quoted
    headings), where a list of words is a sentence, not several data."""

    def listed(r: int, value: str) -> Said:
        if r and looks_like_list(value):
            return f"several data in one cell: {value[:60]!r}", f"1つのセルに複数のデータがあります: {value[:60]!r}"
        return None

    return _text_breaches(back, [back.data] if back.data else [], listed)


def _l1_08(back: ReadBack, exp: Expected) -> list[Breach]:
    def refused(r: int, value: str) -> Said:
        bad = sorted(set(characters.pattern().findall(value)))
        if not bad:
            return None
        chars = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in bad)
        return (
            f"platform-dependent or full-width characters: {chars}",
            f"機種依存文字または全角英数字があります: {chars}",
        )

    return _text_breaches(back, back.sheets, refused)


def _numeric_fields(resource: Resource) -> list[tuple[int, dict[str, Any]]]:
    return [(i, f) for i, f in enumerate(resource.fields) if f.get("type") in NUMERIC]


_PLACEHOLDER = re.compile(r"^[-‐－―—–…・*＊xX×]+$|^(n/?a|na|none|null)$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")


def _data_rows(back: ReadBack) -> list[tuple[int, list[Any]]]:
    data = back.data
    return list(enumerate(data.rows[1:], start=1)) if data else []


def _l1_09(back: ReadBack, exp: Expected) -> list[Breach] | str:
    numeric = _numeric_fields(exp.resource)
    if not numeric:
        return "na"
    found = []
    for r, row in _data_rows(back):
        for i, f in numeric:
            value = row[i] if i < len(row) else None
            if isinstance(value, str) and _PLACEHOLDER.match(value.strip()):
                found.append(
                    Breach(
                        _cell(back.data, r, i),  # type: ignore[arg-type]
                        f"{value!r} stands for a missing value or zero in a number column",
                        f"数値の列で {value!r} が値なしまたはゼロを表しています",
                        r + 1,
                        f["name"],
                    )
                )
    if back.kind == "xlsx" and not _metadata_has(back, "blank_cells"):
        found.append(
            Breach("metadata", "the metadata does not say what a blank cell means", "空欄の意味の記載がありません")
        )
    return found


def _l1_10(back: ReadBack, exp: Expected) -> list[Breach]:
    return [Breach(p, f"an object part: {p}", f"オブジェクトの部品があります: {p}") for p in back.objects]


def _l1_11(back: ReadBack, exp: Expected) -> list[Breach]:
    return [
        Breach(w, "formatted cell (bold, italic, colour, fill or border)", "書式付きのセルです") for w in back.styled
    ]


def _l1_12(back: ReadBack, exp: Expected) -> list[Breach]:
    return [Breach(w, "merged cells", "結合セルです") for w in back.merged]


def _l1_13(back: ReadBack, exp: Expected) -> list[Breach]:
    return [Breach(w, f"hidden or grouped: {w}", f"非表示またはグループ化されています: {w}") for w in back.hidden]


def _l1_14(back: ReadBack, exp: Expected) -> list[Breach]:
    def broken(r: int, value: str) -> Said:
        return ("a line break inside a cell", "セルの中に改行があります") if "\n" in value or "\r" in value else None

    return _text_breaches(back, back.sheets, broken)


def _l1_15(back: ReadBack, exp: Expected) -> list[Breach]:
    """A value with a comma that is not in double quotes splits into two cells: the row
    is then wider than its header. Quoting is also read strictly (a stray quote fails)."""
    sheet = back.sheets[0]
    found = []
    width = len(sheet.rows[0]) if sheet.rows else 0
    for r, row in enumerate(sheet.rows[1:], start=1):
        if len(row) > width:
            found.append(
                Breach(
                    _cell(sheet, r, width),
                    f"{len(row)} cells where the header has {width}: a value with a comma is not in double quotes",
                    f"見出しは {width} 列ですが、この行は {len(row)} 列です"
                    "（カンマを含む値が二重引用符で囲まれていません）",
                    r + 1,
                )
            )
    text = back.raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
    except csv.Error as error:
        found.append(Breach("", f"malformed quoting ({error})", f"二重引用符の使い方が正しくありません（{error}）"))
    return found


def _l2_01(back: ReadBack, exp: Expected) -> list[Breach] | str:
    numeric = _numeric_fields(exp.resource)
    if not numeric:
        return "na"
    data = back.data
    found = []
    for r, row in _data_rows(back):
        for i, f in numeric:
            value = row[i] if i < len(row) else None
            if _blank(value):
                continue
            if data is not None and data.types is not None:
                ok = data.types[r][i] == "n" and not isinstance(value, bool)
            else:
                ok = isinstance(value, str) and bool(_PLAIN_NUMBER.match(value))
            if not ok:
                found.append(
                    Breach(
                        _cell(data, r, i),  # type: ignore[arg-type]
                        f"{value!r} is not a plain number",
                        f"{value!r} は数値だけではありません",
                        r + 1,
                        f["name"],
                    )
                )
    return found


def _l2_02(back: ReadBack, exp: Expected) -> list[Breach] | str:
    key = exp.resource.descriptor.get("schema", {}).get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)
    if not key:
        return "na"
    names = [f["name"] for f in exp.resource.fields]
    found = []
    for r, row in _data_rows(back):
        for name in key:
            i = names.index(name) if name in names else -1
            if i >= 0 and (i >= len(row) or _blank(row[i])):
                found.append(
                    Breach(
                        _cell(back.data, r, i),  # type: ignore[arg-type]
                        "a blank key cell (a value left out because the row above has it?)",
                        "行を特定する列が空欄です（前の行と同じ値を省略していませんか）",
                        r + 1,
                        name,
                    )
                )
    return found


def _l2_03(back: ReadBack, exp: Expected) -> list[Breach]:
    found = []
    for sheet in back.sheets:
        header = [str(v) for v in _trimmed_rows(sheet)[0]] if sheet.rows else []
        seen: set[str] = set()
        for c, name in enumerate(header):
            if name in seen:
                found.append(Breach(_cell(sheet, 0, c), f"{name!r} names two columns", f"{name!r} が2つの列の名前です"))
            seen.add(name)
    return found


def category_fields(resource: Resource) -> list[tuple[int, dict[str, Any]]]:
    return [(i, f) for i, f in enumerate(resource.fields) if f.get("categories")]


def _codes_of(f: Mapping[str, Any]) -> set[str]:
    return {_text(c.get("value")) for c in f.get("categories") or [] if isinstance(c, Mapping)}


def _l2_04(back: ReadBack, exp: Expected) -> list[Breach] | str:
    cats = category_fields(exp.resource)
    if not cats:
        return "na"
    found = []
    for r, row in _data_rows(back):
        for i, f in cats:
            value = row[i] if i < len(row) else None
            if not _blank(value) and _text(value) not in _codes_of(f):
                found.append(
                    Breach(
                        _cell(back.data, r, i),  # type: ignore[arg-type]
                        f"{value!r} is not one of the codes of {f['name']}",
                        f"{value!r} は {f['name']} の区分にありません",
                        r + 1,
                        f["name"],
                    )
                )
    return found


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_OTHER_DETAIL = re.compile(r"(その他|ほか)\s*[（(：:].+|\bother\s*[(:：].+", re.IGNORECASE)


def _l2_05(back: ReadBack, exp: Expected) -> list[Breach] | str:
    cats = category_fields(exp.resource)
    if not cats:
        return "na"
    found = []
    for _, f in cats:
        for c in f.get("categories") or []:
            for key in ("value", "label", "label_en"):
                value = str(c.get(key) or "")
                if _OTHER_DETAIL.search(value):
                    found.append(
                        Breach(
                            f"{f['name']}: {value}",
                            f"the category {value!r} mixes “other” with its details",
                            f"区分 {value!r} に「その他」の詳細が混ざっています",
                            column=f["name"],
                        )
                    )
    return found


def _l2_06(back: ReadBack, exp: Expected) -> list[Breach]:
    return [Breach(w, "a formula", "数式のセルです") for w in back.formulas]


def _l3_01(back: ReadBack, exp: Expected) -> list[Breach]:
    found = []
    for sheet in back.sheets:
        header = _trimmed_rows(sheet)[0] if sheet.rows else []
        if not header or any(_blank(v) for v in header):
            found.append(Breach(_cell(sheet, 0, 0), "row 1 is not a full header row", "1行目が見出し行ではありません"))
        elif len(sheet.rows) > 1 and [str(v) for v in sheet.rows[1][: len(header)]] == [str(v) for v in header]:
            found.append(Breach(_cell(sheet, 1, 0), "row 2 repeats the header", "2行目に見出しが繰り返されています"))
    data = back.data
    if back.kind == "codes":
        return found
    if data is None:
        found.append(Breach(DATA_SHEET, "no data sheet", "データのシートがありません"))
    elif data.rows and [str(v) for v in _trimmed_rows(data)[0]] != exp.header:
        found.append(
            Breach(
                _cell(data, 0, 0),
                f"the header is not the descriptor's: {_trimmed_rows(data)[0]} instead of {exp.header}",
                "見出しが記述と一致しません",
                1,
            )
        )
    return found


def _l3_02(back: ReadBack, exp: Expected) -> list[Breach] | str:
    cats = category_fields(exp.resource)
    if not cats:
        return "na"
    if back.kind != "xlsx":
        if "codes" in exp.companions:
            return []
        return [Breach(back.file, "no code table is published beside the file", "コード表が公開されていません")]
    sheet = back.sheet("codes")
    if sheet is None:
        return [Breach("codes", "the workbook has no code table sheet", "ブックにコード表のシートがありません")]
    listed = {(str(row[0]), str(row[1])) for row in sheet.rows[1:] if len(row) > 1}
    found = []
    for _, f in cats:
        for value in sorted(_codes_of(f)):
            if (f["name"], value) not in listed:
                found.append(
                    Breach(
                        "codes",
                        f"the code table lacks {f['name']} = {value}",
                        f"コード表に {f['name']} = {value} がありません",
                    )
                )
    return found


def _l3_03(back: ReadBack, exp: Expected) -> list[Breach] | str:
    if not _numeric_fields(exp.resource):
        return "na"
    found = []
    for f in exp.resource.fields:
        about = f.get("status_of") or f.get("qualifier_of")
        if about and not f.get("categories"):
            found.append(
                Breach(
                    f["name"],
                    f"{f['name']} qualifies {about} but defines no codes",
                    f"{f['name']} は {about} の限定・空欄の理由の列ですが、区分が定義されていません",
                    column=f["name"],
                )
            )
    return found


def quantity_fields(resource: Resource) -> list[tuple[int, dict[str, Any]]]:
    """Number columns that measure something: not years, ordinal numbers or labels."""
    return [(i, f) for i, f in _numeric_fields(resource) if not is_time(f) and f.get("role") != "label"]


def _l3_04(back: ReadBack, exp: Expected) -> list[Breach] | str:
    quantities = quantity_fields(exp.resource)
    if not quantities:
        return "na"
    unit_columns = {f.get("unit_of") for f in exp.resource.fields if f.get("unit_of")}
    found = []
    for i, f in quantities:
        if f["name"] in unit_columns:
            continue
        unit = str(f.get("unit") or "")
        shown_header = back.data.rows[0] if back.data and back.data.rows else []
        header = str(shown_header[i]) if i < len(shown_header) else ""
        shown = unit and (back.kind == "csv" or f"（{unit}）" in header)
        if not shown:
            found.append(
                Breach(
                    header or f["name"],
                    f"no unit for {f['name']}" + ("" if back.kind == "csv" else " in the header"),
                    f"{f['name']} の単位が" + ("ありません" if back.kind == "csv" else "見出しにありません"),
                    1,
                    f["name"],
                )
            )
    return found


#: A Gregorian year, year-month or date, or a fiscal year written FY2022.
_GREGORIAN = re.compile(r"^(FY)?(1[89]|2[01])\d{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
#: A cell that is a point in time written as an era year and nothing else (平成5年, 令和元年度,
#: 平成31年4月): an era year inside a sentence is prose, not a time axis.
_ERA = re.compile(r"^(明治|大正|昭和|平成|令和)\s*(\d+|元)\s*年度?(\s*\d+\s*月(\s*\d+\s*日)?)?$")


def _l3_05(back: ReadBack, exp: Expected) -> list[Breach] | str:
    declared = [
        (i, f) for i, f in enumerate(exp.resource.fields) if is_time(f) or f.get("type") in ("date", "yearmonth")
    ]
    rows = _data_rows(back)
    era = any(isinstance(v, str) and _ERA.match(v.strip()) for _, row in rows for v in row)
    if not declared and not era:
        return "na"
    times = declared or [(i, f) for i, f in enumerate(exp.resource.fields) if _gregorian_column(rows, i)]
    found = []
    for r, row in rows:
        for i, f in times:
            value = row[i] if i < len(row) else None
            if not _blank(value) and not _GREGORIAN.match(_text(value)[:10]):
                found.append(
                    Breach(
                        _cell(back.data, r, i),  # type: ignore[arg-type]
                        f"{value!r} is not a Gregorian year or date",
                        f"{value!r} は西暦の年・日付ではありません",
                        r + 1,
                        f["name"],
                    )
                )
    if era and not times:
        found.append(
            Breach(
                back.file,
                "era years without a Gregorian column beside them",
                "和暦の表記に西暦の列が併記されていません",
            )
        )
    return found


def _gregorian_column(rows: Sequence[tuple[int, list[Any]]], index: int) -> bool:
    """A column whose every value is a Gregorian year, year-month or date."""
    values = [row[index] for _, row in rows if index < len(row) and not _blank(row[index])]
    return bool(values) and all(_GREGORIAN.match(_text(v)) for v in values)


_PREFECTURE_NAMES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 "
    "富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 "
    "鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 "
    "鹿児島県 沖縄県"
)
PREFECTURES = frozenset(_PREFECTURE_NAMES.split())
_AREA_CODE = re.compile(r"^\d{2}$|^\d{5,6}$")


def _l3_06(back: ReadBack, exp: Expected) -> list[Breach] | str:
    rows = _data_rows(back)
    width = len(exp.resource.fields)
    regional = [c for c in range(width) if any(c < len(row) and row[c] in PREFECTURES for _, row in rows)]
    if not regional:
        return "na"
    coded = any(rows and all(c < len(row) and _AREA_CODE.match(_text(row[c])) for _, row in rows) for c in range(width))
    return (
        [] if coded else [Breach(back.file, "prefectures without area codes", "都道府県に標準地域コードがありません")]
    )


def _l3_07(back: ReadBack, exp: Expected) -> list[Breach] | str:
    if exp.previous_header is None:
        return "na"
    if exp.previous_header == exp.header or exp.structure_change_logged:
        return []
    return [
        Breach(
            back.file,
            f"the columns changed from the previous version ({exp.previous_header}) "
            "and the change history does not say so",
            "前の版から列が変わりましたが、変更履歴に記載がありません",
            1,
        )
    ]


_ASCII_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _l3_08(back: ReadBack, exp: Expected) -> list[Breach]:
    found = []
    if back.kind in ("csv", "codes"):
        header = back.sheets[0].rows[0] if back.sheets and back.sheets[0].rows else []
        for c, name in enumerate(header):
            if not _ASCII_NAME.match(str(name)):
                found.append(
                    Breach(
                        f"column {c + 1}",
                        f"the field name {name!r} is not ASCII letters and digits",
                        f"列名 {name!r} が英数字ではありません",
                        1,
                    )
                )
    if back.kind == "xlsx":
        for name in REQUIRED_SHEETS + (("codes",) if category_fields(exp.resource) else ()):
            if back.sheet(name) is None:
                found.append(Breach(name, f"no {name} sheet", f"「{name}」シートがありません"))
        for key in METADATA_KEYS:
            if back.sheet("metadata") is not None and not _metadata_has(back, key):
                found.append(Breach("metadata", f"the metadata lacks {key}", f"メタデータに {key} がありません"))
        fields_sheet = back.sheet("fields")
        if fields_sheet is not None and len(fields_sheet.rows) - 1 != len(exp.resource.fields):
            found.append(Breach("fields", "not every column is defined", "すべての列の定義がありません"))
    return found


def _metadata_has(back: ReadBack, key: str) -> bool:
    sheet = back.sheet("metadata")
    return bool(sheet) and any(
        row and row[0] == key and any(not _blank(v) for v in row[1:]) for row in (sheet.rows[1:] if sheet else [])
    )


_YEAR_IN_NAME = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def _l3_09(back: ReadBack, exp: Expected) -> list[Breach]:
    fields = exp.resource.fields
    dated = [
        f["name"] for f in fields if _YEAR_IN_NAME.search(f["name"]) or _YEAR_IN_NAME.search(str(f.get("title", "")))
    ]
    if len(dated) < 2:
        return []
    return [
        Breach(
            back.file,
            f"years spread across columns (wide format): {', '.join(dated)}",
            f"年ごとの列が横に並んでいます（横持ち）: {'、'.join(dated)}",
            1,
        )
    ]


CHECKS = {
    "L1-01": _l1_01,
    "L1-02": _l1_02,
    "L1-03": _l1_03,
    "L1-04": _l1_04,
    "L1-05": _l1_05,
    "L1-06": _l1_06,
    "L1-07": _l1_07,
    "L1-08": _l1_08,
    "L1-09": _l1_09,
    "L1-10": _l1_10,
    "L1-11": _l1_11,
    "L1-12": _l1_12,
    "L1-13": _l1_13,
    "L1-14": _l1_14,
    "L1-15": _l1_15,
    "L2-01": _l2_01,
    "L2-02": _l2_02,
    "L2-03": _l2_03,
    "L2-04": _l2_04,
    "L2-05": _l2_05,
    "L2-06": _l2_06,
    "L3-01": _l3_01,
    "L3-02": _l3_02,
    "L3-03": _l3_03,
    "L3-04": _l3_04,
    "L3-05": _l3_05,
    "L3-06": _l3_06,
    "L3-07": _l3_07,
    "L3-08": _l3_08,
    "L3-09": _l3_09,
}
#: Rules that look at the data table only; a code table CSV is not that table.
DATA_ONLY = ("L1-09", "L2-01", "L2-02", "L2-04", "L2-05", "L3-02", "L3-03", "L3-04", "L3-05", "L3-06", "L3-07", "L3-09")


def check_file(kind: str, file: str, data: bytes, expected: Expected) -> list[Outcome]:
    """Every rule that applies to ``kind``, judged on ``data`` read back."""
    back = read_back(kind, file, data)
    outcomes = []
    for r in rules():
        if kind not in r.kinds or (kind == "codes" and r.id in DATA_ONLY):
            continue
        if back.unreadable and r.id != "L1-01":
            continue
        result = CHECKS[r.id](back, expected)
        if isinstance(result, str):
            outcomes.append(Outcome(r.id, kind, "na"))
        else:
            outcomes.append(Outcome(r.id, kind, "fail" if result else "pass", tuple(result)))
    return outcomes


def outcomes_json(outcomes: Sequence[Outcome]) -> bytes:
    """Outcomes as JSON, for the build cache: a file's judgement is a pure function of
    its bytes and what it should hold, and reading an XLSX back is slow."""
    return json.dumps([asdict(o) for o in outcomes], ensure_ascii=False).encode("utf-8")


def outcomes_from_json(data: bytes) -> list[Outcome]:
    return [
        Outcome(o["rule"], o["kind"], o["status"], tuple(Breach(**b) for b in o["findings"])) for o in json.loads(data)
    ]


# --------------------------------------------------------------------------- reporting


@dataclass(frozen=True)
class TableConformance:
    """One table's result per rule, over all its files: ``passed`` lists the file kinds
    that passed; ``status`` is fail if any failed, na if it applied to none."""

    rule: Rule
    status: Status
    passed: tuple[str, ...]


def summarise(outcomes: Sequence[Outcome]) -> list[TableConformance]:
    out = []
    for r in rules():
        mine = [o for o in outcomes if o.rule == r.id]
        passed = tuple(k for k in KINDS if any(o.kind == k and o.status == "pass" for o in mine))
        if any(o.status == "fail" for o in mine):
            status: Status = "fail"
        elif passed:
            status = "pass"
        else:
            status = "na"
        out.append(TableConformance(r, status, passed))
    return out


def _place(file: str, where: str) -> str:
    return file if where in ("", file) else f"{file}, {where}"


def problems(resource: Resource, outcomes: Sequence[Outcome], files: Mapping[str, str]) -> list[Problem]:
    """Each finding as a validation error naming the rule, the published file and what to
    change. Findings in the data table point at the source CSV's row; the others at the
    descriptor, where the metadata comes from."""
    found = []
    for o in outcomes:
        r = rule(o.rule)
        for f in o.findings:
            in_data = f.row is not None
            found.append(
                Problem(
                    "machine-readability",
                    resource.rel_path if in_data else resource.package.rel_descriptor,
                    row=f.row,
                    column=f.column,
                    values={
                        "rule": r.id,
                        "rule_name": r.name,
                        "rule_name_en": r.name_en,
                        "place": _place(files.get(o.kind, o.kind), f.where),
                        "detail": f.detail,
                        "detail_ja": f.detail_ja,
                    },
                )
            )
    return found
