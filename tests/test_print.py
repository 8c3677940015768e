"""Printing a dataset page (Ctrl+P): every row of the table reaches the paper (the
scroll box no longer clips it), with the source, the version, the citation and the
page's address, and without buttons, hashes or CSL-JSON. Read back from the PDF that
Chromium prints."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from sitegen.core.paths import ROOT

pytestmark = pytest.mark.browser

PACKAGE, TABLE = "nps-international-cooperation", "dispatch-act-staff"


def printed_text(page: Page, url: str) -> str:
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)  # the PDF's ligatures (ﬀ, ﬁ) as letters


def test_every_row_of_the_table_is_printed(page: Page, site_server: str) -> None:
    rows = list(csv.DictReader((ROOT / "datapackage" / PACKAGE / f"{TABLE}.csv").open(encoding="utf-8")))
    assert len(rows) > 40  # long enough that the screen's scroll box would clip it
    flat = " ".join(printed_text(page, f"{site_server}en/datasets/{PACKAGE}/{TABLE}/").split())
    # a printed row reads "1970 Showa 45 (FY1970) 159 19 — 140 —"
    missing = [
        r["fiscal_year"]
        for r in rows
        if f"(FY{r['fiscal_year']}) {int(r['dispatched']):,} {int(r['ended']):,}" not in flat
    ]
    assert missing == [], f"rows not on paper: {missing}"


def test_the_printed_page_has_source_version_and_address_but_no_hashes(page: Page, site_server: str) -> None:
    text = printed_text(page, f"{site_server}en/datasets/{PACKAGE}/{TABLE}/")
    flat = " ".join(text.split())
    assert "Source:" in flat and "accessed" in flat
    assert f"/en/datasets/{PACKAGE}/{TABLE}/" in flat.replace(" ", "")  # the page's address, on paper
    assert "sha256:" not in flat and "CSL-JSON" not in flat and "Download CSV" not in flat
    assert "Embed this chart" not in flat and "<iframe" not in flat and "↕" not in flat


def test_the_static_chart_is_printed_even_after_the_live_one_drew(page: Page, site_server: str) -> None:
    """Paper gets the static image (the live chart cannot be printed reliably); the
    screen's rule that hides the image once the live chart draws must not reach print."""
    url = f"{site_server}en/datasets/{PACKAGE}/{TABLE}/"
    page.goto(url)
    view = page.locator(".odp-chart__view").first
    view.scroll_into_view_if_needed()
    page.wait_for_selector(".odp-chart--live", timeout=20_000)  # the screen shows the live chart
    page.emulate_media(media="print")
    static = page.locator(".odp-chart__static").first
    assert static.is_visible() and not view.is_visible()
    assert static.evaluate("img => img.complete && img.naturalWidth > 0"), "the image is loaded, not only laid out"
    box = static.bounding_box()
    assert box is not None and box["height"] > 200
