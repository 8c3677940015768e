"""The benchmark's parts: synthetic data that is valid, configuration variants that say
what they claim, page weight, and a real (tiny) run end to end that leaves the checkout
alone. The real measurement is ``make bench``; nothing here asserts a time."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from benchmarks import bench, synthetic

from sitegen.core.paths import ROOT
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


def test_plain_mkdocs_config_has_no_hook_and_reads_the_generated_pages(tmp_path: Path) -> None:
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plain = _config(bench.plain_mkdocs_config(original, tmp_path / "docs"))
    assert "hooks" not in plain
    assert plain["docs_dir"] == str(tmp_path / "docs")
    assert plain["theme"] == _config(original)["theme"]
    assert plain["plugins"] == _config(original)["plugins"]


def test_single_language_config_switches_english_off_only() -> None:
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert _languages(_config(original)) == {"ja": True, "en": True}
    assert _languages(_config(bench.single_language_config(original))) == {"ja": True, "en": False}


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


def test_a_tiny_bench_runs_end_to_end_outside_the_checkout(tmp_path: Path) -> None:
    """Two reference datasets, three for scaling, no Lighthouse: every build the full
    bench runs, in well under a minute."""
    before = sorted(p.name for p in (ROOT / "datapackage").iterdir())
    output = tmp_path / "results.json"
    args = ["--sizes", "2", "3", "--rows", "20", "--no-lighthouse", "--no-install"]
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
    assert not (tmp_path / "work").exists()  # cleaned up
    assert (tmp_path / "reports" / "logs").is_dir()  # the build logs are kept
    assert sorted(p.name for p in (ROOT / "datapackage").iterdir()) == before
