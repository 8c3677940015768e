"""Page kinds are pure functions of the site's inputs and the indexes of what was published.

No page kind depends on another having been made first: the home page reads chart
heights from the chart index, never from what dataset pages happened to record.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sitegen.assemble.mkdocs import mkdocs_nav, nav_translations
from sitegen.site.chart_index import ChartIndex, featured_views
from sitegen.site.inputs import SiteInputs, gather
from sitegen.site.nav_tree import NavItem
from sitegen.site.navigation import navigation
from sitegen.site.pages.home import home_page
from sitegen.validate.validation import validate_all

from .conftest import FIXTURE_PACKAGE, make_fixture_repo

RESOURCE = "association-members"
VIEW = "members-trend"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteInputs:
    layout = make_fixture_repo(tmp_path_factory.mktemp("pages") / "repo")
    validation = validate_all(layout.root)
    assert validation.ok
    featured = {"charts": [{"resource": f"{FIXTURE_PACKAGE}/{RESOURCE}", "view": VIEW}]}
    return dataclasses.replace(gather(layout, validation, "https://example.org/odp/"), featured=featured)


def chart(name: str, height: int) -> dict[str, object]:
    base = f"charts/{FIXTURE_PACKAGE}/{RESOURCE}/{name}-ja"
    return {"name": name, "height": height, "svg_path": f"{base}.svg", "png_path": f"{base}.png"}


def test_the_home_page_takes_each_thumbnail_height_from_the_chart_index(site: SiteInputs) -> None:
    index = ChartIndex(datasets={(FIXTURE_PACKAGE, RESOURCE, "ja"): [chart("other", 200), chart(VIEW, 417)]})
    page = home_page(site, "ja", index)
    (thumb,) = page.context["charts"]
    assert thumb["height"] == 417
    assert thumb["svg_url"] == f"charts/{FIXTURE_PACKAGE}/{RESOURCE}/{VIEW}-ja.svg"
    assert page.path == "index.md"


def test_a_featured_chart_that_was_not_rendered_is_an_error_not_a_guessed_height(site: SiteInputs) -> None:
    index = ChartIndex(datasets={(FIXTURE_PACKAGE, RESOURCE, "ja"): [chart("other", 200)]})
    with pytest.raises(KeyError, match=VIEW):
        home_page(site, "ja", index)


def test_the_same_inputs_give_the_same_page(site: SiteInputs) -> None:
    index = ChartIndex(datasets={(FIXTURE_PACKAGE, RESOURCE, "en"): [chart(VIEW, 300)]})
    assert home_page(site, "en", index) == home_page(site, "en", index)


def test_the_navigation_is_data_the_assembler_turns_into_mkdocs_nav(site: SiteInputs) -> None:
    nav = navigation(site)
    mkdocs = mkdocs_nav(nav)
    assert mkdocs[0] == "index.md"
    datasets = mkdocs[1]["データ一覧"]
    assert datasets[0] == {"すべての表": "datasets/index.md"}
    package_title = site.validation.packages[0].title("ja")
    assert datasets[1] == {
        package_title: [f"datasets/{FIXTURE_PACKAGE}/{r.name}/index.md" for r in site.validation.packages[0].resources]
    }
    assert mkdocs[2] == {"テーマ": []}  # no topics in the fixture: an empty section, not None
    assert mkdocs[3:5] == ["coverage/index.md", "updates/index.md"]
    # the section is not named like its first page (「このサイトについて」 twice in the sidebar)
    assert mkdocs[5] == {"サイトの案内": ["about.md", "methodology.md", "license.md", "contributing.md"]}
    english = nav_translations(nav, "en")
    assert english["データ一覧"] == "Datasets" and english["サイトの案内"] == "Site information"
    assert english[package_title] == site.validation.packages[0].title("en")


def test_navigation_titles_are_escaped_once(tmp_path: Path) -> None:
    nav = (NavItem(titles={"ja": "A & <B>", "en": "Japan's"}, children=(NavItem("x/index.md"),)),)
    assert mkdocs_nav(nav) == [{"A &amp; &lt;B&gt;": ["x/index.md"]}]
    assert nav_translations(nav, "en") == {"A &amp; &lt;B&gt;": "Japan&#x27;s"}


def test_only_the_featured_views_get_a_sharp_png(site: SiteInputs) -> None:
    resource = site.validation.packages[0].resource(RESOURCE)
    assert featured_views(site, resource) == {VIEW}
    other = next(r for p in site.validation.packages for r in p.resources if r.name != RESOURCE and r.views)
    assert featured_views(site, other) == frozenset()
    assert featured_views(dataclasses.replace(site, featured={}), resource) == frozenset()
