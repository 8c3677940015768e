"""The progress report: a redrawn bar on a terminal, a few plain lines in a log."""

from __future__ import annotations

import io

import pytest

from sitegen.core.progress import Progress, progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _default_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITEGEN_PROGRESS", raising=False)


def test_log_gets_a_plain_line_every_step_and_a_closing_line() -> None:
    out = io.StringIO()
    items = list(progress(range(20), label="charts", stream=out, every_percent=25))
    assert items == list(range(20))
    lines = out.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines[:-1]] == ["charts: 5/20", "charts: 10/20", "charts: 15/20"]
    assert lines[-1].startswith("charts: 20/20 done in ")
    assert "\r" not in out.getvalue()


def test_log_stays_short_at_any_size() -> None:
    out = io.StringIO()
    for _ in progress(range(10_000), label="pages", stream=out):
        pass
    assert len(out.getvalue().splitlines()) == 10  # 10%, 20%, ... 90%, then "done"


def test_terminal_gets_one_redrawn_bar_ending_in_a_newline() -> None:
    out = _Terminal()
    for _ in progress(range(5), label="charts", stream=out):
        pass
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    last = text.rsplit("\r", 1)[-1]
    assert "charts" in last and "5/5" in last and "100%" in last


def test_total_defaults_to_the_length_and_generators_work_without_one() -> None:
    out = io.StringIO()
    list(progress(iter(range(3)), label="rows", stream=out))  # no len(): only the closing line
    assert len(out.getvalue().splitlines()) == 1
    assert out.getvalue().startswith("rows: 3 done in ")
    out = io.StringIO()
    list(progress([1, 2, 3, 4], label="rows", stream=out, every_percent=50))
    assert out.getvalue().startswith("rows: 2/4 (50%)")


def test_eta_uses_the_pace_so_far() -> None:
    now = [0.0]
    out = io.StringIO()
    report = Progress(4, "renders", stream=out, tty=False, every_percent=50, clock=lambda: now[0])
    now[0] = 30.0
    report.advance(2)
    assert "2/4 (50%) after 0:30, about 0:30 left" in out.getvalue()


def test_leaving_a_loop_early_ends_the_bar_line() -> None:
    out = _Terminal()
    loop = progress(range(10), label="x", stream=out)
    for index in loop:
        if index == 3:
            break
    loop.close()  # what the garbage collector does to an abandoned generator
    assert out.getvalue().endswith("\n")
    assert "done" not in out.getvalue()


def test_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITEGEN_PROGRESS", "0")
    out = _Terminal()
    assert list(progress(range(3), label="x", stream=out)) == [0, 1, 2]
    assert out.getvalue() == ""


def test_plain_lines_can_be_forced_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITEGEN_PROGRESS", "1")
    out = _Terminal()
    list(progress(range(2), label="x", stream=out))
    assert "\r" not in out.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("x: 2/2 done")
