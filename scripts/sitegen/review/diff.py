"""The data diff of a pull request: which tables changed, and which rows were added,
removed or changed (old and new values), keyed by each table's primary key.

It compares the CSV text, not typed values, so it works on a pull request whose data
does not validate yet, and shows exactly what the contributor typed. A table without a
primary key is compared as a set of rows (added and removed only). The Markdown goes to
the GitHub job summary; ``make diff`` prints it locally, with each changed package's
next version and a draft of its ``changes:`` entry (``review/bump.py`` proposes them).
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.gitbase import Base
from sitegen.core.problems import markdown_cell, section
from sitegen.model import descriptors
from sitegen.model.packages import DESCRIPTOR_NAMES, unsafe_reason
from sitegen.model.releases import KINDS, Proposal, changes, parse_version
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
    #: Each package's descriptor as read on the base and in the working tree, by folder
    #: name ({} where it cannot be read; absent where there is no package).
    base_descriptors: dict[str, dict[str, Any]] = field(default_factory=dict)
    descriptors_now: dict[str, dict[str, Any]] = field(default_factory=dict)

    def packages(self) -> list[str]:
        """Every package folder on either side, in order."""
        return sorted(self.base_descriptors.keys() | self.descriptors_now.keys())


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


@dataclass
class _Side:
    """One side of the comparison: descriptor texts by path, parsed descriptors by
    package folder, tables by package/resource."""

    texts: dict[str, bytes] = field(default_factory=dict)
    parsed: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    #: Package folders whose descriptor cannot be read: validation says so, once; their
    #: tables are not compared (they would all look removed).
    unreadable: set[str] = field(default_factory=set)

    def add(self, rel: str, data: bytes) -> None:
        folder = rel.split("/")[1]
        self.texts[rel] = data
        if folder in self.parsed:  # one descriptor per package, the first of DESCRIPTOR_NAMES
            return
        self.parsed[folder] = _parse_descriptor(data, rel)
        if not self.parsed[folder]:
            self.unreadable.add(folder)
        for table in _tables(self.parsed[folder], folder):
            self.tables[f"{table.package}/{table.name}"] = table


def _working_tree(root: Path) -> _Side:
    """The descriptors and tables as in the working tree."""
    side = _Side()
    folder = root / "datapackage"
    for package_dir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        for name in DESCRIPTOR_NAMES:
            path = package_dir / name
            if path.is_file() and path.stat().st_size <= descriptors.MAX_DESCRIPTOR_BYTES:
                side.add(path.relative_to(root).as_posix(), path.read_bytes())
                break
    return side


def _base_tree(base: Base) -> _Side:
    names = [p for p in base.files() if p.count("/") == 2 and p.rsplit("/", 1)[1] in DESCRIPTOR_NAMES]
    texts = base.read(names, descriptors.MAX_DESCRIPTOR_BYTES)
    side = _Side()
    for name in DESCRIPTOR_NAMES:  # in the working tree's order of preference
        for rel in sorted(rel for rel in texts if rel.endswith("/" + name)):
            side.add(rel, texts[rel])
    return side


def _comparable(*sides: bytes | None) -> bool:
    """Whether both sides are text that can be compared row by row. A file that is not
    UTF-8 (Shift_JIS, UTF-16, a workbook) would compare as garbled values or as every
    row removed; validation reports the encoding once, so nothing is compared."""
    for data in sides:
        if data is None:
            continue
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    return True


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
    new, old = _working_tree(root), _base_tree(base)
    new_texts, new_tables, old_texts, old_tables = new.texts, new.tables, old.texts, old.tables
    old_csv = base.read(sorted({t.path for t in old_tables.values()}), MAX_CSV_BYTES)
    changed_descriptors = [
        p for p in sorted(new_texts.keys() | old_texts.keys()) if new_texts.get(p) != old_texts.get(p)
    ]
    result = DataDiff(base.label, [], changed_descriptors, old.parsed, new.parsed)
    for ref in sorted(new_tables.keys() | old_tables.keys()):
        new_table, old_table = new_tables.get(ref), old_tables.get(ref)
        table = new_table or old_table
        assert table is not None
        if ref.split("/", 1)[0] in new.unreadable | old.unreadable:
            continue  # a descriptor that cannot be read is reported once, by validation
        new_data = _read_current(root, new_table.path) if new_table else None
        old_data = old_csv.get(old_table.path) if old_table else None
        if new_data == old_data or not _comparable(new_data, old_data):
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


def _quoted(value: str) -> str:
    """A YAML scalar that reads back as ``value`` whatever it holds (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def draft_yaml(proposal: Proposal) -> list[str]:
    """The ``version`` and the new ``changes:`` entry of a proposal, as YAML to paste."""
    version = str(proposal.version)
    lines = [
        f"version: {version}",
        "changes:",
        f"  - version: {version}",
        f"    date: {proposal.date}",
        f"    kind: {proposal.kind}  # {' | '.join(KINDS)}",
        f"    summary: {_quoted(proposal.summary)}",
        f"    summary_en: {_quoted(proposal.summary_en)}",
    ]
    if proposal.source or proposal.source_en:
        lines += [
            f"    source: {_quoted(proposal.source)}  # the document of the new figures",
            f"    source_en: {_quoted(proposal.source_en)}",
        ]
    if proposal.resources:
        lines.append(f"    resources: [{', '.join(proposal.resources)}]")
    return lines


def _in_place(diff: DataDiff, proposal: Proposal) -> bool:
    """Whether the working tree already has the proposed version and its entry."""
    now = diff.descriptors_now.get(proposal.package) or {}
    log = changes(now)
    return parse_version(now.get("version")) == proposal.version and any(
        parse_version(c.version) == proposal.version for c in log
    )


def _release_lines(diff: DataDiff, proposals: Sequence[Proposal]) -> list[str]:
    """Per changed package: its next version and the draft entry, or why there is none."""
    words = {key: f"{value['en']} / {value['ja']}" for key, value in section("_release").items()}
    release = section("_release")
    changed = {d.table.package for d in diff.tables} | {p.split("/")[1] for p in diff.descriptors if p.count("/") == 2}
    by_package = {p.package: p for p in proposals}
    lines: list[str] = []
    for package in sorted(changed):
        proposal = by_package.get(package)
        now = diff.descriptors_now.get(package)
        if proposal is not None:
            bump = release[f"bump_{proposal.bump}"]
            reasons = "; ".join(proposal.reasons)
            reasons_ja = "、".join(proposal.reasons_ja)
            lines += [
                "",
                f"**{package}**: {proposal.current} → **{proposal.version}** "
                f"({bump['en']}: {markdown_cell(reasons)} / {bump['ja']}: {markdown_cell(reasons_ja)})",
            ]
            if _in_place(diff, proposal):
                lines += ["", words["in_place"].format(version=proposal.version)]
                continue
            path = f"datapackage/{package}/datapackage.yaml"
            lines += ["", words["paste"].format(path=path), "", "```yaml", *draft_yaml(proposal), "```"]
        elif now is not None and package not in diff.base_descriptors:
            version = parse_version(now.get("version")) or "1.0.0"
            lines += ["", f"**{package}**: " + words["new"].format(version=version)]
        elif now is not None and parse_version((diff.base_descriptors.get(package) or {}).get("version")) is None:
            version = parse_version(now.get("version")) or "1.0.0"
            lines += ["", f"**{package}**: " + words["first"].format(version=version)]
    return ["", f"### {words['title']}", *lines] if lines else []


def to_markdown(diff: DataDiff, limit: int = 50, proposals: Sequence[Proposal] = ()) -> str:
    """The diff as GitHub Markdown: a summary table, the proposed versions (with a draft
    ``changes:`` entry each), then each changed table's rows."""
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
    lines += _release_lines(diff, proposals)
    for table_diff in diff.tables:
        lines += _section(table_diff, limit, words)
    return "\n".join(lines) + "\n"
