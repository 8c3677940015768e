"""The typed rows of a clean table, read without frictionless' row-by-row machinery.

frictionless reads a table through a general pipeline (a ``Row`` object per row, error
objects, primary-key tuples, a dozen checks) at about 20 µs a row: for the benchmark's
100,000 rows, two hundred times as long as parsing them. Nearly every table of a build
is clean, and for a clean table the result is fully determined by three things this
module does the same way frictionless does:

* the CSV dialect: frictionless' own sniffing rule, and anything but plain comma-separated
  text is left to frictionless;
* each cell's value and constraints: frictionless' own cell reader of the field (its type
  parsing, missing values and ``required``/``minimum``/``enum``/``pattern`` checks,
  unchanged), called once per distinct cell of a column rather than once per row;
* what a row adds: header labels, row length, blank rows, the primary key.

The moment anything is off (a cell the reader rejects, a ragged or blank row, a repeated
key, a feature not listed here), ``typed_rows`` returns None and the table goes through
frictionless row by row, which reports every problem with its location. So this can
only make a clean table faster; it cannot let a broken one pass. ``tests/test_fastrows``
holds it to frictionless' rows on the real tables and on generated ones.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Mapping
from decimal import Decimal
from itertools import repeat
from typing import Any

import frictionless

from sitegen.validate.csv_scan import plain_column

Row = tuple[int, dict[str, Any]]

#: Field types whose frictionless reader returns a scalar the build publishes as is.
TYPES = frozenset({"string", "integer", "number", "boolean", "date", "year", "yearmonth"})
#: Resource properties that make frictionless read or check more than the cells.
RESOURCE_EXTRAS = ("dialect", "bytes", "hash", "compression", "innerpath", "extrapaths", "sources_of_rows")
#: Sniffed from the first rows, as frictionless does (formats/csv/parser.py).
SAMPLE_LINES = 100


def plain_value(value: Any) -> Any:
    """What the build keeps of a typed value: Decimal → int or float, dates → ISO text
    (the same rule ``validate`` applies to frictionless' rows)."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return float(value)  # NaN, Infinity: the rules refuse them, but reading must not fail
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _comma_separated(text: str) -> bool:
    """Whether frictionless would read ``text`` with Python's default (excel) dialect."""
    end = -1
    for _ in range(SAMPLE_LINES):  # the first lines, as frictionless' text stream yields them
        end = text.find("\n", end + 1)
        if end < 0:
            break
    sample = text if end < 0 else text[: end + 1]
    header = sample.split("\n", 1)[0]
    if not any(char in sample for char in '"\t;|\\') and "," in header and ", " not in header:
        # No quote, escape or other candidate delimiter: the sniffer can only find a
        # comma, with no space after it on the first line (csv.Sniffer._guess_delimiter).
        return True
    try:
        sniffed = csv.Sniffer().sniff(sample, ",\t;|")
    except csv.Error:
        return True  # frictionless falls back to csv.excel
    return sniffed.delimiter == "," and not sniffed.skipinitialspace and not sniffed.escapechar


def _supported(descriptor: Mapping[str, Any], schema: frictionless.Schema) -> bool:
    if any(key in descriptor for key in RESOURCE_EXTRAS):
        return False
    if str(descriptor.get("encoding", "utf-8")).lower().replace("_", "-") not in ("utf-8", "utf8"):
        return False
    if schema.foreign_keys:
        return False
    return all(f.type in TYPES and not f.constraints.get("unique") for f in schema.fields)


def typed_rows(
    text: str, records: list[list[str]], descriptor: Mapping[str, Any], schema: frictionless.Schema
) -> list[Row] | None:
    """``(row number, {field: value})`` for every data row, exactly as validating with
    frictionless gives them, or None when frictionless has to look at the table itself.

    ``text`` is the decoded CSV and ``records`` its records as Python's CSV reader gives
    them, ``descriptor`` the resource descriptor and ``schema`` frictionless' parsed
    schema of it.
    """
    if not _supported(descriptor, schema) or not _comma_separated(text):
        return None
    names = [f.name for f in schema.fields]
    if not records or records[0] != names:
        return None  # a label problem: frictionless names it
    body = records[1:]
    if not body:
        return []
    if set(map(len, body)) != {len(names)}:
        return None  # a ragged row
    missing = set(schema.missing_values)
    if any(all(cell in missing for cell in cells) for cells in body if cells[0] in missing):
        return None  # a blank row
    columns = []
    for field, cells in zip(schema.fields, zip(*body, strict=True), strict=True):
        values = _column(field, cells, missing)
        if values is None:
            return None
        columns.append(values)
    positions = [names.index(name) for name in schema.primary_key]
    if positions:
        keys = list(zip(*(columns[i] for i in positions), strict=True))
        if len(set(keys)) != len(keys) or (None,) * len(positions) in keys:
            return None  # a repeated key, or one with no value at all (frictionless' two key errors)
    # Every column has one value per row (checked above): plain zips, the fastest way to
    # build a hundred thousand dicts.
    dicts = map(dict, map(zip, repeat(names), zip(*columns)))  # noqa: B905
    return list(enumerate(dicts, start=2))


def _column(field: frictionless.Field, cells: tuple[str, ...], missing: set[str]) -> list[Any] | None:
    """A column's plain values, or None when frictionless' cell reader of the field
    notes a type or constraint error for any cell.

    Each distinct cell is read once. A column of plain integers (most of the numbers of
    a statistics table) is read in bulk: its values are ``int(cell)``, exactly what the
    reader returns for such cells, and since ``required``, ``minimum`` and ``maximum``
    are monotone, the reader only has to accept the smallest and largest value and
    every missing cell for all of them to pass.
    """
    read = field.create_cell_reader()
    distinct = set(cells)
    blanks = distinct & missing
    present = distinct - blanks
    memo: dict[str, Any]
    if field.type == "integer" and "enum" not in field.constraints and plain_column(present, integer=True):
        memo = {cell: int(cell) for cell in present}
        probes = [min(memo, key=memo.__getitem__), max(memo, key=memo.__getitem__)] if memo else []
        if any(read(cell)[1] for cell in (*probes, *blanks)):
            return None
        memo.update(dict.fromkeys(blanks))
        return list(map(memo.__getitem__, cells))
    memo = {}
    for cell in distinct:
        value, notes = read(cell)
        if notes:
            return None
        memo[cell] = plain_value(value)
    return list(map(memo.__getitem__, cells))
