"""The national machine-readability rules (L1-01 … L3-09) on the downloads as published.

A real build of the fixture package writes the files; the tests read them back with
csv and openpyxl, check their shape, and run the rule checks on them. Each rule then
gets a broken copy of a real file (or of the descriptor it is judged against) that
makes exactly that rule fail, so no check passes by being unable to fail.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.styles import Font

from sitegen.build import build_site
from sitegen.core.paths import Layout
from sitegen.format import sheets
from sitegen.model.packages import Resource, load_packages
from sitegen.validate import characters
from sitegen.validate import machine_readability as mr

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

MEMBERS, CITIES = "association-members", "partner-cities"
KIND_FILES = {"csv": ".csv", "csv_excel": "-excel.csv", "xlsx": ".xlsx", "codes": "-codes.csv", "json": ".json"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    layout = make_fixture_repo(tmp_path_factory.mktemp("mr") / "repo")
    assert build_site(layout) == 0
    return layout


def resource_of(layout: Layout, name: str) -> Resource:
    packages, problems = load_packages(layout.root)
    assert not [p for p in problems if p.severity == "error"]
    return next(r for p in packages for r in p.resources if r.name == name)


def published(layout: Layout, name: str, kind: str) -> bytes:
    return (layout.site / "data" / FIXTURE_PACKAGE / f"{name}{KIND_FILES[kind]}").read_bytes()


def expected(resource: Resource, kind: str, **changes: Any) -> mr.Expected:
    header = sheets.display_headers(resource) if kind in ("csv_excel", "xlsx") else [f["name"] for f in resource.fields]
    companions = frozenset(KIND_FILES) if sheets.has_codes(resource) else frozenset(KIND_FILES) - {"codes"}
    return mr.Expected(**{"resource": resource, "header": header, "companions": companions, **changes})


def outcome(kind: str, data: bytes, exp: mr.Expected) -> dict[str, mr.Outcome]:
    return {o.rule: o for o in mr.check_file(kind, f"file{KIND_FILES[kind]}", data, exp)}


# --------------------------------------------------------------------------- the real files


def test_every_download_of_the_fixture_passes_every_applicable_rule(built: Layout) -> None:
    for name in (MEMBERS, CITIES, "programme-summary-fy2024"):
        resource = resource_of(built, name)
        for kind in KIND_FILES:
            if kind == "codes" and not sheets.has_codes(resource):
                assert not (built.site / "data" / FIXTURE_PACKAGE / f"{name}-codes.csv").exists()
                continue
            results = outcome(kind, published(built, name, kind), expected(resource, kind))
            failed = {r: o.findings for r, o in results.items() if o.status == "fail"}
            assert not failed, (name, kind, failed)
            assert {o.rule for o in results.values()} == {r.id for r in mr.rules() if kind in r.kinds} - (
                set(mr.DATA_ONLY) if kind == "codes" else set()
            )


def test_workbook_sheets_each_hold_one_table_from_a1(built: Layout) -> None:
    workbook = load_workbook(io.BytesIO(published(built, CITIES, "xlsx")))
    assert workbook.sheetnames == ["data", "fields", "codes", "notes", "history", "metadata"]
    for ws in workbook.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        assert all(v not in (None, "") for v in rows[0]), ws.title  # row 1: a full header from A1
        assert all(any(v not in (None, "") for v in row) for row in rows), ws.title  # no blank row
        assert ws.max_column == len(rows[0]) and not ws.merged_cells.ranges
    data = workbook["data"]
    assert [c.value for c in data[1]][:4] == ["都市", "提携の種類", "提携年", "交流で往来した人数（人）"]
    assert isinstance(data["D2"].value, int)
    codes = {(r[0], r[1]): r[2:4] for r in workbook["codes"].iter_rows(min_row=2, values_only=True)}
    assert codes[("delegates_qualifier", "approx")] == ("約", "about")
    meta = {r[0]: r[2:] for r in workbook["metadata"].iter_rows(min_row=2, values_only=True)}
    assert meta["encoding_csv"][0].startswith("文字コードは UTF-8（BOM なし）")
    assert meta["accrual_periodicity"] == ("毎年", "Annual")
    assert meta["source"][0].startswith("出典：「")
    history = list(workbook["history"].iter_rows(min_row=2, values_only=True))
    assert history and history[0][0] == "1.0.0"


def test_excel_csv_has_japanese_titles_with_units_and_the_plain_csv_ascii_names(built: Layout) -> None:
    excel = published(built, MEMBERS, "csv_excel")
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel
    header = next(csv.reader(io.StringIO(excel.decode("utf-8-sig"))))
    assert header[:3] == ["年度", "年度（和暦）", "年度内の入会者数（人）"]
    plain = published(built, MEMBERS, "csv").decode("utf-8")
    assert plain.splitlines()[0] == "fiscal_year,era_year_label,joined,left,left_unpaid,year_end,year_end_adjusted"


def test_code_table_is_published_as_csv_and_listed_in_datapackage_json(built: Layout) -> None:
    rows = list(csv.DictReader(io.StringIO(published(built, CITIES, "codes").decode("utf-8"))))
    assert list(rows[0]) == list(sheets.CODE_COLUMNS)
    assert {"field": "kind", "value": "sister-city"}.items() <= next(
        r for r in rows if r["value"] == "sister-city"
    ).items()
    folder = built.site / "data" / FIXTURE_PACKAGE
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names.index(f"{CITIES}-codes") == names.index(CITIES) + 1
    assert f"{MEMBERS}-codes" not in names  # no category field, no code table
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    with zipfile.ZipFile(folder / f"{FIXTURE_PACKAGE}.zip") as archive:
        assert f"{FIXTURE_PACKAGE}/{CITIES}-codes.csv" in archive.namelist()


def test_dataset_page_shows_the_conformance_panel_and_coverage_the_summary(built: Layout) -> None:
    page = (built.site / "datasets" / FIXTURE_PACKAGE / CITIES / "index.html").read_text(encoding="utf-8")
    assert page.count('class="odp-rule-') == len(mr.rules()) == 30
    assert "L1-10</a> 【Excel】オブジェクトを使用していないか" in page
    assert "該当なし：国内の地域（都道府県・市区町村）を表す列がない表です。" in page  # L3-06
    assert "適合（CSV・Excel用CSV・Excelファイル・コード表・JSON）" in page
    english = (built.site / "en" / "datasets" / FIXTURE_PACKAGE / CITIES / "index.html").read_text(encoding="utf-8")
    assert "Not applicable: There is no earlier version of this table" in english  # L3-07
    coverage = (built.site / "coverage" / "index.html").read_text(encoding="utf-8")
    assert 'id="rule-l3-04"' in coverage and "3 / 3" in coverage


def test_citation_follows_the_pdl_wording(built: Layout) -> None:
    page = (built.site / "datasets" / FIXTURE_PACKAGE / MEMBERS / "index.html").read_text(encoding="utf-8")
    block = page.split('class="odp-cite"><p>', 1)[1].split("</p>", 1)[0]
    assert block.startswith("出典：「")
    assert "を加工して作成" in block and "に利用）" in block


# --------------------------------------------------------------------------- one failure per rule


def csv_rows(data: bytes, excel: bool) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig" if excel else "utf-8"), newline="")))


def csv_write(rows: list[list[str]], excel: bool) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n" if excel else "\n").writerows(rows)
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if excel else data


def edit_csv(change: Callable[[list[list[str]]], None], excel: bool = False) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        rows = csv_rows(data, excel)
        change(rows)
        return csv_write(rows, excel)

    return apply


def edit_xlsx(change: Callable[[Any], Any]) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        workbook = load_workbook(io.BytesIO(data))
        change(workbook)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    return apply


def add_zip_part(name: str) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
            for info in source.infolist():
                target.writestr(info, source.read(info.filename))
            target.writestr(name, "<xdr:wsDr/>")
        return buffer.getvalue()

    return apply


def _set(r: int, c: int, value: str) -> Callable[[list[list[str]]], None]:
    def change(rows: list[list[str]]) -> None:
        rows[r][c] = value

    return change


def _data(change: Callable[[Any], Any]) -> Callable[[bytes], bytes]:
    return edit_xlsx(lambda wb: change(wb["data"]))


FILE_BREAKS: list[tuple[str, str, str, Callable[[bytes], bytes]]] = [
    ("L1-01", CITIES, "csv", lambda d: b"\xff\xfe" + d),
    ("L1-01", CITIES, "xlsx", lambda d: d[:200]),
    ("L1-01", CITIES, "json", lambda d: d[:-3]),
    ("L1-08", CITIES, "json", lambda d: d.replace("セブ市".encode(), "セブ市㈱".encode())),
    ("L1-02", MEMBERS, "csv", lambda d: d + b"\nnote,a second table\n"),
    ("L1-02", CITIES, "xlsx", _data(lambda ws: (ws.append([]), ws.append(["memo"])))),
    ("L1-03", MEMBERS, "xlsx", _data(lambda ws: ws.insert_cols(2))),
    ("L1-04", CITIES, "xlsx", _data(lambda ws: ws.cell(row=2, column=12, value="memo"))),
    ("L1-05", MEMBERS, "csv_excel", edit_csv(_set(0, 2, "※1"), excel=True)),
    ("L1-06", CITIES, "csv", edit_csv(_set(1, 5, "セブ市との青少年交流。 "))),
    ("L1-06", CITIES, "xlsx", _data(lambda ws: ws.cell(row=2, column=6, value="　字下げした文"))),
    ("L1-07", CITIES, "csv", edit_csv(_set(1, 5, "音楽、美術、スポーツ、料理"))),
    ("L1-08", CITIES, "csv", edit_csv(_set(1, 5, "①セブ市との交流"))),
    ("L1-08", CITIES, "xlsx", edit_xlsx(lambda wb: wb["notes"].cell(row=2, column=2, value="Ⅱ期"))),
    ("L1-09", MEMBERS, "csv", edit_csv(_set(1, 3, "-"))),
    ("L1-10", MEMBERS, "xlsx", add_zip_part("xl/drawings/drawing1.xml")),
    ("L1-11", MEMBERS, "xlsx", _data(lambda ws: setattr(ws["A1"], "font", Font(bold=True)))),
    ("L1-12", MEMBERS, "xlsx", _data(lambda ws: ws.merge_cells("A2:B2"))),
    ("L1-13", MEMBERS, "xlsx", _data(lambda ws: setattr(ws.column_dimensions["B"], "hidden", True))),
    ("L1-13", MEMBERS, "xlsx", edit_xlsx(lambda wb: setattr(wb["history"], "sheet_state", "hidden"))),
    ("L1-14", CITIES, "csv", edit_csv(_set(1, 5, "一行目\n二行目"))),
    (
        "L1-15",
        CITIES,
        "csv",
        lambda d: d.replace(b'"Business mission with Kaohsiung, about', b"Business mission with Kaohsiung, about"),
    ),
    ("L1-15", MEMBERS, "csv_excel", lambda d: d.replace("平成24年度".encode(), '"平成24年度"x'.encode(), 1)),
    ("L2-01", MEMBERS, "csv", edit_csv(_set(1, 2, "412人"))),
    ("L2-01", MEMBERS, "xlsx", _data(lambda ws: ws.cell(row=2, column=3, value="412"))),
    ("L2-02", CITIES, "csv", edit_csv(_set(2, 0, ""))),
    ("L2-03", MEMBERS, "csv", edit_csv(_set(0, 3, "joined"))),
    ("L2-04", CITIES, "csv", edit_csv(_set(1, 1, "twin-town"))),
    ("L2-06", MEMBERS, "xlsx", _data(lambda ws: ws.cell(row=2, column=3, value="=400+12"))),
    ("L3-01", MEMBERS, "xlsx", _data(lambda ws: (ws.insert_rows(1), ws.cell(row=1, column=1, value="会員数の表")))),
    ("L3-01", MEMBERS, "csv", lambda d: b"fiscal_year,era_year_label\n" + d),
    ("L3-02", CITIES, "xlsx", edit_xlsx(lambda wb: wb.remove(wb["codes"]))),
    ("L3-04", MEMBERS, "csv_excel", edit_csv(_set(0, 2, "年度内の入会者数"), excel=True)),
    ("L3-05", MEMBERS, "csv", edit_csv(_set(1, 0, "平成24年度"))),
    ("L3-06", CITIES, "csv", edit_csv(_set(1, 5, "東京都"))),
    ("L3-08", MEMBERS, "csv", edit_csv(_set(0, 2, "入会者数"))),
    ("L3-08", MEMBERS, "xlsx", edit_xlsx(lambda wb: wb["metadata"].delete_rows(2, 40))),
]


@pytest.mark.parametrize(("rule", "name", "kind", "broken"), FILE_BREAKS, ids=lambda v: v if isinstance(v, str) else "")
def test_each_rule_fails_on_a_file_that_breaks_it(
    built: Layout, rule: str, name: str, kind: str, broken: Callable[[bytes], bytes]
) -> None:
    resource = resource_of(built, name)
    exp = expected(resource, kind)
    good = published(built, name, kind)
    assert outcome(kind, good, exp)[rule].status in ("pass", "na")  # L3-06: no regions in the fixture
    results = outcome(kind, broken(good), exp)
    assert results[rule].status == "fail", results[rule]
    problem = mr.problems(resource, [results[rule]], {kind: f"data/x/{name}{KIND_FILES[kind]}"})[0]
    assert problem.message("en").startswith(f"{rule} (") and f"data/x/{name}" in problem.message("en")
    assert problem.message("ja").startswith(f"{rule}「{mr.rule(rule).name}」に適合しません")


def test_a_file_that_cannot_be_read_fails_l1_01_once_and_nothing_else(built: Layout) -> None:
    resource = resource_of(built, CITIES)
    results = mr.check_file("xlsx", "x.xlsx", b"not a workbook", expected(resource, "xlsx"))
    assert [(o.rule, o.status) for o in results] == [("L1-01", "fail")]


def test_code_table_missing_beside_a_csv_fails_l3_02(built: Layout) -> None:
    resource = resource_of(built, CITIES)
    exp = expected(resource, "csv", companions=frozenset({"csv", "xlsx"}))
    assert outcome("csv", published(built, CITIES, "csv"), exp)["L3-02"].status == "fail"


def test_changed_columns_need_a_logged_change_l3_07(built: Layout) -> None:
    resource = resource_of(built, MEMBERS)
    data = published(built, MEMBERS, "csv")
    assert outcome("csv", data, expected(resource, "csv"))["L3-07"].status == "na"
    old = ["fiscal_year", "joined"]
    assert outcome("csv", data, expected(resource, "csv", previous_header=old))["L3-07"].status == "fail"
    logged = expected(resource, "csv", previous_header=old, structure_change_logged=True)
    assert outcome("csv", data, logged)["L3-07"].status == "pass"


def edited_resource(tmp_path: Path, name: str, change: Callable[[dict[str, Any]], None]) -> Resource:
    """The fixture resource after ``change`` to its descriptor entry."""
    layout = make_fixture_repo(tmp_path / "repo")
    path = layout.datapackage / FIXTURE_PACKAGE / "datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(r for r in descriptor["resources"] if r["name"] == name))
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return resource_of(layout, name)


def _field(res: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


DESCRIPTOR_BREAKS: list[tuple[str, str, str, Callable[[dict[str, Any]], None]]] = [
    ("L2-05", CITIES, "csv", lambda r: _field(r, "kind")["categories"][0].update(label="その他（文化交流）")),
    ("L3-03", CITIES, "csv", lambda r: _field(r, "delegates_qualifier").pop("categories")),
    ("L3-04", MEMBERS, "csv", lambda r: [_field(r, "joined").pop(k) for k in ("unit", "unit_en")]),
    (
        "L3-09",
        MEMBERS,
        "csv",
        lambda r: [_field(r, n).update(title=t) for n, t in (("joined", "2012年"), ("left", "2013年"))],
    ),
]


@pytest.mark.parametrize(
    ("rule", "name", "kind", "change"), DESCRIPTOR_BREAKS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_each_rule_fails_when_the_descriptor_breaks_it(
    built: Layout, tmp_path: Path, rule: str, name: str, kind: str, change: Callable[[dict[str, Any]], None]
) -> None:
    data = published(built, name, kind)
    assert outcome(kind, data, expected(resource_of(built, name), kind))[rule].status == "pass"
    broken = edited_resource(tmp_path, name, change)
    assert outcome(kind, data, expected(broken, kind))[rule].status == "fail"


def test_a_breach_stops_the_build_and_leaves_the_site_unchanged(tmp_path: Path) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    path = layout.datapackage / FIXTURE_PACKAGE / "datapackage.yaml"
    descriptor = path.read_text(encoding="utf-8")
    label = "label: 姉妹都市,"
    assert label in descriptor
    path.write_text(descriptor.replace(label, "label: その他（姉妹都市）,", 1), encoding="utf-8")
    stream = io.StringIO()
    assert build_site(layout, stream=stream) == 1  # validation passes; the downloads do not
    log = stream.getvalue()
    assert f"datapackage/{FIXTURE_PACKAGE}/datapackage.yaml:-:kind: error: L2-05 (A choice column and" in log
    assert "L2-05「選択肢列と「その他」の詳細記入が分離されているか」に適合しません" in log
    assert "Build stopped:" in log and "break the machine-readability rules" in log
    assert not layout.site.exists()
    # The judgement of the downloads is cached by their bytes: a second build reads it
    # from the cache and still stops, with the same message.
    again = io.StringIO()
    assert build_site(layout, stream=again) == 1
    assert again.getvalue() == log
    assert list((layout.cache / "conformance").rglob("*"))
    shutil.rmtree(layout.root)


def test_platform_dependent_characters() -> None:
    assert all(characters.platform_dependent(c) for c in "①Ⅱ㈱～－髙ｶ１Ａ")
    assert not any(characters.platform_dependent(c) for c in "〜あ漢字A1（）「」、。–—")
    assert characters.pattern().findall("平成５年～令和①") == ["５", "～", "①"]
    assert characters.suggested("平成５年～令和①") == "平成5年〜令和（1）"


def test_make_validate_reports_a_breach_of_the_downloads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sitegen.cli import main

    layout = make_fixture_repo(tmp_path / "repo")
    assert main(["--root", str(layout.root), "validate", "--no-base"]) == 0
    assert "machine" not in capsys.readouterr().out
    path = layout.datapackage / FIXTURE_PACKAGE / "datapackage.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("label: 姉妹都市,", "label: その他（姉妹都市）,", 1), encoding="utf-8"
    )
    assert main(["--root", str(layout.root), "validate", "--no-base"]) == 1
    out = capsys.readouterr().out
    assert "error: L2-05 (A choice column and" in out and "FAILED: 1 packages" in out


def test_workbook_stores_formula_like_text_as_text_with_no_apostrophe() -> None:
    import datetime as dt

    from sitegen.format.exports import xlsx_bytes

    fields = [{"name": "note", "type": "string"}, {"name": "n", "type": "integer"}]
    rows = [{"note": '=HYPERLINK("http://x")', "n": -5}, {"note": "+cmd", "n": 1}]
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    data = xlsx_bytes(rows, fields, ["note", "n"], [], when)
    ws = load_workbook(io.BytesIO(data))["data"]
    assert ws["A2"].value == '=HYPERLINK("http://x")' and ws["A2"].data_type == "s"
    assert ws["A3"].value == "+cmd" and ws["B2"].value == -5
    back = mr.read_xlsx("x.xlsx", data)
    assert back.formulas == []
