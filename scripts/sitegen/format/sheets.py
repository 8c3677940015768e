"""The tables a download carries beside the data, each a header row and its rows (pure).

The national machine-readability rules want one table per sheet, starting at A1 with
one header row (L1-02, L3-01), the unit where the reader of the file sees it (L3-04), a
code table for every coded answer (L3-02) and the definitions, history and encoding of
the data (L3-08). So the Excel files say a column's Japanese title with its unit
(「派遣者数（人）」) where the plain CSV keeps the ASCII field name scripts rely on, and
the workbook has a sheet for each of: fields, codes, notes, history and metadata. The
same code table is also published as a CSV of its own (``<table>-codes.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.core.i18n import Strings, text
from sitegen.format import citation
from sitegen.model import releases
from sitegen.model.inferences import is_paraphrase
from sitegen.model.packages import Resource

Rows = list[list[Any]]


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook (or one CSV): its name, header and rows."""

    name: str
    header: list[str]
    rows: Rows


#: The code table CSV's columns (machine-facing: ASCII names, like the plain CSV).
CODE_COLUMNS = ("field", "value", "label_ja", "label_en", "description_ja", "description_en")


def display_header(field: Mapping[str, Any]) -> str:
    """A column's heading for people: the Japanese title and, when it has one, the unit
    in full-width brackets, as Japanese statistical tables write it: 派遣者数（人）."""
    title = text(field, "title", "ja", str(field["name"]))
    unit = text(field, "unit", "ja")
    return f"{title}（{unit}）" if unit else title


def display_headers(resource: Resource) -> list[str]:
    """Every column's heading for people, unique: a title two columns share gets the
    field name after it, so that no two columns are named alike (L2-03)."""
    headers = [display_header(f) for f in resource.fields]
    return [f"{h}（{f['name']}）" if headers.count(h) > 1 else h for h, f in zip(headers, resource.fields, strict=True)]


def has_codes(resource: Resource) -> bool:
    return any(f.get("categories") for f in resource.fields)


def code_rows(resource: Resource) -> Rows:
    """Every code of every category field: field, value, labels and description."""
    rows: Rows = []
    for f in resource.fields:
        for c in f.get("categories") or []:
            if isinstance(c, Mapping):
                value = c.get("value")
                rows.append(
                    [
                        f["name"],
                        "true" if value is True else "false" if value is False else str(value),
                        text(c, "label", "ja"),
                        text(c, "label", "en"),
                        text(c, "description", "ja"),
                        text(c, "description", "en"),
                    ]
                )
    return rows


def codes_descriptor(resource: Resource) -> dict[str, Any]:
    """The code table as a resource of the published ``datapackage.json``."""
    titles = {
        "field": ("フィールド名", "Field name"),
        "value": ("コード", "Code"),
        "label_ja": ("表記（日本語）", "Label (Japanese)"),
        "label_en": ("表記（英語）", "Label (English)"),
        "description_ja": ("説明（日本語）", "Description (Japanese)"),
        "description_en": ("説明（英語）", "Description (English)"),
    }
    return {
        "name": f"{resource.name}-codes",
        "path": f"{resource.name}-codes.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": f"{resource.title('ja')}：コード表",
        "title_en": f"{resource.title('en')}: code table",
        "description": f"表「{resource.title('ja')}」の区分の列の値（コード）と、その日本語・英語の表記。",
        "description_en": (
            f"The codes of the category columns of “{resource.title('en')}”, with their Japanese and English labels."
        ),
        "schema": {
            "fields": [
                {
                    "name": name,
                    "type": "string",
                    "title": ja,
                    "title_en": en,
                    **({"constraints": {"required": True}} if name in ("field", "value", "label_ja") else {}),
                }
                for name, (ja, en) in titles.items()
            ],
            "primaryKey": ["field", "value"],
        },
    }


def field_rows(resource: Resource) -> Table:
    header = ["データの列名", "フィールド名", "項目名", "Title", "データ型", "単位", "Unit", "説明", "Description"]
    shown = display_headers(resource)
    rows = [
        [
            shown[i],
            f["name"],
            text(f, "title", "ja"),
            text(f, "title", "en"),
            str(f.get("type", "")),
            text(f, "unit", "ja"),
            text(f, "unit", "en"),
            text(f, "description", "ja"),
            text(f, "description", "en"),
        ]
        for i, f in enumerate(resource.fields)
    ]
    return Table("fields", header, rows)


def code_table(resource: Resource) -> Table:
    header = ["フィールド名", "コード", "表記", "Label", "説明", "Description"]
    return Table("codes", header, [[r[0], r[1], r[2], r[3], r[4], r[5]] for r in code_rows(resource)])


def note_table(resource: Resource) -> Table:
    header = ["番号", "注記", "Note", "対象の列", "原文か要約か"]
    shown = dict(zip((str(f["name"]) for f in resource.fields), display_headers(resource), strict=True))
    rows = [
        [
            i,
            text(n, "text", "ja"),
            text(n, "text", "en"),
            "、".join(shown.get(str(x), str(x)) for x in n.get("fields") or []) or "（表全体）",
            "要約（原文の言い換え）" if is_paraphrase(n) else "原文",
        ]
        for i, n in enumerate(resource.descriptor.get("notes") or [], start=1)
        if isinstance(n, Mapping)
    ]
    return Table("notes", header, rows)


def history_table(resource: Resource, strings: Strings) -> Table:
    header = ["バージョン", "日付", "変更の種類", "Kind of change", "変更内容", "Summary"]
    rows = []
    for change in releases.changes_of(resource.package.descriptor, resource.name):
        kind = change.kind if change.kind in releases.KINDS else ""
        rows.append(
            [
                str(change.version or ""),
                str(change.raw.get("date") or ""),
                strings.get(f"change_kind:{kind}", "ja") if kind else "",
                strings.get(f"change_kind:{kind}", "en") if kind else "",
                text(change.raw, "summary", "ja"),
                text(change.raw, "summary", "en"),
            ]
        )
    return Table("history", header, rows)


def metadata_table(resource: Resource, strings: Strings, edition: citation.Edition, page_url: str) -> Table:
    """The metadata sheet: one item per row, a key scripts can match, then both languages."""
    package = resource.package
    licence = (package.descriptor.get("licenses") or [{}])[0]
    ja, en = citation.source_parts(resource, "ja"), citation.source_parts(resource, "en")
    source = (resource.descriptor.get("sources") or [{}])[0]
    periodicity = str(package.descriptor.get("accrualPeriodicity") or "")
    items: list[tuple[str, str, str, str]] = [
        ("title", "表の名前", resource.title("ja"), resource.title("en")),
        ("description", "説明", resource.description("ja"), resource.description("en")),
        (
            "source",
            "出典",
            citation.source_line(resource, "ja", strings),
            citation.source_line(resource, "en", strings),
        ),
        ("publisher", "作成した府省", ja["publisher"], en["publisher"]),
        ("document", "資料名", ja["document"], en["document"]),
        ("section", "資料の中の位置", ja["section"], en["section"]),
        ("document_url", "資料のURL", str(source.get("path") or package.descriptor.get("document_url") or ""), ""),
        ("license", "利用規約", text(licence, "title", "ja"), text(licence, "title", "en")),
        ("license_url", "利用規約のURL", str(licence.get("path") or ""), ""),
        (
            "edited_by",
            "加工",
            citation.edited_line(resource, "ja", strings),
            citation.edited_line(resource, "en", strings),
        ),
        ("page_url", "このデータのページ", page_url, ""),
        ("version", "バージョン", edition.version, ""),
        ("last_updated", "最終更新日", edition.modified or edition.date, ""),
        ("first_published", "初版の公開日", edition.issued, ""),
        (
            "accrual_periodicity",
            "更新頻度",
            strings.get(f"periodicity:{periodicity}", "ja") if periodicity else "不定期",
            strings.get(f"periodicity:{periodicity}", "en") if periodicity else "Irregular",
        ),
        ("next_edition", "次の版の見込み", str(package.descriptor.get("next_edition") or ""), ""),
        (
            "encoding_csv",
            "CSVの文字コード",
            "文字コードは UTF-8（BOM なし）、改行は LF です。1行目は英数字の列名です。",
            "UTF-8 without a BOM and with LF line ends; row 1 holds the ASCII field names.",
        ),
        (
            "encoding_csv_excel",
            "Excel用CSVの文字コード",
            "文字コードは UTF-8（BOM あり）、改行は CRLF です。1行目は日本語の項目名（単位）です。",
            "UTF-8 with a BOM and with CRLF line ends; row 1 holds the Japanese titles with their units.",
        ),
        (
            "encoding_codes",
            "コード表CSVの文字コード",
            "文字コードは UTF-8（BOM なし）、改行は LF です。",
            "UTF-8 without a BOM and with LF line ends.",
        ),
        (
            "blank_cells",
            "空欄の意味",
            "空欄は値がないことを表します。ゼロは 0 と記載しています。"
            "空欄に理由がある列は、その理由を別の列に記載しています。",
            "A blank cell means there is no value; zero is written 0. "
            "Where a column's blanks have a reason, another column gives it.",
        ),
    ]
    return Table(
        "metadata", ["項目キー", "項目", "日本語", "English"], [[k, label, j, e] for k, label, j, e in items if j or e]
    )


def workbook_tables(resource: Resource, strings: Strings, edition: citation.Edition, page_url: str) -> list[Table]:
    """The sheets after ``data``: fields, codes (when there are category fields), notes
    (when there are any), history and metadata."""
    tables = [field_rows(resource)]
    if has_codes(resource):
        tables.append(code_table(resource))
    notes = note_table(resource)
    if notes.rows:
        tables.append(notes)
    tables.append(history_table(resource, strings))
    tables.append(metadata_table(resource, strings, edition, page_url))
    return tables
