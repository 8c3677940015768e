"""Chart colours and the Vega-Lite ``config`` of each of Material's colour schemes.

Charts follow the page: Material's light scheme (``default``) and dark one (``slate``)
each get a full Vega-Lite config, and a spec carries both (``config`` is the light one,
``usermeta.odp.dark`` the dark one) so that the static render and the browser agree
and ``charts.js`` re-themes a drawn chart when the reader flips the switch.

Colours are chosen, not hoped for: every series colour keeps 3:1 contrast with the
background (WCAG 1.4.11, graphical objects), every text colour 4.5:1 (WCAG 1.4.3), and
the series colours stay apart under simulated protanopia, deuteranopia and tritanopia.
The functions that check this live here too, so the tests and this module share one
definition of "accessible".
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, fields
from typing import Any

SCHEMES = ("default", "slate")

#: CSS font stack of chart text. The build renders with Noto Sans CJK JP (see fonts.py);
#: browsers showing the SVG or the live chart use what the reader has.
FONT = (
    '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", '
    '"Yu Gothic", Meiryo, system-ui, sans-serif'
)


@dataclass(frozen=True)
class Palette:
    """Every colour one scheme uses; names say what each is for."""

    background: str
    title: str
    text: str  # axis labels, legend labels, value labels
    muted: str  # subtitles, axis domain and ticks
    grid: str
    reference: str  # reference lines and their labels (targets)
    tile: str  # background of key-figure tiles
    series: tuple[str, ...]


#: Okabe–Ito hues, darkened where needed for 3:1 on white.
LIGHT = Palette(
    background="#ffffff",  # Material default --md-default-bg-color
    title="#1f1f1f",
    text="#3b3b3b",
    muted="#616161",
    grid="#e4e4e4",
    reference="#b00020",
    tile="#f3f4f8",
    series=("#0072B2", "#D55E00", "#009E73", "#4B2991", "#8C5A1E", "#000000"),
)
#: The same hue families, lightened for 3:1 on Material's slate background.
DARK = Palette(
    background="#1e2129",  # Material slate: hsl(225, 15%, 14%)
    title="#e8e9ed",
    text="#c9cbd1",
    muted="#a0a3ab",
    grid="#343845",
    reference="#ff8a80",
    tile="#272b36",
    series=("#56B4E9", "#E69F00", "#2CC295", "#CC79A7", "#F0E442", "#DDDDDD"),
)
PALETTES = {"default": LIGHT, "slate": DARK}


def _roles(p: Palette) -> list[str]:
    """Every colour of a palette in the order of its fields (the series one by one), so
    that two palettes' lists pair colours of the same role."""
    colours: list[str] = []
    for f in fields(Palette):
        value = getattr(p, f.name)
        colours += list(value) if isinstance(value, tuple) else [value]
    return colours


def palette_colours(p: Palette) -> tuple[str, ...]:
    """Every colour of a palette, in the order of its fields, without repeats."""
    return tuple(dict.fromkeys(c.lower() for c in _roles(p)))


def palette(scheme: str) -> Palette:
    return PALETTES.get(scheme, LIGHT)


def vega_config(scheme: str = "default") -> dict[str, Any]:
    """A complete Vega-Lite config: fonts, colours, axes, legends and the named mark
    styles the chart builder uses (``odp-reference``, ``odp-label``, ...)."""
    p = palette(scheme)
    return {
        "background": p.background,
        "font": FONT,
        "padding": 8,
        "view": {"stroke": None},
        "title": {
            "color": p.title,
            "font": FONT,
            "fontSize": 16,
            "fontWeight": "bold",
            "anchor": "start",
            "subtitleColor": p.muted,
            "subtitleFont": FONT,
            "subtitleFontSize": 11,
            "subtitlePadding": 4,
            "offset": 12,
        },
        "axis": {
            "labelColor": p.text,
            "titleColor": p.text,
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "domainColor": p.muted,
            "tickColor": p.muted,
            "gridColor": p.grid,
        },
        "legend": {
            "labelColor": p.text,
            "titleColor": p.text,
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "symbolStrokeWidth": 2.5,
        },
        "header": {
            "labelColor": p.title,
            "titleColor": p.text,
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 13,
            "labelFontWeight": "bold",
        },
        "range": {"category": list(p.series)},
        # No ``mark`` or ``text`` defaults: mark-type config outranks named styles, and
        # every text mark here has a style (odp-*), which must win.
        "bar": {"color": p.series[0], "stroke": p.background, "strokeWidth": 1},
        "line": {"color": p.series[0], "strokeWidth": 2.5},
        "point": {"color": p.series[0], "filled": True, "size": 40, "stroke": p.background, "strokeWidth": 1},
        "area": {"color": p.series[0], "opacity": 0.85},
        "rule": {"color": p.muted},
        "style": {
            "odp-reference": {"color": p.reference, "stroke": p.reference, "strokeDash": [6, 4], "strokeWidth": 1.5},
            "odp-reference-label": _text(p.reference, fontWeight="bold"),
            # The readout's rule (across a time axis) and band (across a category).
            "odp-cursor": {"color": p.muted, "stroke": p.muted, "strokeWidth": 1},
            "odp-band": {"color": p.grid, "fill": p.grid},
            "odp-label": _text(p.text),
            "odp-category": _text(p.title),
            "odp-annotation": _text(p.title),
            "odp-status": _text(p.muted, fontSize=11),
            "odp-tile": {"color": p.tile, "fill": p.tile, "stroke": None, "cornerRadius": 6},
            "odp-figure": _text(p.series[0], fontSize=30, fontWeight="bold"),
            "odp-figure-label": _text(p.title, fontSize=13),
            "odp-figure-caption": _text(p.muted),
        },
    }


_COLOUR_ATTR = re.compile(rb'\b(fill|stroke)="(#[0-9a-fA-F]{6})"')


def scheme_colours(source: Palette, target: Palette) -> dict[str, str]:
    """Each colour of one scheme paired with the colour in the same role in another."""
    return {a.lower(): b for a, b in zip(_roles(source), _roles(target), strict=True)}


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def scheme_aware_svg(svg: bytes) -> bytes:
    """A light-scheme render that turns itself dark: a ``<style>`` right after the opening
    ``<svg>`` tag recolours it, role by role, under ``prefers-color-scheme: dark``.

    Why: one file per chart and language instead of a light and a dark copy (half the
    chart SVG bytes, one ``<img>`` in the page), and no second Vega run, the slowest step
    of a build: both schemes use the same fonts and sizes, so the layout is the same and
    only colours differ, role by role. CSS properties override SVG presentation
    attributes, so the markup is the light render untouched; in an ``<img>``, Chromium
    evaluates the media query against the image element's used ``color-scheme``, so the
    image follows Material's manual toggle (``color-scheme: dark`` on slate, ``light`` on
    default in charts.css) rather than the system setting. Only the light colours the SVG
    actually uses (as a fill, a stroke) get a rule, so the block stays small. The PNG
    must be drawn from the plain render: resvg (``svg_to_png``) is not to see the media
    query.
    """
    mapping = scheme_colours(LIGHT, DARK)
    used = {(m.group(1).decode("ascii"), m.group(2).decode("ascii").lower()) for m in _COLOUR_ATTR.finditer(svg)}
    rules = "".join(
        f'[{attr}="{light}" i]{{{attr}:{mapping[light]}}}'
        for attr, light in sorted(used)
        if light in mapping and mapping[light].lower() != light
    )
    opening = _SVG_OPEN.search(svg)
    if not rules or opening is None:
        return svg
    style = f"<style>@media (prefers-color-scheme: dark){{{rules}}}</style>".encode("ascii")
    return svg[: opening.end()] + style + svg[opening.end() :]


def _text(colour: str, **extra: Any) -> dict[str, Any]:
    """A text style. ``color`` as well as ``fill``: Vega-Lite reads a text mark's colour
    from ``color`` in a style."""
    return {"font": FONT, "color": colour, "fill": colour, "fontSize": 12, **extra}


# Colour science -----------------------------------------------------------------
# Small and dependency-free on purpose: the tests use it to prove the palettes above.


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


#: Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
CVD_MATRICES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _lab(linear_rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = linear_rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def seen_as(hex_colour: str, vision: str | None = None) -> tuple[float, float, float]:
    """CIELAB of a colour as seen with typical vision (None) or a colour-vision deficiency."""
    rgb = tuple(_linear(c) for c in _rgb(hex_colour))
    if vision is not None:
        m = CVD_MATRICES[vision]
        rgb = tuple(min(1.0, max(0.0, sum(m[i][j] * rgb[j] for j in range(3)))) for i in range(3))
    return _lab(rgb)  # type: ignore[arg-type]


def min_distance(colours: tuple[str, ...] | list[str], vision: str | None = None) -> float:
    """The smallest CIE76 ΔE between any two of ``colours`` under ``vision``."""
    labs = [seen_as(c, vision) for c in colours]
    return min(math.dist(a, b) for a, b in itertools.combinations(labs, 2))
