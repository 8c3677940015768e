"""The coverage inventory: every entry has its resource or its reason, in both languages,
in every real document, and the problems of broken entries, on the test fixture package."""

from __future__ import annotations

import yaml

from sitegen.core.paths import ROOT, Layout
from sitegen.model.packages import load_packages
from sitegen.validate.inventory import entries, inventory_problems

from .hostile import DESCRIPTOR


def test_every_real_inventory_entry_has_its_resource_or_its_reason() -> None:
    packages, _ = load_packages(ROOT)
    assert len(packages) == 5
    for package in packages:
        assert entries(package), package.name
        assert inventory_problems(package) == [], package.name
        names = {r.name for r in package.resources}
        published = {e["resource"] for e in entries(package) if e.get("resource")}
        assert published <= names
        assert names <= published, f"{package.name}: resources missing from the inventory: {names - published}"


def _edit(layout: Layout, change) -> list:
    path = layout.root / DESCRIPTOR
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(descriptor["inventory"])
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    packages, _ = load_packages(layout.root)
    return inventory_problems(packages[0])


def test_the_fixture_inventory_is_complete(fixture_repo: Layout) -> None:
    assert _edit(fixture_repo, lambda inventory: None) == []


def test_entry_naming_a_missing_resource(fixture_repo: Layout) -> None:
    def change(inventory: list) -> None:
        inventory[0]["resource"] = "no-such-table"

    unlisted, problem = _edit(fixture_repo, change)  # the table it named is now unlisted too
    assert unlisted.code == "inventory-unlisted"
    assert (problem.code, problem.location()) == ("inventory-entry", f"{DESCRIPTOR}:-:inventory[0] (appendix-1)")
    assert "resource 'no-such-table' does not exist in this package" in problem.message("en")
    assert "リソース 'no-such-table' はこのパッケージにありません" in problem.message("ja")


def test_a_table_without_an_inventory_entry(fixture_repo: Layout) -> None:
    def change(inventory: list) -> None:
        inventory[:] = [e for e in inventory if e.get("resource") != "partner-cities"]

    [problem] = _edit(fixture_repo, change)
    line = next(
        i
        for i, text in enumerate((fixture_repo.root / DESCRIPTOR).read_text(encoding="utf-8").splitlines(), 1)
        if text.strip() == "- name: partner-cities"
    )
    assert (problem.code, problem.location()) == ("inventory-unlisted", f"{DESCRIPTOR}:{line}:inventory")
    assert "the table 'partner-cities' is not in the package's `inventory:`" in problem.message("en")
    assert "「収録範囲」のページに表示されません" in problem.message("ja")


def test_unpublished_entry_needs_a_reason_in_both_languages(fixture_repo: Layout) -> None:
    def change(inventory: list) -> None:
        inventory.append({"id": "x", "label": "図", "label_en": "Figure", "reason": "画像のみ"})

    [problem] = _edit(fixture_repo, change)
    assert (problem.code, problem.location()) == ("inventory-entry", f"{DESCRIPTOR}:-:inventory[4] (x)")
    assert "missing reason_en" in problem.message("en")
