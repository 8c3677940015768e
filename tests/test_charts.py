"""Charts of the real site, built for real: specs valid against the Vega-Lite schema,
renders that say the right things in the right language, accessible colours, big tables,
and a renderer process that is recycled before its memory runs away."""

from __future__ import annotations

import csv
import html
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from altair.vegalite.v6.schema.core import load_schema

from sitegen.charts import assets, spec, theme
from sitegen.charts import text as ct
from sitegen.charts.worker import RenderWorker
from sitegen.core.i18n import load_strings
from sitegen.core.paths import ROOT
from sitegen.format.cells import is_time
from sitegen.model.era import to_era_label
from sitegen.model.packages import Resource, load_packages
from sitegen.model.views import view_problems

TINY_SPEC = {
    "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 2}]},
    "mark": "bar",
    "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
}


def chart_files(site: Path, suffix: str) -> list[Path]:
    return sorted((site / "charts").rglob(f"*{suffix}"))


def read_svg(site: Path, resource: str, view: str, lang: str) -> str:
    matches = list((site / "charts").glob(f"*/{resource}/{view}-{lang}.svg"))
    assert len(matches) == 1, f"{resource}/{view}-{lang}"
    return matches[0].read_text(encoding="utf-8")


PAINT = re.compile(r'\b(fill|stroke)="(#[0-9a-fA-F]{6})"')
DARK_STYLE = re.compile(r"<svg\b[^>]*><style>@media \(prefers-color-scheme: dark\)\{(.*?)\}</style>")
DARK_RULE = re.compile(r'\[(fill|stroke)="(#[0-9a-f]{6})" i\]\{\1:(#[0-9a-fA-F]{6})\}')


def dark_rules(svg: str) -> dict[tuple[str, str], str]:
    """The ``(attribute, light colour): dark colour`` rules of an SVG's dark style, which
    comes right after its opening tag and holds nothing else."""
    match = DARK_STYLE.match(svg)
    assert match, svg[:300]
    assert DARK_RULE.sub("", match.group(1)) == "", match.group(1)
    return {(attr, light): dark for attr, light, dark in DARK_RULE.findall(match.group(1))}


def dark_rendering(svg: str) -> str:
    """The SVG as a reader in the dark scheme sees it: its dark rules applied to the
    attributes they select (CSS wins over presentation attributes)."""
    rules = dark_rules(svg)
    return PAINT.sub(lambda m: f'{m[1]}="{rules.get((m[1], m[2].lower()), m[2])}"', svg)


def paint(svg: str) -> set[str]:
    return {c.lower() for _, c in PAINT.findall(svg)}


def svg_text(svg: str) -> str:
    """Every piece of text the image shows, in document order (lines of multi-line text
    are <tspan>s)."""
    pieces = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", p)) for p in pieces)


def test_every_spec_of_the_site_is_valid_vega_lite(built_site: Path) -> None:
    validator = jsonschema.Draft7Validator(load_schema())
    specs = chart_files(built_site, "-vl.json")
    assert len(specs) >= 50  # every view of the five packages, in two languages
    for path in specs:
        spec = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(spec)]
        assert errors == [], f"{path.name}: {errors[:3]}"
        if "topics" in path.parts:  # topic charts join several tables inline (generate.py)
            continue
        assert spec["data"]["url"].startswith("data/") and spec["data"]["url"].endswith(".csv")
        assert spec["description"] and spec["title"]["text"]
        assert spec["usermeta"]["odp"]["dark"]["background"] == theme.DARK.background


def test_every_resource_with_numbers_has_a_chart(built_site: Path) -> None:
    packages, _ = load_packages(ROOT)
    for package in packages:
        for resource in package.resources:
            measures = [
                f
                for f in resource.fields
                if f.get("type") in ("integer", "number") and f.get("role", "measure") == "measure" and not is_time(f)
            ]
            if measures:
                assert resource.views, f"{resource.name} has numbers but no chart"
            for view in resource.views:
                for lang in ("ja", "en"):
                    assert (
                        built_site / "charts" / package.name / resource.name / f"{view['name']}-{lang}.svg"
                    ).is_file()


@pytest.mark.parametrize(
    ("resource", "view", "lang", "expected"),
    [
        # Years in the reader's calendar words, numbers with units, the source line.
        (
            "dispatch-act-staff",
            "dispatch-trend",
            "ja",
            ["1970年度", "2020年度", "単位：人", "ピーク 570人", "出典：「人事院 年次報告書"],
        ),
        ("dispatch-act-staff", "dispatch-trend", "en", ["FY1970", "FY2020", "People", "Peak: 570 (FY2001)"]),
        # Key figures: qualifiers and compact large numbers, per language.
        (
            "headline-figures",
            "headline-figures-by-year",
            "ja",
            ["約4,034万人", "約377万人", "6,499人", "「近年」とのみ記載"],
        ),
        ("headline-figures", "headline-figures-by-year", "en", ["about 40.34 million people", "6,499 people"]),
        # Currency: 米ドル after the number in Japanese, US$ before it in English.
        ("iom-budget-settlement", "budget-vs-settlement", "ja", ["16.15億米ドル", "16.05億米ドル", "予算額", "決算額"]),
        ("iom-budget-settlement", "budget-vs-settlement", "en", ["US$1.615 billion", "Budget", "Actual expenditure"]),
        ("contribution-overview", "initial-budget", "ja", ["37,079千円", "100%", "1位"]),
        ("contribution-overview", "initial-budget", "en", ["¥37,079 thousand", "100%", "No. 1"]),
        # Percentages, and the category labels of a colour field.
        ("jpo-retention-rate", "retention-trend", "ja", ["85.2%", "72.7%", "2020年度"]),
        ("career-track-hires-by-sex", "hires-by-sex", "ja", ["男性", "女性", "12人"]),
        ("career-track-hires-by-sex", "hires-by-sex", "en", ["Men", "Women", "12 people", "FY2024"]),
        # A value the document does not give says so instead of leaving a gap.
        ("jpo-applicants-dispatched", "applicants-dispatched", "en", ["Not given in the document", "325 people"]),
        # The reference line of the 1,000-staff target, and a value still to be published.
        ("un-japanese-staff", "staff-trend", "ja", ["目標 1,000人（2025年まで）", "公表予定", "961人"]),
        ("un-japanese-staff", "staff-trend", "en", ["Target: 1,000 by 2025", "to be published"]),
        # The hand-written waterfall: signed steps between two totals.
        ("dispatch-fy2023-summary", "fy2023-summary", "ja", ["346人", "+138人", "−142人", "342人"]),
        # Units that come from a column of the data, on a log scale.
        ("iom-activity-results-2018", "activity-results-2018", "en", ["about 30 million people", "400,085 cases"]),
        ("international-dialogue-on-migration", "idm-participants", "ja", ["2018年3月", "600人以上"]),
    ],
)
def test_rendered_svg_says_it_in_the_readers_language(
    built_site: Path, resource: str, view: str, lang: str, expected: list[str]
) -> None:
    svg = read_svg(built_site, resource, view, lang)
    shown = svg_text(svg)
    for words in expected:
        assert words in shown, f"{words!r} not in {resource} ({lang})"
    other = "en" if lang == "ja" else "ja"
    other_title = json.loads(
        next((built_site / "charts").glob(f"*/{resource}/{view}-{other}-vl.json")).read_text(encoding="utf-8")
    )["title"]["text"][0]
    assert other_title not in shown
    assert 'class="mark-' in svg and "NaN" not in shown and "undefined" not in shown


def test_marks_are_the_declared_ones(built_site: Path) -> None:
    line = read_svg(built_site, "dispatch-act-staff", "dispatch-trend", "ja")
    assert line.count('class="mark-line role-mark') == 3  # one line per series
    bars = read_svg(built_site, "career-track-hires-by-sex", "hires-by-sex", "en")
    assert len(re.findall(r'class="mark-rect role-mark', bars)) >= 1
    assert len(re.findall(r"<path[^>]*d=\"M[^\"]*h[^\"]*v", bars)) >= 10  # 5 years x 2 sexes
    tiles = read_svg(built_site, "iom-activity-results-2018", "activity-results-2018", "ja")
    assert 'class="mark-text role-mark' in tiles and 'class="mark-symbol role-mark' not in tiles  # figures: no axis


def test_each_svg_turns_itself_dark_in_the_dark_palette_only(built_site: Path) -> None:
    mapping = theme.scheme_colours(theme.LIGHT, theme.DARK)
    dark = {c.lower() for c in mapping.values()}
    light_only = set(mapping) - dark
    svgs = chart_files(built_site, ".svg")
    assert svgs and [p for p in svgs if p.name.endswith("-dark.svg")] == []  # one file per chart and language
    for path in svgs:
        svg = path.read_text("utf-8")
        # a rule for every light colour the image paints with, and for no other
        used = {(attr, colour.lower()) for attr, colour in PAINT.findall(svg)}
        assert dark_rules(svg) == {(attr, c): mapping[c] for attr, c in used}, path.name
        colours = paint(dark_rendering(svg))
        assert colours <= dark, f"{path.name}: {colours - dark}"
        assert not colours & light_only
    # The check can fail: without its style, the image keeps its light colours.
    assert paint(svg) & light_only
    with pytest.raises(AssertionError):
        dark_rules(DARK_STYLE.sub(lambda m: m.group(0).split("<style>")[0], svg))


def test_the_png_is_drawn_from_the_plain_light_render(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """resvg never sees the dark style: the PNG is drawn from the light render itself."""
    drawn: list[bytes] = []
    real = assets.render_png

    def recording(svg: bytes, cache_dir: Path, scale: float = 1.0) -> bytes:
        drawn.append(svg)
        return real(svg, cache_dir, scale=scale)

    monkeypatch.setattr(assets, "render_png", recording)
    written: dict[str, bytes] = {}

    def put(rel: str, data: bytes | str) -> Path:
        written[rel] = data.encode("utf-8") if isinstance(data, str) else data
        return tmp_path / rel

    tiny = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", **TINY_SPEC, "config": theme.vega_config()}
    chart = assets.publish_chart(
        tiny,
        "charts/t/tiny-en",
        name="tiny",
        title="Tiny",
        description="",
        lang="en",
        strings=load_strings(ROOT / "site_src" / "strings.yml"),
        root="../",
        cache_dir=tmp_path / "cache",
        put=put,
    )
    assert sorted(written) == ["charts/t/tiny-en-vl.json", "charts/t/tiny-en.png", "charts/t/tiny-en.svg"]
    assert "svg_dark_url" not in chart and chart["svg_url"] == "../charts/t/tiny-en.svg"
    [plain] = drawn
    published = written["charts/t/tiny-en.svg"]
    assert b"prefers-color-scheme" in published and b"<style" not in plain
    assert theme.scheme_aware_svg(plain) == published  # the same render, only the style added
    assert written["charts/t/tiny-en.png"] == real(plain, tmp_path / "cache")
    # The check can fail: the published (styled) SVG is another input to the renderer.
    assert b"<style" in published and published != plain


def test_png_renders_serve_as_open_graph_images(built_site: Path) -> None:
    pngs = chart_files(built_site, ".png")
    specs = [p for p in chart_files(built_site, "-vl.json") if "topics" not in p.parts]
    assert len(pngs) >= len(specs)
    declared = built_site.parent / "datapackage" / "featured.yaml"  # the built copy's, if it has one
    items = yaml.safe_load(declared.read_text(encoding="utf-8"))["charts"] if declared.is_file() else []
    featured = {f"{item['resource']}/{item.get('view') or ''}" for item in items}
    widths = {}
    for path in pngs:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        widths[path] = int.from_bytes(data[16:20], "big")
    # 720 px: above the 600 px Open Graph asks for; the home page's featured charts at 2×
    sharp = {p for p, w in widths.items() if w == 2 * spec.STATIC_WIDTH}
    assert all(w in (spec.STATIC_WIDTH, 2 * spec.STATIC_WIDTH) for w in widths.values()), set(widths.values())
    assert len(sharp) <= 2 * len(featured) < len(widths) / 2, "only featured charts are rendered at 2×"
    for item in featured:
        resource, view = item.rsplit("/", 1)
        if view:
            (path,) = [p for p in pngs if p.parent.as_posix().endswith(resource) and p.name == f"{view}-ja.png"]
            assert widths[path] == 2 * spec.STATIC_WIDTH, path


def test_pages_link_the_downloads_and_inline_no_data(built_site: Path) -> None:
    for lang_dir in (built_site, built_site / "en"):
        page = (lang_dir / "datasets/nps-international-cooperation/dispatch-act-staff/index.html").read_text("utf-8")
        figure = page.split('<figure class="odp-chart"', 1)[1].split("</figure>", 1)[0]
        assert "dispatch-trend-" in figure and ".png" in figure and "-dark.svg" not in figure
        assert figure.count("<img") == 1 and 'class="odp-chart__static"' in figure  # one static image
        assert 'tabindex="0"' in figure and 'role="img"' in figure and 'href="#data"' in figure
        assert '"values"' not in page
    for path in chart_files(built_site, "-vl.json"):
        spec = json.loads(path.read_text(encoding="utf-8"))
        inline = json.dumps([d for d in _datasets(spec) if "values" in d], ensure_ascii=False)
        assert len(inline.encode("utf-8")) < 50_000, path.name


def _datasets(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "url" in node or "values" in node:
            found.append(node)
        for key, value in node.items():
            if key != "usermeta":
                found += _datasets(value)
    elif isinstance(node, list):
        for item in node:
            found += _datasets(item)
    return found


def test_palettes_are_accessible() -> None:
    for palette in (theme.LIGHT, theme.DARK):
        for colour in palette.series:
            assert theme.contrast_ratio(colour, palette.background) >= 3.0, colour  # WCAG 1.4.11
        for colour in (palette.title, palette.text, palette.muted, palette.reference):
            assert theme.contrast_ratio(colour, palette.background) >= 4.5, colour  # WCAG 1.4.3
        assert theme.contrast_ratio(palette.series[0], palette.tile) >= 3.0  # key figures
        for vision in (None, *theme.CVD_MATRICES):
            assert theme.min_distance(palette.series, vision) >= 10, (palette.background, vision)
    # The check can fail: Okabe–Ito's yellow and orange are too close for deuteranopes at this bar.
    assert theme.min_distance(("#E69F00", "#F0E442", "#0072B2"), "deuteranopia") < 20


def write_synthetic_package(root: Path, rows: int) -> None:
    folder = root / "datapackage" / "synthetic"
    folder.mkdir(parents=True)
    lines = ["day,value"] + [f"{1900 + i // 365},{(i * 37) % 1000}" for i in range(rows)]
    (folder / "big.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    descriptor = {
        "name": "synthetic",
        "resources": [
            {
                "name": "big",
                "path": "big.csv",
                "schema": {
                    "fields": [
                        {
                            "name": "day",
                            "type": "integer",
                            "title": "年",
                            "title_en": "Year",
                            "role": "time",
                            "time_kind": "calendar",
                        },
                        {
                            "name": "value",
                            "type": "integer",
                            "title": "値",
                            "title_en": "Value",
                            "unit": "人",
                            "unit_en": "people",
                        },
                    ]
                },
                "views": [
                    {
                        "name": "big-line",
                        "title": "大きな表",
                        "title_en": "A big table",
                        "description": "二万行。",
                        "description_en": "Twenty thousand rows.",
                        "mark": "line",
                        "x": "day",
                        "y": "value",
                    }
                ],
            }
        ],
    }
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")


def test_a_20000_row_table_is_charted_by_url(tmp_path: Path) -> None:
    write_synthetic_package(tmp_path, 20_000)
    packages, problems = load_packages(tmp_path)
    assert problems == []
    resource = packages[0].resources[0]
    rows = [{"day": 1900 + i // 365, "value": (i * 37) % 1000} for i in range(20_000)]
    written: dict[str, bytes] = {}

    def put(rel: str, data: bytes | str) -> Path:
        written[rel] = data.encode("utf-8") if isinstance(data, str) else data
        return tmp_path / rel

    strings = load_strings(ROOT / "site_src" / "strings.yml")
    result = assets.write_charts(
        resource, lambda: rows, "en", strings, "../", "data/synthetic/big.csv", tmp_path / "cache", put
    )
    spec = json.loads(written["charts/synthetic/big/big-line-en-vl.json"])
    assert spec["data"]["url"] == "data/synthetic/big.csv"
    assert len(json.dumps(spec)) < 50_000  # no rows in the spec
    svg = written["charts/synthetic/big/big-line-en.svg"].decode("utf-8")
    assert "A big table" in svg and 'class="mark-line role-mark' in svg
    assert result[0]["png_url"] == "../charts/synthetic/big/big-line-en.png"


def test_renderer_is_recycled_after_n_renders_or_too_much_memory() -> None:
    worker = RenderWorker(max_renders=2)
    try:
        pids = []
        for _ in range(3):
            assert worker.render("svg", TINY_SPEC, vl_version="6.4").startswith(b"<svg")
            pids.append(worker.pid)
        assert worker.starts == 2 and pids[1] is None and pids[2] is not None
    finally:
        worker.close()
    greedy = RenderWorker(max_rss_mb=1)  # any real renderer is bigger than 1 MiB
    try:
        for _ in range(2):
            greedy.render("svg", TINY_SPEC, vl_version="6.4")
            assert greedy.pid is None  # closed right after the render
        assert greedy.starts == 2
    finally:
        greedy.close()


def test_view_problems_name_the_key() -> None:
    fields = {"year": {"name": "year", "type": "integer"}, "n": {"name": "n", "type": "integer"}}
    base = {"name": "v", "title": "t", "title_en": "t", "description": "d", "description_en": "d"}
    assert view_problems({**base, "x": "year", "y": "n"}, fields) == []
    assert view_problems({**base, "x": "year", "y": "nope"}, fields)[0][0] == "y"
    assert view_problems({**base, "x": "year", "y": "n", "colour": "n"}, fields)[0][0] == "colour"
    assert view_problems({**base, "x": "year", "y": "n", "mark": "pie"}, fields)[0][0] == "mark"
    waterfall = {**base, "chart": "waterfall", "y": ["n", "n", "n"], "inflows": ["year"]}
    assert view_problems(waterfall, fields)[0][0] == "y"
    assert view_problems({**base, "chart": "sankey"}, fields)[0][0] == "chart"


# Phone and desktop layouts, rendered for real at a phone's and a desktop's plot width ----

STRINGS = load_strings(ROOT / "site_src" / "strings.yml")
URL = "data/table.csv"


@pytest.fixture(scope="module")
def renderer() -> Iterator[RenderWorker]:
    worker = RenderWorker()
    yield worker
    worker.close()


def real_resource(name: str) -> Resource:
    packages, _ = load_packages(ROOT)
    return next(r for p in packages for r in p.resources if r.name == name)


def view_spec(resource: Resource, lang: str, **changes: Any) -> dict[str, Any]:
    """The Vega-Lite spec of a resource's first view (with ``changes``), as the build writes it."""
    view = {**resource.views[0], **changes}
    with resource.path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    data = {"url": URL, "format": {"type": "csv", "parse": assets.parse_types(resource)}}
    return spec.chart_spec(spec.build_chart(resource, view, lang, STRINGS, data, rows=rows))


def render_at(renderer: RenderWorker, vl: dict[str, Any], resource: Resource, width: int) -> str:
    """The chart as vl-convert draws it at ``width`` px, with the table's rows inlined."""
    static = assets.inline_data(spec.static_spec(vl, width), URL, resource.path.read_text(encoding="utf-8"))
    return renderer.render("svg", spec.with_scheme(static, "default"), vl_version="6.4").decode("utf-8")


def axis_labels(svg: str) -> list[tuple[float, str]]:
    """(x, text) of each shown label of the chart's first (bottom) axis."""
    group = re.search(r'class="mark-text role-axis-label".*?</g>', svg, flags=re.S)
    assert group, "no axis labels"
    found = re.findall(r'<text[^>]*translate\(([\d.]+),[^>]*opacity="1"[^>]*>([^<]*)</text>', group.group(0))
    return [(float(x), html.unescape(label)) for x, label in found]


def axis_ticks(svg: str) -> int:
    """How many ticks the chart's first (bottom) axis has, labelled or not."""
    group = re.search(r'class="mark-rule role-axis-tick".*?</g>', svg, flags=re.S)
    assert group, "no axis ticks"
    return group.group(0).count("<line")


def shown_labels(svg: str) -> list[str]:
    """Every text of the image, one entry per line (multi-line text is one <tspan> a line)."""
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    lines: list[str] = []
    for t in texts:
        spans = re.findall(r"<tspan[^>]*>(.*?)</tspan>", t, flags=re.S)
        lines += [html.unescape(x) for x in (spans or [t])]
    return lines


@pytest.mark.parametrize(("lang", "pattern"), [("ja", r"^\d{4}年度$"), ("en", r"^FY\d{4}$")])
def test_a_time_axis_has_as_many_ticks_as_the_width_has_room_for(
    renderer: RenderWorker, lang: str, pattern: str
) -> None:
    resource = real_resource("dispatch-act-staff")
    vl = view_spec(resource, lang)
    phone = axis_labels(render_at(renderer, vl, resource, 300))
    desktop = axis_labels(render_at(renderer, vl, resource, 720))
    assert all(re.match(pattern, label) for _, label in phone + desktop), phone + desktop
    assert 2 <= len(phone) <= 4 < len(desktop), (phone, desktop)
    assert axis_ticks(render_at(renderer, vl, resource, 300)) <= 4
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(phone)]
    assert min(gaps) >= 60  # a 1970年度 label is about 52 px wide: room between every two
    # The check can fail: Vega's default ticks, as before, crowd a phone's axis (the browser
    # then showed 1970年度1980年度… run together).
    crowded = json.loads(json.dumps(vl))
    for layer in crowded["layer"]:
        axis = layer["encoding"].get("x", {}).get("axis") or {}
        for key in ("tickCount", "labelSeparation"):
            axis.pop(key, None)
    assert axis_ticks(render_at(renderer, crowded, resource, 300)) > 4


def test_long_category_labels_wrap_instead_of_being_cut(renderer: RenderWorker) -> None:
    resource = real_resource("international-programmes-fy2024")
    vl = view_spec(resource, "en")
    label = "Visit by officials studying in Japan under JICA's JDS scholarship"
    for width in (328, 358):  # what a 360 px and a 390 px phone leave the chart
        phone = shown_labels(render_at(renderer, vl, resource, width))
        assert not [line for line in phone if "…" in line], phone
        wrapped = [line for line in phone if line and line in label]
        assert " ".join(wrapped) == label and len(wrapped) >= 2, wrapped  # in full, on two lines or more
    desktop = shown_labels(render_at(renderer, vl, resource, 720))
    assert label in desktop  # one line where there is room
    # The check can fail: the label cut to the width, as before, ends with an ellipsis.
    cut = json.loads(json.dumps(vl))
    for layer in cut["layer"]:
        if layer["encoding"].get("text", {}).get("field") == "_xl":
            layer["encoding"]["text"] = {"field": "_x"}
    assert [line for line in shown_labels(render_at(renderer, cut, resource, 358)) if line.endswith("…")]


@pytest.mark.parametrize(("lang", "words"), [("ja", "（対数目盛）"), ("en", "(log scale)")])
def test_a_log_axis_says_it_is_logarithmic(lang: str, words: str) -> None:
    resource = real_resource("dispatch-act-staff")

    def measure_title(**changes: Any) -> str:
        vl = view_spec(resource, lang, **changes)
        main = next(layer for layer in vl["layer"] if layer.get("name") != spec.READOUT)
        return " ".join(main["encoding"]["y"]["axis"]["title"])

    assert measure_title(scale={"y": {"type": "log"}}).endswith(words)
    assert words not in measure_title()  # a linear axis says nothing of the kind


def test_the_japanese_readout_gives_the_era_year_beside_the_gregorian(renderer: RenderWorker) -> None:
    years = list(range(1926, 2031))
    field = {"name": "year", "type": "integer", "role": "time", "time_kind": "fiscal"}

    def labels(lang: str, fiscal: bool = True) -> list[str]:
        kind = {**field, "time_kind": "fiscal" if fiscal else "calendar"}
        chart = {
            "data": {"values": [{"year": y, "n": i} for i, y in enumerate(years)]},
            "transform": [{"calculate": ct.year_readout_expr("datum.year", kind, STRINGS, lang), "as": "t"}],
            "mark": {"type": "text"},
            "encoding": {"y": {"field": "n", "type": "ordinal", "axis": None}, "text": {"field": "t"}},
        }
        svg = renderer.render("svg", chart, vl_version="6.4").decode("utf-8")
        return shown_labels(svg)

    expected = [f"{y}年度（{to_era_label(y)}）" for y in years]
    assert labels("ja") == expected
    assert "2019年度（令和元年度）" in expected and "1989年度（平成元年度）" in expected
    assert "1970年度（昭和45年度）" in expected and "2023年度（令和5年度）" in expected
    assert labels("ja", fiscal=False)[-8] == "2023年（令和5年）"
    assert labels("en") == [f"FY{y}" for y in years]  # no era years in English
    # The check can fail: one era's offset off by one shows at once.
    assert expected != [f"{y}年度（{to_era_label(y + 1)}）" for y in years]


def test_english_charts_write_numbers_in_english_and_japanese_ones_in_japanese(built_site: Path) -> None:
    japanese_numbers = re.compile(r"\d(万|億)")
    english_numbers = re.compile(r"\d (million|billion)")
    for path in chart_files(built_site, ".svg"):
        shown = svg_text(path.read_text(encoding="utf-8"))
        wrong = japanese_numbers if path.stem.endswith("-en") else english_numbers
        assert not wrong.search(shown), (path.name, wrong.findall(shown))
    # The check can fail: the key figures say 約4,034万人 in Japanese, 40.34 million in English.
    assert japanese_numbers.search(svg_text(read_svg(built_site, "headline-figures", "headline-figures-by-year", "ja")))
    assert english_numbers.search(svg_text(read_svg(built_site, "headline-figures", "headline-figures-by-year", "en")))


def test_every_chart_along_an_axis_has_a_readout_and_no_per_mark_tooltip(built_site: Path) -> None:
    with_readout = 0
    for path in chart_files(built_site, "-vl.json"):
        vl = json.loads(path.read_text(encoding="utf-8"))
        readout = vl["usermeta"]["odp"].get("readout")
        layers = vl.get("layer", [])
        named = [layer for layer in layers if layer.get("name") == spec.READOUT]
        assert bool(readout) == bool(named), path.name
        if readout:
            with_readout += 1
            assert readout["hint"] and readout["axis"] in ("x", "y")
            assert vl["params"] == [{"name": spec.READOUT_AT, "value": None}]
            assert not [layer for layer in layers if "tooltip" in layer.get("encoding", {})], path.name
    assert with_readout >= 15


def test_japanese_labels_wrap_at_a_bracket_and_no_line_starts_with_punctuation() -> None:
    label = "その他ランクなしの職員（本部や現地事務所）"
    assert ct.wrap(label, 20) == ["その他ランクなしの職員", "（本部や現地事務所）"]
    lines = ct.wrap("あいうえおかきくけこ）、さしすせそ", 10)
    assert "".join(lines) == "あいうえおかきくけこ）、さしすせそ"
    assert not [line for line in lines if line[0] in "）、"], lines
    # The check can fail: a plain cut at the limit starts a line with the closing bracket.
    assert "あいうえおかきくけこ）、さしすせそ"[10] == "）"


def test_a_measure_axis_names_the_one_unit_of_a_unit_column(built_site: Path) -> None:
    """A table whose unit is a column (value + value_unit) titles its measure axis with
    the unit its shown rows share (単位：人 / People), not the value column's generic
    title (数値 / Value)."""
    for lang, expected, generic in (("ja", "単位：人", "数値"), ("en", "People", "Value")):
        (path,) = (built_site / "charts").glob(f"*/international-programmes-fy2024/participants-{lang}-vl.json")
        titles = re.findall(r'"title":\s*\[("[^"]*")\]', path.read_text(encoding="utf-8"))
        assert json.dumps(expected, ensure_ascii=False) in titles, (lang, titles)
        assert json.dumps(generic) not in titles
