"""Progress of long build steps: a bar on a terminal, plain lines in CI logs.

A cold build of a large site spends minutes rendering charts; without a sign of life a
contributor cannot tell a slow build from a hung one. On a terminal a single redrawn
line is enough. In a log (CI, ``make bench``'s log files) a redrawn line is an
unreadable smear of carriage returns, so there the same information comes as a plain
line every ``every_percent`` per cent, which also keeps the log short at any size.

Usage::

    for resource in progress(resources, len(resources), "charts"):
        ...

``SITEGEN_PROGRESS=0`` turns it off (for tests that compare output); ``=1`` forces plain
lines even on a terminal.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")

BAR_WIDTH = 30
#: Redraw a terminal bar at most this often (seconds): drawing is not free.
REDRAW_INTERVAL = 0.1


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


class Progress:
    """Counts steps of one task and reports them to ``stream``."""

    def __init__(
        self,
        total: int | None,
        label: str,
        *,
        stream: TextIO | None = None,
        tty: bool | None = None,
        every_percent: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total if total and total > 0 else None
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        mode = os.environ.get("SITEGEN_PROGRESS", "")
        self.enabled = mode != "0"
        self.tty = (_is_tty(self.stream) if tty is None else tty) and mode != "1"
        self.every = max(every_percent, 0.1)
        self.clock = clock
        self.start = clock()
        self.done = 0
        self._last_draw = float("-inf")
        self._next_percent = self.every

    def _eta(self, elapsed: float) -> str:
        if not self.total or not self.done:
            return ""
        remaining = elapsed / self.done * (self.total - self.done)
        return f", about {_clock(remaining)} left"

    def _draw_bar(self, final: bool = False) -> None:
        now = self.clock()
        if not final and now - self._last_draw < REDRAW_INTERVAL:
            return
        self._last_draw = now
        elapsed = now - self.start
        if self.total:
            filled = int(BAR_WIDTH * self.done / self.total)
            bar = "█" * filled + "·" * (BAR_WIDTH - filled)
            percent = 100 * self.done / self.total
            line = f"{self.label} {bar} {self.done}/{self.total} {percent:3.0f}% {_clock(elapsed)}"
        else:
            line = f"{self.label} {self.done} {_clock(elapsed)}"
        self.stream.write("\r\x1b[2K" + line + ("\n" if final else ""))
        self.stream.flush()

    def _plain_line(self) -> None:
        if not self.total:
            return
        percent = 100 * self.done / self.total
        if percent + 1e-9 < self._next_percent or self.done == self.total:
            return  # the last step is reported by ``close``
        while self._next_percent <= percent + 1e-9:
            self._next_percent += self.every
        elapsed = self.clock() - self.start
        print(
            f"{self.label}: {self.done}/{self.total} ({percent:.0f}%) after {_clock(elapsed)}{self._eta(elapsed)}",
            file=self.stream,
            flush=True,
        )

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if not self.enabled:
            return
        if self.tty:
            self._draw_bar()
        else:
            self._plain_line()

    def abandon(self) -> None:
        """End a terminal bar's line, so that what is printed next starts on its own."""
        if self.enabled and self.tty and self._last_draw != float("-inf"):
            self.stream.write("\n")
            self.stream.flush()

    def close(self) -> None:
        """The closing line: always printed, so a log shows each task's duration."""
        if not self.enabled:
            return
        if self.tty:
            self._draw_bar(final=True)
            return
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        print(f"{self.label}: {count} done in {_clock(self.clock() - self.start)}", file=self.stream, flush=True)


def progress(
    iterable: Iterable[T],
    total: int | None = None,
    label: str = "",
    *,
    stream: TextIO | None = None,
    tty: bool | None = None,
    every_percent: float = 10.0,
) -> Iterator[T]:
    """Yield the items of ``iterable`` while reporting how far it has got.

    ``total`` defaults to ``len(iterable)`` when it has one. On a TTY (``stream``:
    stderr by default) a bar is redrawn in place; otherwise a plain line is printed each
    time another ``every_percent`` per cent is done, and one when the loop ends. An
    exception inside the loop leaves the report unfinished rather than claiming "done".
    """
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    report = Progress(total, label, stream=stream, tty=tty, every_percent=every_percent)
    try:
        for item in iterable:
            yield item
            report.advance()
    except BaseException:  # includes GeneratorExit: the loop was left early
        report.abandon()
        raise
    report.close()
