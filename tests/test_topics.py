"""Topics refer to tables, fields and rows by name: validation catches each dead reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.paths import Layout
from sitegen.validate.validation import validate_all

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

TOPIC = f"""name: exchange
title: 国際交流
title_en: International exchange
description: 市の国際交流。
description_en: The city's international exchange.
datasets: [{FIXTURE_PACKAGE}/partner-cities]
figures:
  - resource: {FIXTURE_PACKAGE}/partner-cities
    field: delegates
    where: {{city: cebu}}
    label: セブ市との交流人数
    label_en: People exchanged with Cebu
"""


@pytest.fixture
def topic_repo(tmp_path: Path) -> Layout:
    layout = make_fixture_repo(tmp_path / "repo")
    (layout.datapackage / "topics").mkdir()
    return layout


def topic_problems(layout: Layout, text: str) -> list[str]:
    (layout.datapackage / "topics" / "exchange.yaml").write_text(text, encoding="utf-8")
    return [p.message("en") for p in validate_all(layout.root).problems if p.code == "topic-reference"]


def test_a_topic_whose_references_resolve_is_valid(topic_repo: Layout) -> None:
    assert topic_problems(topic_repo, TOPIC) == []


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (f"datasets: [{FIXTURE_PACKAGE}/partner-cities]", f"datasets: [{FIXTURE_PACKAGE}/cities]", "no resource"),
        ("    field: delegates\n", "    field: people\n", "has no field 'people'"),
        ("where: {city: cebu}", "where: {city: manila}", "no row of"),
    ],
)
def test_a_dead_reference_is_reported(topic_repo: Layout, old: str, new: str, said: str) -> None:
    assert old in TOPIC
    [message] = topic_problems(topic_repo, TOPIC.replace(old, new))
    assert said in message
