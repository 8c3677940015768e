"""The benchmark's parts: synthetic data that is valid, configuration variants that say
what they claim, page weight, and a real (tiny) run end to end that leaves the checkout
alone. The real measurement is ``make bench``; nothing here asserts a time."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from benchmarks import bench, synthetic
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from sitegen.assemble import mkdocs as assembler
from sitegen.core import cache
from sitegen.core.paths import ROOT, Layout
from sitegen.site.inputs import gather
from sitegen.site.navigation import navigation
from sitegen.validate.validation import validate_all


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose ``!ENV`` tags PyYAML's safe loader does not know."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def _config(text: str) -> dict[str, Any]:
    return dict(yaml.load(text, Loader=_ConfigLoader))  # a SafeLoader subclass: no arbitrary objects


def _languages(config: dict[str, Any]) -> dict[str, bool]:
    plugin = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {lang["locale"]: lang["build"] for lang in plugin["languages"]}


def test_synthetic_packages_are_valid_and_an_edit_keeps_them_valid(tmp_path: Path) -> None:
    layout, tables = synthetic.make_synthetic_repo(tmp_path / "repo", 3, 30, per_package=2)
    assert [t.package for t in tables] == ["synthetic-0001", "synthetic-0001", "synthetic-0002"]
    validation = validate_all(layout.root)
    assert validation.ok, [p.render() for p in validation.problems]
    assert not validation.problems  # not even a warning
    for resource in (r for p in validation.packages for r in p.resources):
        assert len(validation.for_resource(resource).rows) == 30
        assert resource.views and resource.checks[0]["type"] == "column-total"
        assert resource.title("ja") != resource.title("en")
    before = tables[1].csv_path.read_text(encoding="utf-8")
    synthetic.edit_one_csv(tables[1])
    assert tables[1].csv_path.read_text(encoding="utf-8") != before
    assert validate_all(layout.root).ok  # the column total still holds


def test_synthetic_data_is_deterministic(tmp_path: Path) -> None:
    first = synthetic.write_packages(tmp_path / "a", 2, 10, seed=7)
    second = synthetic.write_packages(tmp_path / "b", 2, 10, seed=7)
    for one, two in zip(first, second, strict=True):
        assert one.csv_path.read_bytes() == two.csv_path.read_bytes()
    descriptor = "synthetic-0001/datapackage.yaml"
    assert (tmp_path / "a" / descriptor).read_bytes() == (tmp_path / "b" / descriptor).read_bytes()


def test_synthetic_data_never_goes_into_the_checkout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[Path] = []
    make = synthetic.make_synthetic_repo
    monkeypatch.setattr(
        synthetic, "make_synthetic_repo", lambda dest, *a, **k: (written.append(dest), make(dest, *a, **k))[1]
    )
    before = sorted((ROOT / "datapackage").rglob("*"))
    for dest in (ROOT / "datapackage" / "synthetic", ROOT / "datapackage" / "synthetic" / "deeper", ROOT):
        with pytest.raises(SystemExit) as refused:
            synthetic.main([str(dest), "--datasets", "1", "--rows", "2"])
        assert refused.value.code == 2, dest  # argparse's usage error, not a crash nor a success
        out, err = capsys.readouterr()
        assert out == "", dest
        assert err.endswith(": error: write synthetic data into a new folder, never into this checkout\n"), err
    assert written == []
    assert sorted((ROOT / "datapackage").rglob("*")) == before
    # The refusal is about the place: the same arguments outside the checkout are written.
    assert synthetic.main([str(tmp_path / "copy"), "--datasets", "1", "--rows", "2"]) == 0
    assert written == [(tmp_path / "copy").resolve()]
    assert (tmp_path / "copy" / "datapackage" / "synthetic-0001" / "datapackage.yaml").is_file()


def test_plain_mkdocs_config_is_what_assemble_builds_with_and_runs_none_of_our_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The baseline is MkDocs + Material + i18n over the generated pages with the
    navigation the pipeline hands ``assemble``, written into a config file: the same
    configuration ``assemble`` builds with, and no hook."""
    layout, _ = synthetic.make_synthetic_repo(tmp_path / "repo", 3, 10, per_package=2)
    layout.docs.mkdir(parents=True)  # where the pages would be: MkDocs reads the folder's existence
    validation = validate_all(layout.root)
    settings = assembler.settings(layout)
    nav = navigation(gather(layout, validation, settings.site_url, settings.langs))
    captured: list[MkDocsConfig] = []
    monkeypatch.setattr(assembler, "build", captured.append)  # the config assemble would build, not a build
    assembler.assemble(layout, tmp_path / "site", nav)
    (expected,) = captured

    written = bench._write_plain_config(layout.root)
    path = Path(written["config"])
    assert path == layout.root / bench.PLAIN_CONFIG
    plain = load_config(str(path), site_dir=str(tmp_path / "site"))
    assert plain.nav == expected.nav == assembler.mkdocs_nav(nav)
    pages = json.dumps(plain.nav, ensure_ascii=False)
    assert all(f"{r.slug}index.md" in pages for p in validation.packages for r in p.resources)
    assert "合成資料 1" in pages and "合成資料 2" in pages  # a section per package, titled in Japanese
    languages = {str(lang.locale): lang for lang in plain.plugins["i18n"].config.languages}
    for lang in expected.plugins["i18n"].config.languages:
        assert languages[str(lang.locale)].nav_translations == lang.nav_translations, lang.locale
    assert languages["en"].nav_translations == assembler.nav_translations(nav, "en")
    assert "Synthetic document 1" in languages["en"].nav_translations.values()
    for key in ("docs_dir", "site_dir", "theme", "markdown_extensions", "extra_css", "extra_javascript", "site_url"):
        assert plain[key] == expected[key], key
    assert Path(plain.docs_dir) == layout.docs
    assert list(plain.plugins) == list(expected.plugins) == ["i18n"]  # Material's own plugins aside
    assert not plain.hooks and "hooks" not in _config(path.read_text(encoding="utf-8"))
    # Apart from the docs folder and the navigation, the file is our mkdocs.yml.
    original = _config(layout.mkdocs_yml.read_text(encoding="utf-8"))
    raw = _config(path.read_text(encoding="utf-8"))
    for lang in raw["plugins"][0]["i18n"]["languages"]:
        lang.pop("nav_translations", None)
    assert {k: v for k, v in raw.items() if k not in ("docs_dir", "nav")} == {
        k: v for k, v in original.items() if k != "docs_dir"
    }


@pytest.mark.parametrize("block", ["hooks:\n  - scripts/mkdocs_hooks.py\n", "nav:\n  - index.md\n"])
def test_plain_mkdocs_config_refuses_hooks_and_a_nav_of_its_own(block: str) -> None:
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert bench.plain_mkdocs_config(original, Path("docs"), ["index.md"], {"en": {}})
    key = block.split(":")[0]
    with pytest.raises(bench.BenchError, match=f"`{key}:`"):
        bench.plain_mkdocs_config(original + block, Path("docs"), ["index.md"], {"en": {}})


def test_single_language_config_switches_english_off_only(tmp_path: Path) -> None:
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert _languages(_config(original)) == {"ja": True, "en": True}
    single = bench.single_language_config(original)
    assert _languages(_config(single)) == {"ja": True, "en": False}
    # The pipeline reads the built languages from mkdocs.yml: it generates Japanese pages only.
    synthetic.copy_site_sources(tmp_path)
    layout = Layout(tmp_path)
    layout.docs.mkdir(parents=True)
    assert assembler.settings(layout).langs == ("ja", "en")
    layout.mkdocs_yml.write_text(single, encoding="utf-8")
    assert assembler.settings(layout).langs == ("ja",)


def test_every_phase_names_a_function_that_exists() -> None:
    phases = bench.resolve_phases()
    assert [p.label for p in phases] == [label for label, _, _ in bench.PHASES]
    for phase, (_, module, attribute) in zip(phases, bench.PHASES, strict=True):
        assert callable(phase.original)
        assert phase.original.__qualname__ == attribute, (module, attribute)
    labels = [label.strip() for label, _, _ in bench.PHASES]
    assert len(set(labels)) == len(labels)
    assert labels[0] == "validate_all" and "generate" in labels and "assemble (MkDocs)" in labels


@pytest.mark.parametrize(
    ("module", "attribute", "says"),
    [
        ("sitegen.mkdocs_glue", "generate", "no module 'sitegen.mkdocs_glue'"),
        ("sitegen.site.pipeline", "Generator.dataset_page", "has no 'Generator.dataset_page'"),
        ("sitegen.charts.worker", "RenderWorker.paint", "has no 'RenderWorker.paint'"),
        ("sitegen.site.pipeline", "VEGA_BUNDLE", "is not a function"),
    ],
)
def test_a_phase_that_does_not_exist_fails_the_benchmark(module: str, attribute: str, says: str) -> None:
    phases = (*bench.PHASES, ("  a bogus phase", module, attribute))
    with pytest.raises(bench.BenchError, match="phase 'a bogus phase'") as error:
        bench.resolve_phases(phases)
    assert says in str(error.value)


def test_bench_with_a_bogus_phase_fails_before_it_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "PHASES", (*bench.PHASES, ("hook: generate", "sitegen.mkdocs_glue", "generate")))
    args = ["--sizes", "2", "3", "--rows", "20", "--no-lighthouse", "--no-install", "--phases", "--settle", "0"]
    args += ["--work", str(tmp_path / "work"), "--output", str(tmp_path / "r.json"), "--reports", str(tmp_path / "rep")]
    assert bench.main(args) == 1
    err = capsys.readouterr().err
    assert "bench failed: phase 'hook: generate': no module 'sitegen.mkdocs_glue'" in err
    assert not (tmp_path / "rep" / "logs").exists()  # nothing was built


def test_phase_timers_reach_functions_imported_by_name(tmp_path: Path) -> None:
    """``validation`` calls ``typed_rows`` by the name it imported: the timer must be there too."""
    import sitegen.validate.fast_rows as fast_rows
    import sitegen.validate.validation as validation

    original = fast_rows.typed_rows
    calls: list[str] = []

    def timed(label: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(label)
            return function(*args, **kwargs)

        return wrapper

    restore = bench.install_phases(
        bench.resolve_phases((("typed rows", "sitegen.validate.fast_rows", "typed_rows"),)), timed
    )
    try:
        assert fast_rows.typed_rows is not original
        assert vars(validation)["typed_rows"] is fast_rows.typed_rows
        layout, _ = synthetic.make_synthetic_repo(tmp_path / "repo", 2, 10)
        assert validate_all(layout.root).ok
    finally:
        restore()
    assert calls == ["typed rows", "typed rows"]
    assert fast_rows.typed_rows is original and vars(validation)["typed_rows"] is original


def test_the_build_cache_key_covers_sitegen_and_not_the_benchmarks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``code_version`` hashes the package folder: an edit to the benchmark is no reason to
    re-render every chart, an edit to the engine is."""
    assert cache.CODE == ROOT / "scripts" / "sitegen"
    assert cache.CODE not in (ROOT / "benchmarks").parents
    copy = tmp_path / "checkout"
    shutil.copytree(cache.CODE, copy / "scripts" / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "benchmarks", copy / "benchmarks", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "CODE", copy / cache.CODE.relative_to(ROOT))

    def version() -> str:
        cache.code_version.cache_clear()
        return cache.code_version()

    try:
        before = version()
        with (copy / "benchmarks" / "bench.py").open("a", encoding="utf-8") as edited:
            edited.write("\n# an edit to the benchmark\n")
        (copy / "benchmarks" / "extra.py").write_text("X = 1\n", encoding="utf-8")
        assert version() == before
        with (copy / "scripts" / "sitegen" / "build.py").open("a", encoding="utf-8") as edited:
            edited.write("\n# an edit to the engine\n")
        assert version() != before
    finally:
        cache.code_version.cache_clear()  # the next caller hashes the real package again


def test_page_weight_counts_html_css_and_our_own_scripts_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page = site / "datasets" / "p" / "r" / "index.html"
    files = {
        "assets/stylesheets/main.css": "body{color:red}" * 50,
        "assets/javascripts/site.js": "console.log(1);" * 50,
        "assets/javascripts/bundle.min.js": "x" * 5000,
        "assets/javascripts/vendor/vega-bundle.js": "v" * 5000,
    }
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    html = (
        '<html><head><link rel="stylesheet" href="../../../assets/stylesheets/main.css">'
        '<link rel="stylesheet" href="https://cdn.example/x.css"></head><body>'
        '<script src="../../../assets/javascripts/bundle.min.js"></script>'
        '<script src="../../../assets/javascripts/site.js"></script></body></html>'
    )
    page.parent.mkdir(parents=True)
    page.write_text(html, encoding="utf-8")
    weight = bench.page_weight(site, page, own_js={"site.js"})
    assert weight.html == len(gzip.compress(html.encode(), 6, mtime=0))
    assert weight.css == len(gzip.compress(files["assets/stylesheets/main.css"].encode(), 6, mtime=0))
    assert weight.js == len(gzip.compress(files["assets/javascripts/site.js"].encode(), 6, mtime=0))
    assert bench.dataset_pages(site) == [page]
    assert bench.pages_referencing_vega(site) == []
    page.write_text(html.replace("site.js", "vendor/vega-bundle.js"), encoding="utf-8")
    assert bench.pages_referencing_vega(site) == [page]


def test_table_says_which_targets_are_missed() -> None:
    results = {"warm_vs_cold": 0.5, "bilingual_vs_single_language": 1.5, "lighthouse_seo_min": None}
    lines = bench.table(results).splitlines()
    assert any(line.startswith("warm_vs_cold") and "MISSED" in line for line in lines)
    assert any(line.startswith("bilingual_vs_single_language") and " ok " in line for line in lines)
    assert any(line.startswith("lighthouse_seo_min") and "n/a" in line for line in lines)


def _run(seconds: float, load_start: float = 0.1, other_cores: float = 0.0) -> bench.Run:
    return bench.Run(seconds, 100.0, 0, Path("log"), load_start, load_start, other_cores)


def test_a_run_is_marked_when_the_machine_was_busier_than_its_cores() -> None:
    assert not _run(10).loaded
    assert _run(10, load_start=bench.CPUS + 0.5).loaded
    assert _run(10, other_cores=bench.OTHER_CORES_LIMIT + 0.1).loaded


def test_short_runs_are_measured_three_times_and_the_fastest_unmarked_one_kept() -> None:
    attempts: list[int] = []
    times = [30.0, 20.0, 25.0]

    def measure(attempt: int) -> bench.Run:
        attempts.append(attempt)
        return _run(times[attempt], other_cores=2.0 if attempt == 1 else 0.0)

    best = bench.best_of(measure)
    assert attempts == [0, 1, 2]
    assert best.seconds == 25.0  # 20 s was marked: something else ran beside it
    # a run of a minute or more is measured once
    attempts.clear()
    assert bench.best_of(lambda attempt: attempts.append(attempt) or _run(90.0)).seconds == 90.0
    assert attempts == [0]
    # when every attempt was marked, the fastest of them is the figure (and stays marked)
    assert bench.best_of(lambda attempt: _run(times[attempt], load_start=9.0)).seconds == 20.0


def test_the_two_sides_of_a_ratio_are_measured_in_turns() -> None:
    order: list[str] = []

    def side(name: str, seconds: list[float]) -> Callable[[int], bench.Run]:
        def measure(attempt: int) -> bench.Run:
            order.append(f"{name}{attempt}")
            return _run(seconds[attempt])

        return measure

    warm, plain = bench.best_of_pair(side("w", [30.0, 20.0, 25.0]), side("p", [10.0, 12.0, 9.0]))
    assert order == ["w0", "p0", "w1", "p1", "w2", "p2"]
    assert (warm.seconds, plain.seconds) == (20.0, 9.0)
    # two long runs: measured twice each when asked for, in turns
    order.clear()
    cold, single = bench.best_of_pair(side("c", [90.0, 80.0]), side("s", [50.0, 55.0]), repeats=2, under=1e9)
    assert order == ["c0", "s0", "c1", "s1"] and (cold.seconds, single.seconds) == (80.0, 50.0)


def test_a_run_waits_for_the_load_of_the_one_before(monkeypatch: pytest.MonkeyPatch) -> None:
    loads = iter([5.0, 4.0, 0.5, 0.5])
    monkeypatch.setattr(bench, "load_average", lambda: next(loads))
    monkeypatch.setattr(bench.time, "sleep", lambda seconds: None)
    assert bench.settle(limit=60) == 0.5


def test_the_table_gives_the_load_beside_each_figure_and_marks_a_loaded_one() -> None:
    results = {
        "warm_vs_cold": 0.2,
        "bilingual_vs_single_language": 1.5,
        "load": {
            "warm_vs_cold": {"load_start": 0.4, "other_cores": 0.0, "loaded": False},
            "bilingual_vs_single_language": {"load_start": 3.1, "other_cores": 0.8, "loaded": True},
        },
    }
    lines = bench.table(results).splitlines()
    warm = next(line for line in lines if line.startswith("warm_vs_cold"))
    bilingual = next(line for line in lines if line.startswith("bilingual_vs_single_language"))
    assert "0.40" in warm and "LOADED" not in warm
    assert "3.10 +0.80 LOADED" in bilingual


def test_a_tiny_bench_runs_end_to_end_outside_the_checkout(tmp_path: Path) -> None:
    """Two reference datasets, three for scaling, no Lighthouse: every build the full
    bench runs, and the phase timers, in well under a minute."""
    before = sorted(p.name for p in (ROOT / "datapackage").iterdir())
    output = tmp_path / "results.json"
    args = ["--sizes", "2", "3", "--rows", "20", "--no-lighthouse", "--no-install", "--phases", "--settle", "0"]
    args += ["--work", str(tmp_path / "work"), "--output", str(output), "--reports", str(tmp_path / "reports")]
    assert bench.main(args) == 0
    results = json.loads(output.read_text(encoding="utf-8"))
    for key in (
        "overhead_vs_plain_mkdocs",
        "bilingual_vs_single_language",
        "warm_vs_cold",
        "warm_after_csv_edit_vs_cold",
        "per_dataset_1000_vs_100",
        "peak_rss_mb_100",
        "peak_rss_mb_1000",
    ):
        assert isinstance(results[key], float) and results[key] > 0, key
    assert results["sizes"] == {"reference": 2, "large": 3, "rows_per_dataset": 20}
    assert "validation_vs_pyarrow_parse" in results  # a ratio, or null with a note when pyarrow is missing
    assert results["seconds"]["plain_mkdocs_2"] > 0
    # each figure has the load it was measured at; short runs were measured three times
    assert set(results["load"]) >= {"warm_vs_cold", "overhead_vs_plain_mkdocs", "per_dataset_1000_vs_100"}
    assert all(isinstance(entry["load_start"], float) for entry in results["load"].values())
    logs = {p.name for p in (tmp_path / "reports" / "logs").iterdir()}
    assert {"warm-2-1.log", "warm-2-2.log", "warm-2-3.log", "edit-2-3.log", "plain-2-3.log"} <= logs
    # Every phase is on the path of a cold build (the synthetic tables are clean, so
    # frictionless never reads them row by row); the renders are timed by kind.
    phases = results["phases_reference_cold"]
    timed = {key.split(": ")[0] for key, entry in phases.items() if entry["calls"] > 0}
    assert timed >= {label for label, _, _ in bench.PHASES if "frictionless" not in label}, phases
    assert "    chart renders: svg" in phases and "build_site (total)" in phases
    assert not (tmp_path / "work").exists()  # cleaned up
    assert (tmp_path / "reports" / "logs").is_dir()  # the build logs are kept
    assert sorted(p.name for p in (ROOT / "datapackage").iterdir()) == before
