"""Reproducible builds: one timestamp for everything, taken from the last commit.

Two builds of the same commit must produce a byte-identical ``site/``, also from empty
caches in two fresh clones: every date that ends up in a file (zip entries, XLSX
properties, "last updated") comes from here, and so do the ids of the chart renders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
from functools import lru_cache
from pathlib import Path

#: Used when neither SOURCE_DATE_EPOCH nor git history is available (a tarball, say).
FALLBACK_EPOCH = 946684800  # 2000-01-01T00:00:00Z


@lru_cache(maxsize=8)
def source_epoch(root: Path) -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return int(value)
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return int(out) if out.isdigit() else FALLBACK_EPOCH


def source_datetime(root: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(source_epoch(root), tz=dt.UTC)


#: Inside a tag (never in text): an id an element defines, and the two ways to refer to one.
_IN_TAG = rb"(?=[^<>]*>)"
_SVG_ID = re.compile(rb'(?<=\s)id="([^"<>&]+)"' + _IN_TAG)
_SVG_REF = re.compile(rb'(?:(?<=\s)id="([^"<>&]+)"|url\(#([^)"<>&]+)\)|(?<=href=)"#([^"<>&]+)")' + _IN_TAG)


def stable_svg_ids(svg: bytes) -> bytes:
    """The SVG with the ids it defines renamed after the chart and their position.

    Vega numbers clip paths (and gradients) from a counter that lives as long as the
    renderer process: the same chart gets ``clip1`` from a fresh renderer and ``clip17``
    from one that drew other charts before, so the ids would depend on which process drew
    it and in what order. Renamed here, each id is ``<prefix>-<chart>-<n>``: Vega's prefix
    (``clip``), a digest of the SVG with its ids taken out (two different renders inlined
    in one page would not share one) and the order in which the file defines them. References
    (``url(#…)``, ``href="#…"``) follow; an SVG without ids is returned unchanged.
    """
    names = list(dict.fromkeys(match.group(1) for match in _SVG_ID.finditer(svg)))
    if not names:
        return svg
    chart = hashlib.sha256(_SVG_REF.sub(b"#", svg)).hexdigest()[:8].encode()
    renamed = {name: _prefix(name) + b"-" + chart + b"-" + str(n).encode() for n, name in enumerate(names, start=1)}

    def swap(match: re.Match[bytes]) -> bytes:
        defined, url, href = match.groups()
        if defined is not None:
            return b'id="' + renamed[defined] + b'"'
        if url is not None:
            return b"url(#" + renamed.get(url, url) + b")"
        return b'"#' + renamed.get(href, href) + b'"'

    return _SVG_REF.sub(swap, svg)


def _prefix(name: bytes) -> bytes:
    letters = re.match(rb"[A-Za-z]+", name)
    return letters.group(0) if letters else b"id"
