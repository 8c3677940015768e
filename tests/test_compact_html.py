"""Built pages lose their indentation and nothing else: the same words in the same
places, code and scripts as written, in fewer bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitegen.build import build_site
from sitegen.site.compact_html import compact_whitespace

from .conftest import SKELETON_PACKAGE, make_repo

DATASET = f"datasets/{SKELETON_PACKAGE}/dispatch-act-staff/index.html"


def test_indentation_goes_and_words_stay_apart() -> None:
    html = "<ul>\n    <li>one</li>\n    <li>two</li>\n</ul>\n<p>a\n   b <a>c</a>\n  <a>d</a></p>"
    assert compact_whitespace(html) == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>a\nb <a>c</a>\n<a>d</a></p>"


def test_preformatted_text_code_and_scripts_are_left_as_written() -> None:
    kept = [
        "<pre>  a\n    b\n</pre>",
        '<pre><code class="x">  x = 1\n    y = 2</code></pre>',
        "<code>a\n   b</code>",
        "<textarea>\n  keep\n</textarea>",
        "<script>\n  var a = 1;\n</script>",
        "<style>\n  p { color: red }\n</style>",
    ]
    for block in kept:
        assert compact_whitespace(f"<div>\n  {block}\n  </div>") == f"<div>\n{block}\n</div>"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same small site built as published (compacted) and as the preview builds it."""
    layout = make_repo(tmp_path_factory.mktemp("compact") / "repo", [SKELETON_PACKAGE])
    assert build_site(layout, layout.root / "published") == 0
    assert build_site(layout, layout.root / "preview", csp=False) == 0
    return layout.root / "published", layout.root / "preview"


def test_the_build_compacts_every_page(built: tuple[Path, Path]) -> None:
    published, preview = built
    pages = sorted(p.relative_to(preview) for p in preview.rglob("*.html"))
    assert pages and pages == sorted(p.relative_to(published) for p in published.rglob("*.html"))
    for rel in pages:
        html = (published / rel).read_text(encoding="utf-8")
        assert compact_whitespace(html) == html, rel
    page = (published / DATASET).read_text(encoding="utf-8")
    original = (preview / DATASET).read_text(encoding="utf-8")
    assert len(page) < 0.95 * len(original)  # the preview's page still has its indentation
    assert "\n    <" in original and "\n    <" not in page


@pytest.mark.browser
def test_a_compacted_page_reads_exactly_as_the_original(built: tuple[Path, Path], browser: Browser) -> None:
    """The text Chromium lays out (``innerText``) is the same, line breaks included."""
    _, preview = built
    original = (preview / DATASET).read_text(encoding="utf-8")
    context = browser.new_context(java_script_enabled=False)  # the page's own scripts need its site
    page = context.new_page()

    def text(html: str) -> str:
        page.set_content(html, wait_until="domcontentloaded")
        return str(page.evaluate("document.body.innerText"))

    try:
        assert text(compact_whitespace(original)) == text(original)
        # the comparison can fail: whitespace runs removed instead of reduced join words
        assert text(re.sub(r"[ \t]*\n\s*", "", original)) != text(original)
    finally:
        context.close()
