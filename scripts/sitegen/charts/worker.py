"""vl-convert in a separate process, recycled before its memory grows without bound.

vl-convert runs Vega in an embedded JavaScript engine whose heap grows over many
conversions; a long ``mkdocs serve`` session or a big site would otherwise keep all of
it. The renderer lives in a child process that is restarted every ``max_renders``
renders, or as soon as its resident memory passes ``max_rss_mb``. The protocol is
pickled ``(kind, payload, options)`` requests over the child's stdin and stdout.

Run as ``python -m sitegen.chart_worker``: that is the child.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from sitegen.core.reproducible import stable_svg_ids

DEFAULT_MAX_RENDERS = 250
DEFAULT_MAX_RSS_MB = 1024


class RenderError(RuntimeError):
    """vl-convert could not render a spec; the message is vl-convert's."""


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MiB (Linux ``/proc``), or None when unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class RenderWorker:
    """A renderer child process, started on first use and replaced when it has done
    ``max_renders`` renders or grown past ``max_rss_mb``."""

    def __init__(self, max_renders: int = DEFAULT_MAX_RENDERS, max_rss_mb: float = DEFAULT_MAX_RSS_MB) -> None:
        self.max_renders = max_renders
        self.max_rss_mb = max_rss_mb
        self.renders = 0
        self.starts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen.charts.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.renders = 0
        self.starts += 1
        return self._proc

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                pickle.dump(None, proc.stdin)
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired, BrokenPipeError):
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()

    def _exchange(self, request: tuple[str, Any, dict[str, Any]]) -> Any:
        proc = self._proc or self._start()
        assert proc.stdin and proc.stdout
        pickle.dump(request, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        proc.stdin.flush()
        status, result = pickle.load(proc.stdout)
        if status != "ok":
            raise RenderError(str(result))
        return result

    def render(self, kind: str, payload: Any, **options: Any) -> Any:
        """``svg`` (payload: a Vega-Lite spec), ``png`` (payload: an SVG) or ``bundle``."""
        with self._lock:
            try:
                result = self._exchange((kind, payload, options))
            except (EOFError, BrokenPipeError, pickle.UnpicklingError):
                self.close()  # the child died (out of memory, killed): one fresh try
                try:
                    result = self._exchange((kind, payload, options))
                except (EOFError, BrokenPipeError, pickle.UnpicklingError) as error:
                    self.close()
                    raise RenderError(f"the chart renderer process died: {error!r}") from None
            self.renders += 1
            self._recycle_if_needed()
            return result

    def _recycle_if_needed(self) -> None:
        if self._proc is None:
            return
        grown = rss_mb(self._proc.pid)
        if self.renders >= self.max_renders or (grown is not None and grown > self.max_rss_mb):
            self.close()


#: oxipng's effort: level 1 writes chart PNGs about a third of vl-convert's size
#: (588 KB to 210 KB on a line chart of 1,000 points) in a tenth of a second; higher
#: levels gain 1 % more and take twice as long.
OXIPNG_LEVEL = 1
#: Colours of a PNG's palette. A chart is a few flat colours and the shades of their
#: anti-aliased edges: 256 colours look the same and halve the bytes again.
PALETTE_SIZE = 256


def optimised_png(png: bytes, keep: Sequence[str] = ()) -> bytes:
    """The chart's PNG in far fewer bytes: its colours reduced to a palette of 256 (median
    cut, no dithering) that holds every colour of ``keep`` exactly (the theme's text, grid
    and series colours: contrast was measured on those), then losslessly recompressed by
    oxipng. vl-convert writes PNGs with light compression, and the PNGs were the largest
    part of a site's bytes (588 KB for a line chart of 1,000 points; 113 KB here). Only
    anti-aliased edges between flat colours change shade, by a few levels; an image with
    transparency or with 256 colours or fewer keeps every pixel as it is. The SVG beside
    it is the exact drawing."""
    import oxipng
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    image.load()
    opaque = image.mode == "RGB" or (image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255))
    if opaque and image.getcolors(PALETTE_SIZE) is None:  # more colours than a palette holds
        rgb = image.convert("RGB")
        exact = list(dict.fromkeys(_rgb(colour) for colour in keep))[: PALETTE_SIZE // 4]
        adaptive = rgb.quantize(PALETTE_SIZE - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        found = adaptive.getpalette() or []
        colours = exact + [c for c in zip(found[0::3], found[1::3], found[2::3], strict=False) if c not in exact]
        colours = colours[:PALETTE_SIZE]
        colours += [colours[0]] * (PALETTE_SIZE - len(colours))  # padding that maps no pixel of its own
        palette = Image.new("P", (1, 1))
        palette.putpalette([channel for colour in colours for channel in colour])
        buffer = io.BytesIO()
        rgb.quantize(palette=palette, dither=Image.Dither.NONE).save(buffer, format="PNG")
        png = buffer.getvalue()
    return bytes(oxipng.optimize_from_memory(png, level=OXIPNG_LEVEL))


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _handle(vlc: Any, kind: str, payload: Any, options: dict[str, Any]) -> Any:
    if kind == "svg":  # ids renamed: Vega's count on from this process's earlier renders
        return stable_svg_ids(vlc.vegalite_to_svg(payload, vl_version=options["vl_version"]).encode("utf-8"))
    if kind == "png":  # payload: an SVG rendered before
        return optimised_png(vlc.svg_to_png(payload, scale=options.get("scale", 1.0)), options.get("keep", ()))
    if kind == "bundle":
        return vlc.javascript_bundle(payload, vl_version=options["vl_version"]).encode("utf-8")
    if kind == "pid":
        return os.getpid()
    raise ValueError(f"unknown render kind {kind!r}")


def serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """The child's loop: one reply per request until a ``None`` request or EOF."""
    # Only the child loads vl-convert (and its fonts): the parent never renders itself.
    import vl_convert as vlc

    from sitegen.charts.fonts import register

    broken = None
    try:
        register(vlc)
    except Exception as error:  # e.g. FontsMissing: every request gets the reason
        broken = f"{type(error).__name__}: {error}"
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        if request is None:
            return
        kind, payload, options = request
        try:
            if broken:
                raise RuntimeError(broken)
            reply: tuple[str, Any] = ("ok", _handle(vlc, kind, payload, options))
        except Exception as error:  # reported to the parent, which raises RenderError
            reply = ("error", str(error) if broken else f"{type(error).__name__}: {error}")
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()


def main() -> None:
    # Keep the protocol channel private: anything else written to stdout (by Python
    # or by the native renderer) goes to stderr instead of corrupting a reply.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
