"""Declared inferences and paraphrases: validated against the rows, shown to readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.paths import Layout
from sitegen.site.downloads import DownloadIndex
from sitegen.site.inputs import gather
from sitegen.site.pages.dataset import dataset_page
from sitegen.site.tables import table_body
from sitegen.validate.validation import validate_all

from .conftest import FIXTURE_PACKAGE, make_fixture_repo
from .hostile import CITIES, DESCRIPTOR, located, replace

INFERENCE = """    inferences:
      - id: since-kaohsiung
        field: since
        where: {city: kaohsiung}
        text: 資料は提携の年を記していない。協定書の日付から補った。
        text_en: The document does not give the year; it was taken from the agreement's date.
    schema:
      primaryKey: [city]"""


@pytest.fixture
def declared(tmp_path: Path) -> Layout:
    layout = make_fixture_repo(tmp_path / "repo")
    replace(layout, DESCRIPTOR, "    schema:\n      primaryKey: [city]", INFERENCE)
    return layout


def test_a_declared_inference_that_matches_rows_is_valid(declared: Layout) -> None:
    assert located(declared) == []


def test_an_inference_that_matches_no_row_is_reported_at_its_where(declared: Layout) -> None:
    replace(declared, DESCRIPTOR, "where: {city: kaohsiung}", "where: {city: takao}")
    problems = [p for p in validate_all(declared.root).problems if p.code == "inference-no-rows"]
    assert [(p.path, p.column) for p in problems] == [(DESCRIPTOR, "where")]
    assert "'since-kaohsiung' applies to the rows city=takao, but no row has those values" in problems[0].message("en")


def test_an_inference_naming_an_unknown_field_is_reported(declared: Layout) -> None:
    replace(declared, DESCRIPTOR, "        field: since\n", "        field: founded\n")
    assert [code for code, _ in located(declared)] == ["field-reference"]


def test_an_unknown_note_wording_is_reported(tmp_path: Path) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    text = (layout.root / DESCRIPTOR).read_text(encoding="utf-8")
    note = next(line for line in text.splitlines() if line.strip().startswith("- id: note-"))
    replace(layout, DESCRIPTOR, note, f"{note}\n        wording: summary")
    problems = [p for p in validate_all(layout.root).problems if p.severity == "error"]
    assert [p.code for p in problems] == ["metadata-value"]
    assert "must be one of: quote, paraphrase" in problems[0].message("en")


def test_the_page_marks_the_inferred_cell_and_says_why(declared: Layout) -> None:
    validation = validate_all(declared.root)
    site = gather(declared, validation, "https://example.org/")
    resource = next(r for r in validation.packages[0].resources if r.path.name == Path(CITIES).name)
    body = table_body(site, resource, "en")
    inferred_rows = [line for line in body.html.splitlines() if "odp-inferred" in line]
    assert (len(inferred_rows) == 1 and "Kaohsiung" in inferred_rows[0]) or "kaohsiung" in inferred_rows[0].lower()
    assert inferred_rows[0].count("†") == 1 and 'href="#since-kaohsiung"' in inferred_rows[0]
    downloads = DownloadIndex(resources={(FIXTURE_PACKAGE, resource.name): []}, packages={FIXTURE_PACKAGE: []})
    page = dataset_page(site, resource, "en", [], body, downloads)
    (item,) = page.context["inferred"]
    assert item["id"] == "since-kaohsiung" and item["text"].startswith("The document does not give the year")


def test_a_paraphrased_note_is_marked_on_the_page(tmp_path: Path) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    text = (layout.root / DESCRIPTOR).read_text(encoding="utf-8")
    note = next(line for line in text.splitlines() if line.strip().startswith("- id: note-"))
    replace(layout, DESCRIPTOR, note, f"{note}\n        wording: paraphrase")
    validation = validate_all(layout.root)
    assert validation.ok
    site = gather(layout, validation)
    note_id = note.split("id:")[1].strip()
    for resource in validation.packages[0].resources:
        body = table_body(site, resource, "ja")
        downloads = DownloadIndex(resources={(FIXTURE_PACKAGE, resource.name): []}, packages={FIXTURE_PACKAGE: []})
        for item in dataset_page(site, resource, "ja", [], body, downloads).context["notes"]:
            assert item["paraphrase"] is (item["id"] == note_id)
