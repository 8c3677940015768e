"""Static chart renders with vl-convert, cached by content hash.

A render is the slowest step of a build; the cache key is the spec itself, so an
unchanged chart is never rendered twice and a changed one always is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .files import sha256, write_bytes

VL_VERSION = "6.4"
_SIZE = re.compile(rb'<svg[^>]*?\bheight="([\d.]+)"')


def spec_key(spec: dict[str, Any]) -> str:
    return sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def render_svg(spec: dict[str, Any], cache_dir: Path) -> bytes:
    """The SVG of a Vega-Lite spec, from the cache when the same spec was rendered before."""
    cached = cache_dir / f"{spec_key(spec)}.svg"
    if cached.exists():
        return cached.read_bytes()
    import vl_convert as vlc  # imported lazily: a warm build never starts the renderer

    svg = vlc.vegalite_to_svg(spec, vl_version=VL_VERSION).encode("utf-8")
    write_bytes(cached, svg)
    return svg


def svg_height(svg: bytes) -> int:
    match = _SIZE.search(svg[:2000])
    return int(float(match.group(1))) if match else 360


def vega_bundle(cache_dir: Path) -> bytes:
    """Vega, Vega-Lite and vega-embed as one self-hosted script, at the versions vl-convert pins."""
    import vl_convert as vlc

    cached = cache_dir / f"vega-bundle-{vlc.get_vega_version()}-{VL_VERSION}-{vlc.get_vega_embed_version()}.js"
    if cached.exists():
        return cached.read_bytes()
    bundle = vlc.javascript_bundle(vl_version=VL_VERSION).encode("utf-8")
    write_bytes(cached, bundle)
    return bundle
