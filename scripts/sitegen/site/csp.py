"""After MkDocs: finishing touches applied to every built HTML page.

A Content-Security-Policy ``<meta>`` goes first in each ``<head>``: only the site's own
scripts (plus the exact inline scripts Material ships, by hash), no ``unsafe-eval``, no
other origin. Hashes are computed from the built pages, so a theme update that changes
its inline scripts cannot silently break or weaken the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_EXECUTABLE_TYPES = ("", "text/javascript", "module", "application/javascript")
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)


def inline_script_hashes(html: str) -> set[str]:
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if "src=" in attrs:
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _EXECUTABLE_TYPES:
            continue  # JSON and JSON-LD data blocks are never executed
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return hashes


def policy(script_hashes: set[str]) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # Vega and Material set inline style attributes; styles cannot run code.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_csp(site_dir: Path, also: Callable[[str], str] | None = None) -> int:
    """Insert the policy as the first element of every page's <head>; returns pages changed.
    ``also`` is applied to each page as it is rewritten (the build compacts its
    whitespace there: one more pass over every page would read them all again).

    Two passes over the files, one page in memory at a time: the hashes of every page's
    inline scripts first, then the rewrite. Holding every page at once took more memory
    at a thousand tables than the rest of the build."""
    pages = sorted(site_dir.rglob("*.html"))
    hashes: set[str] = set()
    for page in pages:
        hashes |= inline_script_hashes(page.read_text(encoding="utf-8"))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    changed = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "Content-Security-Policy" in html:
            continue
        new, count = re.subn(r"<head>", "<head>" + meta, html, count=1)
        if count:
            page.write_text(also(new) if also else new, encoding="utf-8")
            changed += 1
    return changed
