"""Topic pages and their index, as contexts: the table of a topic chart is the chart's
numbers, the chart starts at zero, names its sources and leaves colours to the theme.

These use the invented fixture package; ``test_topics_site.py`` checks the real site.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.assemble.mkdocs import mkdocs_nav
from sitegen.charts.topic_chart import plotted, sources, topic_chart
from sitegen.model.topics import Topic
from sitegen.site.chart_index import ChartIndex
from sitegen.site.inputs import SiteInputs, gather
from sitegen.site.navigation import navigation
from sitegen.site.pages.common import Templates
from sitegen.site.pages.topic import chart_table, topic_page
from sitegen.site.pages.topics_index import topics_index_page
from sitegen.validate.validation import validate_all

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

P = FIXTURE_PACKAGE
TOPIC = f"""name: exchange
title: 国際交流
title_en: International exchange
description: 市の国際交流の歩み。
description_en: The city's international exchange over the years.
datasets: [{P}/association-members, {P}/partner-cities]
views:
  - name: members
    title: 国際交流協会の年度末の会員数と、会員区分見直し後の会員数の推移
    title_en: >-
      Members of the international association at the end of each fiscal year,
      before and after the review of membership classes
    description: 会員数は増えています。
    description_en: Membership has grown.
    x_title: 年度
    x_title_en: Fiscal year
    y_title: 人
    y_title_en: people
    series:
      - resource: {P}/association-members
        x: fiscal_year
        y: year_end
        label: 年度末の会員数
        label_en: Members at year end
      - resource: {P}/association-members
        x: fiscal_year
        y: year_end_adjusted
        label: 会員区分見直し後
        label_en: After the review of classes
        dashed: true
    rules:
      - y: 1000
        label: 目標 1,000人
        label_en: "Target: 1,000"
  - name: delegates
    title: 提携年と交流人数
    title_en: Partnership year and people exchanged
    description: 都市ごとの交流人数です。
    description_en: People exchanged, by city.
    x_title: 提携年
    x_title_en: Partnership since
    y_title: 人
    y_title_en: people
    series:
      - resource: {P}/partner-cities
        x: since
        y: delegates
        label: 交流人数
        label_en: People exchanged
"""
LANGS = ("ja", "en")
FIXTURE_SOURCE_EN = (
    "Source: Sample City International Exchange Division, Sample City Report on International Exchange, FY2024 edition"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteInputs:
    layout = make_fixture_repo(tmp_path_factory.mktemp("topic-pages") / "repo")
    (layout.datapackage / "topics").mkdir()
    (layout.datapackage / "topics" / "exchange.yaml").write_text(TOPIC, encoding="utf-8")
    validation = validate_all(layout.root)
    assert validation.ok, [p.message("en") for p in validation.problems if p.severity == "error"]
    return gather(layout, validation)


@pytest.fixture(scope="module")
def topic(site: SiteInputs) -> Topic:
    (only,) = site.topics
    return only


def view(topic: Topic, name: str) -> dict[str, Any]:
    return next(v for v in topic.descriptor["views"] if v["name"] == name)


def spec_values(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["data"]["values"])


def table_numbers(table: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(x cell, series header, value cell) of every non-empty value cell of a chart table."""
    headers = [c["title"] for c in table["columns"]]
    found = set()
    for row in table["rows"]:
        for header, column, cell in zip(headers, table["columns"], row, strict=True):
            if column["numeric"] and cell != "—":
                found.add((row[0], header, cell))
    return found


def plotted_numbers(spec: dict[str, Any]) -> set[tuple[str, str, str]]:
    """The same triples from the chart's own data: what it draws, as the table writes it."""
    return {(str(v["x"]), v["series"], f"{v['y']:,}") for v in spec_values(spec)}


# The table is the chart's numbers ----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_chart_table_holds_exactly_the_numbers_the_chart_plots(site: SiteInputs, topic: Topic, lang: str) -> None:
    members = view(topic, "members")
    spec = topic_chart(members, site.validation, lang, site.strings)
    table = chart_table(site, members, lang, "../../")
    assert table_numbers(table) == plotted_numbers(spec)
    # the review of classes gave one figure (FY2018): one point, one cell, the rest empty
    adjusted = [row[-1] for row in table["rows"]]
    assert [cell for cell in adjusted if cell != "—"] == ["902"]
    assert len(adjusted) == 13


def test_a_table_missing_a_plotted_number_is_caught(site: SiteInputs, topic: Topic) -> None:
    """The comparison above fails when one number is dropped or changed."""
    members = view(topic, "members")
    spec = topic_chart(members, site.validation, "ja", site.strings)
    table = chart_table(site, members, "ja", "../../")
    broken = copy.deepcopy(table)
    broken["rows"][0][2] = "411"
    assert table_numbers(broken) != plotted_numbers(spec)
    broken["rows"].pop()
    assert not plotted_numbers(spec) <= table_numbers(broken)


def test_headers_carry_units_and_japanese_rows_the_era_year(site: SiteInputs, topic: Topic) -> None:
    ja = chart_table(site, view(topic, "members"), "ja", "../../")
    en = chart_table(site, view(topic, "members"), "en", "../../")
    assert [(c["title"], c["unit"]) for c in ja["columns"]] == [
        ("年度", ""),
        ("和暦", ""),
        ("年度末の会員数", "人"),
        ("会員区分見直し後", "人"),
    ]
    assert ja["rows"][0][:2] == ["2012", "平成24年度"]
    assert ["2019", "令和元年度"] in [row[:2] for row in ja["rows"]]  # the year an era begins is 元年
    assert [(c["title"], c["unit"]) for c in en["columns"]] == [
        ("Fiscal year", ""),
        ("Members at year end", "people"),
        ("After the review of classes", "people"),
    ]
    assert en["rows"][0][:2] == ["2012", "412"]
    assert ja["rules"] == ["グラフの横線は「目標 1,000人」を示します。"]
    assert en["rules"] == ["The line across the chart marks “Target: 1,000”."]


def test_a_qualified_number_reads_as_the_document_states_it(site: SiteInputs, topic: Topic) -> None:
    ja = chart_table(site, view(topic, "delegates"), "ja", "../../")
    en = chart_table(site, view(topic, "delegates"), "en", "../../")
    assert ["2008", "約40"] in ja["rows"] and ["1995", "24"] in ja["rows"]
    assert ["2008", "about 40"] in en["rows"]
    assert len(ja["columns"]) == 2  # "since" is a label, not a time field: no era column
    tips = {
        v["x"]: v["_text"]
        for v in spec_values(topic_chart(view(topic, "delegates"), site.validation, "en", site.strings))
    }
    assert tips[2008] == "about 40 people"


def test_each_table_links_the_full_tables_it_comes_from(site: SiteInputs, topic: Topic) -> None:
    ja = chart_table(site, view(topic, "members"), "ja", "../../")
    en = chart_table(site, view(topic, "members"), "en", "../../")
    assert ja["sources"] == [
        {"title": "国際交流協会の会員数の推移", "url": f"../../datasets/{P}/association-members/#data"}
    ]
    assert en["sources"][0]["url"] == f"../../en/datasets/{P}/association-members/#data"


# The chart ----------------------------------------------------------------------------


def layers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from spec.get("layer", [])


def y_scale_zero(spec: dict[str, Any]) -> bool:
    """Whether the measure axis starts at zero: Vega-Lite's own default, unless a layer
    turns it off."""
    scales = [layer["encoding"]["y"].get("scale", {}) for layer in layers(spec) if "y" in layer.get("encoding", {})]
    return bool(scales) and all(scale.get("zero", True) for scale in scales)


def test_the_measure_axis_starts_at_zero(site: SiteInputs, topic: Topic) -> None:
    spec = topic_chart(view(topic, "members"), site.validation, "ja", site.strings)
    assert y_scale_zero(spec)
    broken = copy.deepcopy(spec)
    line = next(layer for layer in broken["layer"] if "y" in layer.get("encoding", {}))
    line["encoding"]["y"]["scale"] = {"zero": False}
    assert not y_scale_zero(broken)


_HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")


def colours_in_marks(spec: dict[str, Any]) -> list[str]:
    """Colours written into the spec outside the two schemes' configs: such a colour
    stays the same in dark mode."""
    marks = {k: v for k, v in spec.items() if k not in ("config", "usermeta")}
    return _HEX.findall(json.dumps(marks))


def test_colours_come_only_from_the_themes(site: SiteInputs, topic: Topic) -> None:
    spec = topic_chart(view(topic, "members"), site.validation, "en", site.strings)
    assert colours_in_marks(spec) == []
    assert spec["config"]["background"] != spec["usermeta"]["odp"]["dark"]["background"]
    styles = [layer["mark"].get("style") for layer in layers(spec)]
    assert styles.count("odp-reference") == 1 and styles.count("odp-reference-label") == 1
    # the former spec's hard-coded target colour is what this catches
    broken = copy.deepcopy(spec)
    broken["layer"][1]["mark"]["color"] = "#b00020"
    assert colours_in_marks(broken) == ["#b00020"]


def test_the_source_line_names_each_document_once(site: SiteInputs, topic: Topic) -> None:
    spec = topic_chart(view(topic, "members"), site.validation, "ja", site.strings)
    assert "".join(spec["title"]["subtitle"]) == "出典：架空市 国際交流課「架空市 国際交流年報 令和6年度版」"
    en = topic_chart(view(topic, "members"), site.validation, "en", site.strings)
    assert " ".join(en["title"]["subtitle"]) == FIXTURE_SOURCE_EN
    # a series from another document adds its own line
    series = plotted(view(topic, "members"), site.validation, "en")
    other_package = dataclasses.replace(
        series[0].resource.package,
        descriptor={**series[0].resource.package.descriptor, "document_en": "Another report"},
    )
    other = dataclasses.replace(series[0], resource=dataclasses.replace(series[0].resource, package=other_package))
    assert sources([*series, other], "en", site.strings) == [
        FIXTURE_SOURCE_EN,
        "Source: Sample City International Exchange Division, Another report",
    ]


def test_the_title_wraps_for_a_phone(site: SiteInputs, topic: Topic) -> None:
    spec = topic_chart(view(topic, "members"), site.validation, "en", site.strings)
    title = view(topic, "members")["title_en"]
    assert len(title) > 40  # longer than a phone's line: the check below can fail
    narrow = spec["usermeta"]["odp"]["narrowTitle"]
    assert " ".join(narrow["text"]) == title
    assert len(narrow["text"]) > 1 and all(len(line) <= 40 for line in narrow["text"])
    assert all(len(line) <= 80 for line in spec["title"]["text"])


# The pages ----------------------------------------------------------------------------


def chart_dict(name: str) -> dict[str, Any]:
    base = f"charts/topics/exchange/{name}-ja"
    return {
        "name": name,
        "title": name,
        "description": "",
        "alt": name,
        "height": 300,
        "spec_url": f"{base}-vl.json",
        "svg_url": f"{base}.svg",
    }


def test_each_chart_links_its_own_table_on_the_page(site: SiteInputs, topic: Topic, tmp_path: Path) -> None:
    index = ChartIndex(topics={("exchange", "ja"): [chart_dict("members"), chart_dict("delegates")]})
    page = topic_page(site, topic, "ja", index)
    html = Templates(site.layout.site_src / "templates").render(page)
    links = re.findall(r'class="odp-chart__table" href="#([^"]+)"', html)
    assert links == ["data-members", "data-delegates"]
    for target in links:
        section = html.split(f'id="{target}"', 1)[1].split("</section>", 1)[0]
        assert "<table" in section
    # the cards of the topic's tables have an id of their own, not the data link's
    assert "{#datasets}" in html and html.count('id="data-members"') == 1


def test_the_topics_index_lists_every_topic_with_its_description(site: SiteInputs) -> None:
    ja = topics_index_page(site, "ja")
    en = topics_index_page(site, "en")
    assert ja.path == "topics/index.md" and en.path == "topics/index.en.md"
    assert ja.context["topics"] == [
        {"title": "国際交流", "description": "市の国際交流の歩み。", "url": "../topics/exchange/"}
    ]
    assert en.context["topics"][0]["url"] == "../../en/topics/exchange/"
    html = Templates(site.layout.site_src / "templates").render(en)
    assert "The city&#39;s international exchange over the years." in html
    assert "topics/exchange/" in html


def test_the_topics_section_of_the_navigation_opens_with_the_index(site: SiteInputs) -> None:
    nav = mkdocs_nav(navigation(site))
    assert nav[2] == {"テーマ": [{"すべてのテーマ": "topics/index.md"}, "topics/exchange/index.md"]}
    # without topics there is no index to head the section (tests/test_pages.py)
    bare = dataclasses.replace(site, topics=())
    assert mkdocs_nav(navigation(bare))[2] == {"テーマ": []}
