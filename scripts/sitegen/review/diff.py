"""The data diff of a pull request: which tables changed, and which rows were added,
removed or changed (old and new values), keyed by each table's primary key.

It compares the CSV text, not typed values, so it works on a pull request whose data
does not validate yet, and shows exactly what the contributor typed. A table without a
primary key is compared as a set of rows (added and removed only). The Markdown goes to
the GitHub job summary; ``make diff`` prints it locally.
"""

from __future__ import annotations

import contextlib
import csv
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.gitbase import Base
from sitegen.core.problems import markdown_cell, section
from sitegen.model import descriptors
from sitegen.model.packages import DESCRIPTOR_NAMES, unsafe_reason
from sitegen.validate.csv_scan import MAX_CSV_BYTES, reader

Key = tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """Where a resource's CSV is and how its rows are keyed, from one descriptor."""

    package: str
    name: str
    path: str  # relative to the repository root
    key: tuple[str, ...]


@dataclass
class Rows:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number, header = 1; cells by column)


@dataclass
class Change:
    key: str
    row: int
    base_row: int
    cells: list[tuple[str, str | None, str | None]]  # (column, old, new)


@dataclass
class TableDiff:
    table: Table
    status: str  # added | removed | changed
    header: tuple[list[str], list[str]] | None = None  # (old, new) when the columns changed
    added: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    removed: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    def key_of(self, cells: Mapping[str, str]) -> str:
        return ", ".join(f"{name}={cells.get(name, '')}" for name in self.table.key) or "(row)"


@dataclass
class DataDiff:
    base: str
    tables: list[TableDiff]
    descriptors: list[str]  # descriptors whose text changed (metadata, checks, charts)


# Reading both sides ----------------------------------------------------------------------


def _tables(descriptor: Mapping[str, Any], folder: str) -> list[Table]:
    """The resources of a descriptor whose path is safe; anything malformed is skipped."""
    tables = []
    for res in descriptor.get("resources") or []:
        if not isinstance(res, Mapping) or unsafe_reason(res.get("path")) or not isinstance(res.get("name"), str):
            continue
        schema = res.get("schema")
        key = (schema.get("primaryKey") if isinstance(schema, Mapping) else None) or []
        key = (key,) if isinstance(key, str) else tuple(str(k) for k in key if isinstance(k, str))
        tables.append(Table(folder, res["name"], f"datapackage/{folder}/{res['path']}", key))
    return tables


def _parse_descriptor(data: bytes, name: str) -> dict[str, Any]:
    try:
        parsed = descriptors.parse(data.decode("utf-8-sig"), name.endswith(".json"))
    except (ValueError, UnicodeDecodeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _parse_csv(data: bytes) -> Rows:
    records: list[list[str]] = []
    with contextlib.suppress(csv.Error):  # malformed quoting: the rows read so far (validation reports it)
        records.extend(reader(data.decode("utf-8-sig", errors="replace")))
    if not records:
        return Rows([], [])
    header = records[0]
    rows = [(number, dict(zip(header, cells, strict=False))) for number, cells in enumerate(records[1:], 2) if cells]
    return Rows(header, rows)


def _working_tree(root: Path) -> tuple[dict[str, bytes], dict[str, Table]]:
    """Descriptor texts by path and tables by (package/resource), as in the working tree."""
    texts: dict[str, bytes] = {}
    tables: dict[str, Table] = {}
    folder = root / "datapackage"
    for package_dir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        for name in DESCRIPTOR_NAMES:
            path = package_dir / name
            if path.is_file() and path.stat().st_size <= descriptors.MAX_DESCRIPTOR_BYTES:
                rel = path.relative_to(root).as_posix()
                texts[rel] = path.read_bytes()
                for table in _tables(_parse_descriptor(texts[rel], name), package_dir.name):
                    tables[f"{table.package}/{table.name}"] = table
                break
    return texts, tables


def _base_tree(base: Base) -> tuple[dict[str, bytes], dict[str, Table]]:
    names = [p for p in base.files() if p.count("/") == 2 and p.rsplit("/", 1)[1] in DESCRIPTOR_NAMES]
    texts = base.read(names, descriptors.MAX_DESCRIPTOR_BYTES)
    tables: dict[str, Table] = {}
    for rel, data in sorted(texts.items()):
        folder = rel.split("/")[1]
        for table in _tables(_parse_descriptor(data, rel), folder):
            tables[f"{table.package}/{table.name}"] = table
    return texts, tables


def _read_current(root: Path, rel: str) -> bytes | None:
    path = root / rel
    try:
        if not path.resolve().is_relative_to((root / "datapackage").resolve()) or not path.is_file():
            return None
        if path.stat().st_size > MAX_CSV_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


# Comparing ---------------------------------------------------------------------------------


def _keyed(rows: Rows, key: tuple[str, ...]) -> dict[Key, tuple[int, dict[str, str]]] | None:
    """Rows by primary key, or None when the key cannot be used (missing column, duplicates)."""
    if not key or any(name not in rows.header for name in key):
        return None
    result: dict[Key, tuple[int, dict[str, str]]] = {}
    for number, cells in rows.rows:
        value = tuple(cells.get(name, "") for name in key)
        if value in result:
            return None
        result[value] = (number, cells)
    return result


def compare_rows(diff: TableDiff, old: Rows, new: Rows) -> None:
    """Fill ``diff`` with the rows added, removed and changed between ``old`` and ``new``."""
    diff.columns = new.header or old.header
    if old.header != new.header:
        diff.header = (old.header, new.header)
    old_keyed, new_keyed = _keyed(old, diff.table.key), _keyed(new, diff.table.key)
    if old_keyed is None or new_keyed is None:
        _compare_as_sets(diff, old, new)
        return
    columns = list(dict.fromkeys([*new.header, *old.header]))
    for value, (number, cells) in new_keyed.items():
        if value not in old_keyed:
            diff.added.append((number, cells))
            continue
        base_row, old_cells = old_keyed[value]
        changes = [(c, old_cells.get(c), cells.get(c)) for c in columns if old_cells.get(c) != cells.get(c)]
        if changes:
            diff.changed.append(Change(diff.key_of(cells), number, base_row, changes))
    diff.removed = [(number, cells) for value, (number, cells) in old_keyed.items() if value not in new_keyed]


def _compare_as_sets(diff: TableDiff, old: Rows, new: Rows) -> None:
    def signature(cells: Mapping[str, str]) -> tuple[str, ...]:
        return tuple(cells.get(c, "") for c in diff.columns)

    remaining = Counter(signature(cells) for _, cells in old.rows)
    for number, cells in new.rows:
        if remaining[signature(cells)] > 0:
            remaining[signature(cells)] -= 1
        else:
            diff.added.append((number, cells))
    for number, cells in old.rows:
        if remaining[signature(cells)] > 0:
            remaining[signature(cells)] -= 1
            diff.removed.append((number, cells))


def compute(root: Path, base: Base) -> DataDiff:
    """The data diff between ``base`` and the working tree under ``root``."""
    new_texts, new_tables = _working_tree(root)
    old_texts, old_tables = _base_tree(base)
    old_csv = base.read(sorted({t.path for t in old_tables.values()}), MAX_CSV_BYTES)
    changed_descriptors = [
        p for p in sorted(new_texts.keys() | old_texts.keys()) if new_texts.get(p) != old_texts.get(p)
    ]
    result = DataDiff(base.label, [], changed_descriptors)
    for ref in sorted(new_tables.keys() | old_tables.keys()):
        new_table, old_table = new_tables.get(ref), old_tables.get(ref)
        table = new_table or old_table
        assert table is not None
        new_data = _read_current(root, new_table.path) if new_table else None
        old_data = old_csv.get(old_table.path) if old_table else None
        if new_data == old_data:
            continue
        status = "added" if old_data is None else "removed" if new_data is None else "changed"
        diff = TableDiff(table, status)
        compare_rows(diff, _parse_csv(old_data or b""), _parse_csv(new_data or b""))
        if diff.added or diff.removed or diff.changed or diff.header or status != "changed":
            result.tables.append(diff)
    return result


# Markdown --------------------------------------------------------------------------------------


EMPTY = '`""`'
NO_COLUMN = "—"


def _cell(value: str | None) -> str:
    if value is None:
        return NO_COLUMN
    return EMPTY if value == "" else markdown_cell(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _more(count: int, limit: int, words: Mapping[str, str]) -> list[str]:
    return ["", words["more"].format(count=count - limit)] if count > limit else []


def _section(diff: TableDiff, limit: int, words: Mapping[str, str]) -> list[str]:
    table = diff.table
    lines = ["", f"### {table.package} / {table.name}", "", f"`{table.path}` — {words['status_' + diff.status]}"]
    if diff.header:
        old, new = diff.header
        lines += ["", words["columns"].format(old=", ".join(old) or "-", new=", ".join(new) or "-")]
    if diff.added:
        lines += ["", f"**{words['added']}** ({len(diff.added)})", ""]
        columns = diff.columns
        rows = [[str(n)] + [_cell(cells.get(c)) for c in columns] for n, cells in diff.added[:limit]]
        lines += _table([words["row"], *columns], rows) + _more(len(diff.added), limit, words)
    if diff.changed:
        lines += ["", f"**{words['changed']}** ({len(diff.changed)})", ""]
        rows = [
            [str(change.row), _cell(change.key), column, _cell(old), _cell(new)]
            for change in diff.changed[:limit]
            for column, old, new in change.cells
        ]
        header = [words["row"], words["key"], words["field"], words["old"], words["new"]]
        lines += _table(header, rows) + _more(len(diff.changed), limit, words)
    if diff.removed:
        lines += ["", f"**{words['removed']}** ({len(diff.removed)})", ""]
        columns = diff.columns
        rows = [[str(n)] + [_cell(cells.get(c)) for c in columns] for n, cells in diff.removed[:limit]]
        lines += _table([words["base_row"], *columns], rows) + _more(len(diff.removed), limit, words)
    return lines


def _counts(diff: TableDiff) -> list[str]:
    return [str(len(diff.added)), str(len(diff.removed)), str(len(diff.changed))]


def to_markdown(diff: DataDiff, limit: int = 50) -> str:
    """The diff as GitHub Markdown: a summary table, then each changed table's rows."""
    words = {key: f"{value['en']} / {value['ja']}" for key, value in section("_diff").items()}
    lines = [f"## {words['title']}: `{diff.base}`", ""]
    if not diff.tables and not diff.descriptors:
        return "\n".join([*lines, words["none"], ""])
    if diff.tables:
        header = [words["resource"], words["status"], words["added"], words["removed"], words["changed"]]
        rows = [[f"{d.table.package} / {d.table.name}", words["status_" + d.status], *_counts(d)] for d in diff.tables]
        lines += _table(header, rows)
    if diff.descriptors:
        lines += ["", words["descriptors"] + " " + ", ".join(f"`{p}`" for p in diff.descriptors)]
    for table_diff in diff.tables:
        lines += _section(table_diff, limit, words)
    return "\n".join(lines) + "\n"
