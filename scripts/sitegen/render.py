"""Static chart renders (SVG, PNG) and the self-hosted Vega bundle, cached by content.

A render is the slowest step of a build; the cache key is the spec itself plus the
renderer's version and fonts, so an unchanged chart is never rendered twice and a
changed one (or a new vl-convert, or a new font) always is. Rendering happens in a
recycled child process (``chart_worker``); a warm build never starts it.
"""

from __future__ import annotations

import atexit
import json
import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .chart_worker import RenderWorker
from .files import sha256, write_bytes

VL_VERSION = "6.4"
#: Only ``vegaEmbed`` is needed globally; the bundler leaves ``vega`` and ``vegaLite`` null.
BUNDLE_SNIPPET = "window.vegaEmbed = vegaEmbed;"
_SIZE = re.compile(rb'<svg[^>]*?\bheight="([\d.]+)"')
_WIDTH = re.compile(rb'<svg[^>]*?\bwidth="([\d.]+)"')

_worker: RenderWorker | None = None


def worker() -> RenderWorker:
    """The process-wide renderer, closed when the interpreter exits."""
    global _worker
    if _worker is None:
        _worker = RenderWorker()
        atexit.register(_worker.close)
    return _worker


@lru_cache(maxsize=1)
def renderer_fingerprint() -> str:
    from .fonts import fingerprint

    return f"vl-convert {version('vl-convert-python')}; vega-lite {VL_VERSION}; fonts {fingerprint()}"


def spec_key(spec: dict[str, Any], kind: str = "svg", **options: Any) -> str:
    payload = {"spec": spec, "kind": kind, "options": options, "renderer": renderer_fingerprint()}
    return sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))


#: Renders of this process by cache key: repeated builds in one process (tests, serve)
#: with different cache folders still render each chart once.
_memo: dict[str, bytes] = {}
MEMO_LIMIT = 2048


def _render(payload: Any, cache_dir: Path, kind: str, suffix: str, **options: Any) -> bytes:
    key = spec_key(payload, kind, **options)
    cached = cache_dir / f"{key}.{suffix}"
    if key in _memo:
        data = _memo[key]
    elif cached.exists():
        data = cached.read_bytes()
    else:
        data = worker().render(kind, payload, vl_version=VL_VERSION, **options)
    write_bytes(cached, data)
    if len(_memo) < MEMO_LIMIT:
        _memo[key] = data
    return data


def render_svg(spec: dict[str, Any], cache_dir: Path) -> bytes:
    """The SVG of a Vega-Lite spec (with inline data), from the cache when possible."""
    return _render(spec, cache_dir, "svg", "svg")


def render_png(svg: bytes, cache_dir: Path, scale: float = 2.0) -> bytes:
    """The PNG of a rendered SVG at ``scale`` (2: sharp on high-density screens, and
    wide enough for an Open Graph image). Drawn from the SVG, not the spec, so the two
    images always show the same chart and Vega runs once."""
    return _render(svg.decode("utf-8"), cache_dir, "png", "png", scale=scale)


def svg_height(svg: bytes) -> int:
    match = _SIZE.search(svg[:2000])
    return int(float(match.group(1))) if match else 360


def svg_width(svg: bytes) -> int:
    match = _WIDTH.search(svg[:2000])
    return int(float(match.group(1))) if match else 720


def vega_bundle(cache_dir: Path) -> bytes:
    """Vega, Vega-Lite and vega-embed as one self-hosted script, at the versions vl-convert
    pins (Vega 6.2.0, Vega-Lite 6.4, vega-embed 7.0.2 with vl-convert 1.9)."""
    return _render(BUNDLE_SNIPPET, cache_dir, "bundle", "js")
