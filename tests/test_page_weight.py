"""Light pages: a dataset page's HTML, CSS and our own JavaScript stay under 100 KB
gzip-compressed, and the chart library is never loaded by a page's HTML (charts.js
fetches it lazily, on chart pages only). ``make bench`` reports the same figure."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench import PAGE_WEIGHT_LIMIT_KB, dataset_pages, page_weight, pages_referencing_vega


def test_every_dataset_page_is_under_the_weight_limit(built_site: Path) -> None:
    pages = dataset_pages(built_site)
    assert pages, "the built site has no dataset pages"
    weights = [page_weight(built_site, page) for page in pages]
    for weight in weights:
        assert weight.css > 0 and weight.js > 0, f"{weight.page}: stylesheets or our scripts were not found"
    heavy = [f"{w.page.relative_to(built_site)}: {w.kb:.1f} KB" for w in weights if w.kb >= PAGE_WEIGHT_LIMIT_KB]
    assert not heavy, f"dataset pages over {PAGE_WEIGHT_LIMIT_KB:g} KB gzip (HTML + CSS + own JS): {heavy}"


def test_no_page_loads_the_chart_library_directly(built_site: Path) -> None:
    offending = [str(p.relative_to(built_site)) for p in pages_referencing_vega(built_site)]
    assert not offending, f"pages that load Vega from their HTML instead of lazily: {offending}"
    assert (built_site / "assets" / "javascripts" / "vendor" / "vega-bundle.js").is_file()
