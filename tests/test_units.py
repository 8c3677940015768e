"""A long table's number takes its unit row by row from a column declared ``unit_of`` it."""

from __future__ import annotations

from pathlib import Path

from sitegen.core.i18n import load_strings
from sitegen.format.figures import figure_value
from sitegen.validate.validation import validate_all

from .conftest import make_fixture_repo
from .hostile import DESCRIPTOR, located, replace

DELEGATES = "          description_en: People sent and received in the FY2024 exchanges, in all.\n"
UNIT = DELEGATES + "          unit: 人\n          unit_en: people\n"
KIND = "        - name: kind\n          type: string\n"


def test_a_number_without_a_unit_needs_a_unit_column(tmp_path: Path) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    replace(layout, DESCRIPTOR, UNIT, DELEGATES)
    assert [code for code, _ in located(layout)] == ["unit-missing"]
    replace(layout, DESCRIPTOR, KIND, KIND + "          unit_of: delegates\n")
    assert located(layout) == []


def test_a_figure_reads_its_unit_from_the_unit_column(tmp_path: Path) -> None:
    layout = make_fixture_repo(tmp_path / "repo")
    replace(layout, DESCRIPTOR, UNIT, DELEGATES)
    replace(layout, DESCRIPTOR, KIND, KIND + "          unit_of: delegates\n")
    validation = validate_all(layout.root)
    resource = next(r for r in validation.packages[0].resources if r.name == "partner-cities")
    rows = [row for _, row in validation.for_resource(resource).rows]
    strings = load_strings(layout.site_src / "strings.yml")
    kind = resource.field("kind")
    label = {
        lang: next(c for c in kind["categories"] if c["value"] == "sister-city")[f"label{s}"]
        for lang, s in (("ja", ""), ("en", "_en"))
    }
    spec = {"field": "delegates", "where": {"city": "cebu"}}
    assert figure_value(resource, rows, spec, "ja", strings) == f"24{label['ja']}"
    assert figure_value(resource, rows, spec, "en", strings) == f"24 {label['en']}"


def test_countries_are_counted_in_japanese_with_ka_koku() -> None:
    from sitegen.core.i18n import load_strings
    from sitegen.core.paths import ROOT
    from sitegen.format.cells import unit_template

    strings = load_strings(ROOT / "site_src" / "strings.yml")
    field = {"name": "member_states", "type": "integer", "unit": "国", "unit_en": "countries"}
    assert unit_template(field, "ja", strings).format(v="173") == "173か国"  # not 173国
    assert unit_template(field, "en", strings).format(v="173") == "173 countries"
