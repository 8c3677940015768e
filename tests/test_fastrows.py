"""The fast reader of clean tables against frictionless itself.

``fastrows.typed_rows`` may decline any table, but when it answers, frictionless must
find no error in that table and give the very same rows. Checked on every real table,
on the synthetic benchmark tables, and on generated tables full of the cells Japanese
statistics are typed with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import frictionless
import pytest
from benchmarks.synthetic import write_packages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.core.paths import ROOT
from sitegen.model.packages import load_packages
from sitegen.validate.csv_scan import reader
from sitegen.validate.fast_rows import typed_rows
from sitegen.validate.validation import _plain


def by_frictionless(folder: Path, descriptor: dict[str, Any]) -> tuple[bool, list[tuple[int, dict[str, Any]]]]:
    """(valid, rows) as frictionless' full row-by-row validation gives them."""
    rows: list[tuple[int, dict[str, Any]]] = []
    package = frictionless.Package({"name": "t", "resources": [descriptor]}, basepath=str(folder))
    report = package.get_resource(descriptor["name"]).validate(
        on_row=lambda row: rows.append((row.row_number, _plain(row.to_dict())))
    )
    return report.valid, rows


def fast(folder: Path, descriptor: dict[str, Any]) -> list[tuple[int, dict[str, Any]]] | None:
    text = (folder / descriptor["path"]).read_text(encoding="utf-8")
    package = frictionless.Package({"name": "t", "resources": [descriptor]}, basepath=str(folder))
    return typed_rows(text, list(reader(text)), descriptor, package.get_resource(descriptor["name"]).schema)


def test_every_real_table_is_read_fast_and_exactly_as_frictionless_reads_it() -> None:
    packages, problems = load_packages(ROOT)
    assert problems == []
    resources = [r for p in packages for r in p.resources]
    assert len(resources) >= 40
    for resource in resources:
        # Read alone, a table's foreign keys to another table cannot resolve; the rows
        # read are the same with or without them (the package's validation checks them).
        schema = {k: v for k, v in resource.descriptor["schema"].items() if k != "foreignKeys"}
        descriptor = {**resource.descriptor, "path": resource.path.name, "schema": schema}
        valid, expected = by_frictionless(resource.path.parent, descriptor)
        assert valid, resource.rel_path
        assert fast(resource.path.parent, descriptor) == expected, resource.rel_path


def test_the_benchmark_tables_take_the_fast_path(tmp_path: Path) -> None:
    write_packages(tmp_path / "datapackage", 3, 200, per_package=3)
    packages, problems = load_packages(tmp_path)
    assert problems == []
    for resource in packages[0].resources:
        descriptor = {**resource.descriptor, "path": resource.path.name}
        assert fast(resource.path.parent, descriptor) == by_frictionless(resource.path.parent, descriptor)[1]


# Generated tables -------------------------------------------------------------------

CELLS = {
    "integer": ["0", "1", "-3", "147", "1,234", "１２", " 12", "+5", "1_000", "1.0", "1e3", "", "-", "約100", "x"],
    "number": ["0", "1.5", "-0.25", "12", "1.50", "0.1", "NaN", "inf", "1e3", "１.５", "", "-", "▲5", "5%"],
    "string": ["東京", "A", "", " lead", "trail ", "x,y", 'say "hi"', "line\nbreak", "-", "null", "令和5"],
    "boolean": ["true", "false", "TRUE", "False", "1", "0", "yes", "", "t"],
    "date": ["2024-04-01", "2024-02-30", "2024/04/01", "R6.4.1", "", "2024-4-1"],
    "yearmonth": ["2024-04", "2024-13", "2024-4", "2024-00", "", "202404"],
    "year": ["2024", "1970", "0", "-1", "24", "２０２４", "", "令和6"],
}
CONSTRAINTS = {
    "integer": st.fixed_dictionaries({}, optional={"required": st.booleans(), "minimum": st.integers(-5, 5)}),
    "number": st.fixed_dictionaries({}, optional={"required": st.booleans(), "maximum": st.integers(0, 20)}),
    "string": st.fixed_dictionaries(
        {}, optional={"required": st.booleans(), "enum": st.just(["東京", "A", "-"]), "pattern": st.just("[A-Z東].*")}
    ),
    "boolean": st.fixed_dictionaries({}, optional={"required": st.booleans()}),
    "date": st.fixed_dictionaries({}, optional={"required": st.booleans()}),
    "yearmonth": st.fixed_dictionaries({}, optional={"required": st.booleans()}),
    "year": st.fixed_dictionaries({}, optional={"required": st.booleans(), "minimum": st.just(1900)}),
}


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, Any], list[list[str]]]:
    types = draw(st.lists(st.sampled_from(sorted(CELLS)), min_size=1, max_size=4))
    fields = [{"name": f"f{i}", "type": kind, "constraints": draw(CONSTRAINTS[kind])} for i, kind in enumerate(types)]
    rows = draw(
        st.lists(st.tuples(*(st.sampled_from(CELLS[kind]) for kind in types)).map(list), min_size=0, max_size=8)
    )
    schema: dict[str, Any] = {"fields": fields}
    if draw(st.booleans()):
        schema["primaryKey"] = ["f0"]
    if draw(st.booleans()):
        schema["missingValues"] = ["", "-"]
    return {"name": "t", "path": "t.csv", "schema": schema}, rows


def write_csv(folder: Path, names: list[str], rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)
    (folder / "t.csv").write_text(out.getvalue(), encoding="utf-8", newline="")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables())
def test_a_generated_table_read_fast_is_valid_and_identical_for_frictionless(
    tmp_path: Path, table: tuple[dict[str, Any], list[list[str]]]
) -> None:
    descriptor, rows = table
    write_csv(tmp_path, [f["name"] for f in descriptor["schema"]["fields"]], rows)
    answer = fast(tmp_path, descriptor)
    if answer is None:
        return  # declined: the build validates this table with frictionless row by row
    valid, expected = by_frictionless(tmp_path, descriptor)
    assert valid and repr(answer) == repr(expected)  # repr: NaN equals NaN


@pytest.mark.parametrize(
    ("cells", "why"),
    [
        ([["1", "a"], ["1", "b"]], "a repeated primary key"),
        ([["1", "a"], ["", "b"]], "an empty primary key"),
        ([["1", "a"], ["2"]], "a short row"),
        ([["1", "a"], ["2", "b", "c"]], "a long row"),
        ([["1", "a"], ["", ""]], "a blank row"),
        ([["1,234", "a"]], "a thousands separator"),
        ([["x", "a"]], "a type error"),
        ([["-1", "a"]], "a broken minimum"),
    ],
)
def test_a_table_frictionless_rejects_is_declined(tmp_path: Path, cells: list[list[str]], why: str) -> None:
    descriptor = {
        "name": "t",
        "path": "t.csv",
        "schema": {
            "fields": [
                {"name": "n", "type": "integer", "constraints": {"minimum": 0}},
                {"name": "s", "type": "string"},
            ],
            "primaryKey": ["n"],
        },
    }
    write_csv(tmp_path, ["n", "s"], cells)
    assert not by_frictionless(tmp_path, descriptor)[0], why
    assert fast(tmp_path, descriptor) is None, why


def test_a_renamed_header_or_a_foreign_key_is_left_to_frictionless(tmp_path: Path) -> None:
    schema: dict[str, Any] = {"fields": [{"name": "n", "type": "integer"}]}
    descriptor: dict[str, Any] = {"name": "t", "path": "t.csv", "schema": schema}
    write_csv(tmp_path, ["number"], [["1"]])
    assert fast(tmp_path, descriptor) is None
    write_csv(tmp_path, ["n"], [["1"]])
    assert fast(tmp_path, descriptor) == [(2, {"n": 1})]
    descriptor["schema"]["foreignKeys"] = [{"fields": ["n"], "reference": {"resource": "", "fields": ["n"]}}]
    assert fast(tmp_path, descriptor) is None
