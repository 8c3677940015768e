"""Static chart renders (SVG, PNG) and the self-hosted Vega bundle, cached by content.

A render is the slowest step of a build; the cache key is the spec itself plus the
renderer's version and fonts, so an unchanged chart is never rendered twice and a
changed one (or a new vl-convert, a new font, or a new ``POSTPROCESS``) always is.
Rendering happens in recycled child processes (``chart_worker``), one per thread
rendering at once; a warm build never starts one. A render does not depend on which
process drew it: the SVG's generated ids are renamed after the chart (``stable_svg_ids``).
"""

from __future__ import annotations

import atexit
import json
import queue
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sitegen.charts.fonts import fingerprint
from sitegen.charts.theme import LIGHT, palette_colours
from sitegen.charts.worker import OXIPNG_LEVEL, PALETTE_SIZE, RenderWorker
from sitegen.core.cache import mark_used
from sitegen.core.files import sha256, write_bytes

VL_VERSION = "6.4"
#: What the worker does to vl-convert's output (``worker._handle``); raised when that
#: changes, so that a cache never serves a render made before.
POSTPROCESS = f"stable svg ids 1; png palette {PALETTE_SIZE} keeping the theme, oxipng level {OXIPNG_LEVEL}"
#: Only ``vegaEmbed`` is needed globally; the bundler leaves ``vega`` and ``vegaLite`` null.
BUNDLE_SNIPPET = "window.vegaEmbed = vegaEmbed;"
_SIZE = re.compile(rb'<svg[^>]*?\bheight="([\d.]+)"')
_WIDTH = re.compile(rb'<svg[^>]*?\bwidth="([\d.]+)"')

#: Renderer processes not in use. A thread that needs one takes it, or starts a new one
#: when all are busy, so there are as many renderers as threads rendering at once (the
#: generator uses one thread per core) and never more.
_idle: queue.SimpleQueue[RenderWorker] = queue.SimpleQueue()
_started: list[RenderWorker] = []
_started_lock = threading.Lock()


@contextmanager
def borrowed_worker() -> Iterator[RenderWorker]:
    try:
        renderer = _idle.get_nowait()
    except queue.Empty:
        renderer = RenderWorker()
        with _started_lock:
            if not _started:
                atexit.register(close_workers)
            _started.append(renderer)
    try:
        yield renderer
    finally:
        _idle.put(renderer)


def close_workers() -> None:
    with _started_lock:
        for renderer in _started:
            renderer.close()


@lru_cache(maxsize=1)
def renderer_fingerprint() -> str:
    return (
        f"vl-convert {version('vl-convert-python')}; pyoxipng {version('pyoxipng')}; pillow {version('pillow')}; "
        f"vega-lite {VL_VERSION}; fonts {fingerprint()}; {POSTPROCESS}"
    )


def spec_key(spec: dict[str, Any], kind: str = "svg", **options: Any) -> str:
    payload = {"spec": spec, "kind": kind, "options": options, "renderer": renderer_fingerprint()}
    return sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))


class _Memo:
    """Renders of this process by cache key, up to ``limit`` bytes (oldest dropped first):
    repeated builds in one process (tests, ``mkdocs serve``) with different cache folders
    still render each chart once, and a big site cannot fill the memory with images."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: str, data: bytes) -> None:
        if len(data) > self.limit:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = data
            self.size += len(data)
            while self.size > self.limit:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)


_memo = _Memo(limit=64 * 1024 * 1024)


def _render(payload: Any, cache_dir: Path, kind: str, suffix: str, **options: Any) -> bytes:
    key = spec_key(payload, kind, **options)
    cached = cache_dir / f"{key}.{suffix}"
    data = _memo.get(key)
    if data is None:
        try:
            data = cached.read_bytes()
        except FileNotFoundError:
            with borrowed_worker() as renderer:
                data = renderer.render(kind, payload, vl_version=VL_VERSION, **options)
            write_bytes(cached, data)
    elif not cached.exists():  # rendered for another cache folder by this process
        write_bytes(cached, data)
    mark_used(cached)
    _memo.put(key, data)
    return data


def render_svg(spec: dict[str, Any], cache_dir: Path) -> bytes:
    """The SVG of a Vega-Lite spec (with inline data), from the cache when possible."""
    return _render(spec, cache_dir, "svg", "svg")


def render_png(svg: bytes, cache_dir: Path, scale: float = 1.0) -> bytes:
    """The PNG of a rendered SVG at ``scale`` (1: the SVG's size, enough for an Open
    Graph card; 2: sharp on high-density screens, for featured charts). Drawn from the
    SVG, not the spec, so the two images always show the same chart and Vega runs once;
    reduced to a palette that keeps the light theme's colours exactly
    (``worker.optimised_png``)."""
    return _render(svg.decode("utf-8"), cache_dir, "png", "png", scale=scale, keep=palette_colours(LIGHT))


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
