"""``make bench``: how fast the build is, as ratios against baselines of the same run.

Absolute seconds depend on the machine and on whatever else it is doing; a ratio of two
measurements taken minutes apart on the same machine does not, so every figure here is
one (except peak memory, page weight and Lighthouse scores, which are absolute by
nature). Nothing is asserted: the table says which targets are met, and the same figures
go to ``bench-results.json`` for the lead to compare across runs.

What is measured, each build in a child process (``python -m sitegen build``, exactly
what ``make site`` runs) so that its time and peak memory are its own:

* a *reference* synthetic site (``sizes[0]`` datasets): a cold build (empty
  ``build/cache`` and ``build/docs``), a rebuild with nothing changed, a rebuild after
  one CSV edit, a plain ``mkdocs build`` of the pages it generated, with the navigation
  the pipeline made and none of our code (see ``plain_mkdocs_config``), and a cold build
  with English switched off (``build: false``). The two sides of a ratio are measured in
  turns (rebuild, plain MkDocs, rebuild, ...; cold, ja-only cold, cold, ja-only cold),
  runs under a minute three times, and the fastest of each kept: a machine that slows
  down for a few minutes then slows both sides, not one;
* validation (``validate_all``, without the build cache: every table is read and checked)
  against a pyarrow parse of the same CSVs;
* scaling: a cold build at ``sizes[1]`` datasets, per dataset, against the reference;
* the real site (this checkout's ``datapackage/``, copied): page weight and mobile
  Lighthouse scores of home, catalog and the heaviest dataset page, in both languages.

Everything is built in a throwaway folder (``--work``, under the system temp folder by
default); the checkout is only read, apart from the git-ignored ``bench-results.json``
and ``build/bench-tools/`` (where Lighthouse and, if missing, pyarrow are installed on
first use).

``--quick`` (``make bench-quick``) measures 20 and 200 datasets instead of 100 and 1,000.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial, wraps
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from benchmarks.synthetic import SyntheticTable, copy_site_sources, edit_one_csv, make_real_repo, make_synthetic_repo
from sitegen.core.paths import ROOT, Layout
from sitegen.site import budget

#: Lighthouse 13 needs Node 22.19 or newer; Debian's Node is 20, so the last 12.x.
LIGHTHOUSE_VERSION = "12.8.2"
PYARROW_VERSION = "23.0.1"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
TOOLS = ROOT / "build" / "bench-tools"
RESULTS = ROOT / "bench-results.json"
#: Logs and Lighthouse reports of the last run, kept for a look after the work folder is gone.
REPORTS = ROOT / "build" / "bench-reports"
FULL_SIZES = (100, 1000)
QUICK_SIZES = (20, 200)
PAGE_WEIGHT_LIMIT_KB = 100.0
LIGHTHOUSE_CATEGORIES = {
    "performance": "lighthouse_performance_min",
    "accessibility": "lighthouse_accessibility_min",
    "best-practices": "lighthouse_best_practices_min",
    "seo": "lighthouse_seo_min",
}

#: key: (comparison, target, what it is). "<=": lower is better.
TARGETS: dict[str, tuple[str, float | None, str]] = {
    "overhead_vs_plain_mkdocs": ("<=", 1.5, "full build (nothing changed) ÷ plain mkdocs of the same pages"),
    "overhead_cold_vs_plain_mkdocs": ("<=", 3.0, "cold full build ÷ plain mkdocs of the same pages"),
    "bilingual_vs_single_language": ("<=", 2.0, "cold ja+en build ÷ cold ja-only build"),
    "warm_vs_cold": ("<=", 0.25, "rebuild, nothing changed ÷ cold build"),
    "warm_after_csv_edit_vs_cold": ("<=", 0.25, "rebuild after one CSV edit ÷ cold build"),
    "validation_vs_pyarrow_parse": ("<=", 50.0, "validate_all ÷ pyarrow parse of the same CSVs"),
    "per_dataset_1000_vs_100": ("<=", 1.2, "cold build per dataset, large ÷ reference"),
    "peak_rss_mb_100": ("<=", None, "peak RSS of the reference cold build (MB; largest process)"),
    "peak_rss_mb_1000": ("<=", 1500, "peak RSS of the large cold build (MB; largest process)"),
    "site_mb_per_dataset": ("<=", 1.0, "the large site's size ÷ its datasets (MB; GitHub Pages takes 1 GB)"),
    "dataset_page_weight_kb_gzip": ("<=", PAGE_WEIGHT_LIMIT_KB, "heaviest dataset page: HTML+CSS+own JS, gzip (KB)"),
    "lighthouse_performance_min": (">=", 95, "lowest mobile Lighthouse performance"),
    "lighthouse_accessibility_min": (">=", 100, "lowest mobile Lighthouse accessibility"),
    "lighthouse_best_practices_min": (">=", 95, "lowest mobile Lighthouse best practices"),
    "lighthouse_seo_min": (">=", 100, "lowest mobile Lighthouse SEO"),
}


# Children and their clocks ------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One child process: wall-clock seconds, the peak RSS of it and its descendants,
    its exit code, where its output went, and how busy the machine was around it (the
    one-minute load average when it started and when it ended, and the cores that other
    processes than it and its descendants kept busy meanwhile)."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    log: Path
    load_start: float = 0.0
    load_end: float = 0.0
    other_cores: float = 0.0

    @property
    def loaded(self) -> bool:
        """The machine was busier than its cores when the run started, or something else
        kept half a core busy during it: the figure is marked, not trusted."""
        return self.load_start > CPUS or self.other_cores > OTHER_CORES_LIMIT

    def check(self, what: str) -> Run:
        if self.returncode != 0:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise BenchError(f"{what} failed (exit {self.returncode}); log {self.log}:\n{tail}")
        return self


class BenchError(RuntimeError):
    """A measurement could not be taken (a build failed, a tool is missing)."""


def child_env(root: Path) -> dict[str, str]:
    """The environment of a build child: the repository copy's own ``sitegen``, a fixed
    source date (no git needed), plain progress lines for the log."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root / "scripts")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = env.get("SOURCE_DATE_EPOCH", "1700000000")
    env["SITEGEN_PROGRESS"] = "1"
    # A synthetic site may be bigger than GitHub Pages takes: the benchmark measures its
    # size (site_mb_per_dataset, the projections) instead of stopping at the budget.
    env["SITEGEN_SIZE_BUDGET"] = "warn"
    return env


#: The machine's cores: a load average above it means runs waited for a core.
CPUS = os.cpu_count() or 1
#: Cores other processes may keep busy during a run before its figure is marked.
OTHER_CORES_LIMIT = 0.5
#: How long a run waits at most for the load of the run before it to fade (one-minute
#: average below the core count); the wait is not timed. ``--settle`` changes it.
SETTLE = {"seconds": 120.0}
#: Runs shorter than this are repeated and the fastest kept (best of ``REPEATS``): a
#: short run is the one a passing process distorts most.
REPEAT_UNDER_SECONDS = 60.0
REPEATS = 3


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:  # not on every platform
        return 0.0


def busy_cpu_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (Linux ``/proc/stat``),
    or None where that is not known."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def settle(limit: float | None = None) -> float:
    """Wait (up to ``limit`` seconds) until the one-minute load average is below the
    core count, so that a run does not start in the tail of the one before; the load
    it starts at."""
    deadline = time.monotonic() + (SETTLE["seconds"] if limit is None else limit)
    while load_average() >= CPUS and time.monotonic() < deadline:
        time.sleep(2)
    return load_average()


def run_child(cmd: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd`` to completion and measure it, once the machine has settled.

    ``os.wait4`` returns the child's resource usage including every descendant it has
    waited for (the chart renderer, Pagefind): the same figure
    ``resource.getrusage(RUSAGE_CHILDREN)`` gives, but for this child alone rather than
    the maximum over every child the benchmark ever ran. The machine's busy CPU time
    less the child's is what other processes took meanwhile (``other_cores``).
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    load_start = settle()
    with log.open("wb") as out:
        busy_start = busy_cpu_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: leave no build running behind the benchmark
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - start
        busy_end = busy_cpu_seconds()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen
    other = 0.0
    if busy_start is not None and busy_end is not None and seconds > 0:
        own = usage.ru_utime + usage.ru_stime
        other = max(0.0, (busy_end - busy_start - own) / seconds)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, log, load_start, load_average(), other)


def fastest(runs: list[Run]) -> Run:
    """The fastest run; one that the machine's load marked only when all were marked."""
    clean = [r for r in runs if not r.loaded] or runs
    return min(clean, key=lambda r: r.seconds)


def best_of(measure: Callable[[int], Run], repeats: int = REPEATS, under: float = REPEAT_UNDER_SECONDS) -> Run:
    """``measure(attempt)`` once, and again up to ``repeats`` times in all while it takes
    less than ``under`` seconds; the fastest run (``fastest``)."""
    runs = [measure(0)]
    while len(runs) < repeats and runs[0].seconds < under:
        runs.append(measure(len(runs)))
    return fastest(runs)


def best_of_pair(
    first: Callable[[int], Run],
    second: Callable[[int], Run],
    repeats: int = REPEATS,
    under: float = REPEAT_UNDER_SECONDS,
) -> tuple[Run, Run]:
    """Two measurements a ratio compares, taken in turns (first, second, first, ...) while
    either takes less than ``under`` seconds, ``repeats`` times each at most: a machine
    that is slower for a few minutes slows both, not the one that happened to run then.
    The fastest of each."""
    a, b = [first(0)], [second(0)]
    while len(a) < repeats and min(a[0].seconds, b[0].seconds) < under:
        a.append(first(len(a)))
        b.append(second(len(b)))
    return fastest(a), fastest(b)


def build_cmd(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sitegen", "--root", str(root), "build", "--out", str(out)]


def clear_build(layout: Layout, out: Path) -> None:
    """What "cold" means: no chart cache, no generated docs, no previous site."""
    for path in (layout.cache, layout.docs, out):
        shutil.rmtree(path, ignore_errors=True)


def build(layout: Layout, out: Path, log: Path, *, cold: bool) -> Run:
    if cold:
        clear_build(layout, out)
    return run_child(build_cmd(layout.root, out), log, child_env(layout.root)).check(f"build of {layout.root}")


# Configuration variants ---------------------------------------------------------------


def plain_mkdocs_config(
    config: str, docs_dir: Path, nav: list[Any], translations: Mapping[str, Mapping[str, str]]
) -> str:
    """The baseline of ``overhead_vs_plain_mkdocs``: our mkdocs.yml as a plain
    ``mkdocs build`` (MkDocs + Material + mkdocs-static-i18n alone, in a process of its
    own) of pages generated before, so that the ratio is what our pipeline costs on top
    of the assembler it ends with.

    ``docs_dir`` points at those pages, and the navigation the pipeline hands the
    assembler is written in: ``nav`` (``sitegen.assemble.mkdocs.mkdocs_nav``) and each
    language's ``nav_translations`` (``translations``, by locale), exactly what
    ``assemble`` sets on the loaded configuration. The same pages with the same
    navigation are the same HTML to render: every page carries the nav, so a baseline
    with another one (MkDocs' automatic nav, which the old baseline had once the hook
    that set the nav was removed) would render different pages. Neither validation,
    generation, Pagefind nor the CSP runs; mkdocs.yml must list no ``hooks:`` (they would
    run our code) and no ``nav:`` or ``nav_translations:`` of its own (the pipeline's
    replace them).
    """
    for key in ("hooks", "nav", "nav_translations"):
        if re.search(rf"(?m)^[ \t]*{key}:", config):
            raise BenchError(f"mkdocs.yml has a `{key}:` of its own; the plain MkDocs baseline cannot be made")
    result, count = re.subn(r"(?m)^docs_dir:.*$", f"docs_dir: {json.dumps(str(docs_dir))}", config)
    if count != 1:
        raise BenchError("mkdocs.yml has no `docs_dir:` line")
    for lang, titles in translations.items():
        entries = list(re.finditer(rf"(?m)^([ \t]*- )locale: {re.escape(lang)}[ \t]*\n", result))
        if len(entries) != 1:
            raise BenchError(f"mkdocs.yml has no (single) `- locale: {lang}` language to translate the nav into")
        indent = " " * len(entries[0].group(1))
        block = yaml.safe_dump({"nav_translations": dict(titles)}, allow_unicode=True, sort_keys=False, width=10_000)
        lines = "".join(indent + line for line in block.splitlines(keepends=True))
        result = result[: entries[0].end()] + lines + result[entries[0].end() :]
    nav_block = yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False, width=10_000)
    return result.rstrip("\n") + "\n\n" + nav_block


PLAIN_CONFIG = "mkdocs.plain.yml"


def _write_plain_config(root: Path) -> dict[str, Any]:
    """In a child, with the repository copy's own ``sitegen`` (not timed): ``root``'s
    ``mkdocs.plain.yml``, with the navigation the pipeline makes of ``root``'s data, as
    ``build_site`` makes it (validation from the build cache of the build just before,
    ``gather``, ``navigation``) and turns it into MkDocs' terms (``mkdocs_nav``,
    ``nav_translations``)."""
    from sitegen.assemble import mkdocs as assembler
    from sitegen.core.i18n import DEFAULT_LANG, LANGS
    from sitegen.site.inputs import gather
    from sitegen.site.navigation import navigation
    from sitegen.validate.validation import validate_all

    layout = Layout(root)
    settings = assembler.settings(layout)
    validation = validate_all(layout.root, layout.cache)
    if not validation.ok:
        raise BenchError(f"{root} does not validate, so it has no pages to build")
    nav = navigation(gather(layout, validation, settings.site_url, settings.langs))
    translations = {lang: assembler.nav_translations(nav, lang) for lang in LANGS if lang != DEFAULT_LANG}
    config = plain_mkdocs_config(
        layout.mkdocs_yml.read_text(encoding="utf-8"), layout.docs, assembler.mkdocs_nav(nav), translations
    )
    path = root / PLAIN_CONFIG
    path.write_text(config, encoding="utf-8")
    return {"config": str(path)}


def single_language_config(config: str, lang: str = "en") -> str:
    """mkdocs.yml with ``build: false`` for ``lang``: the site in the default language only."""
    pattern = re.compile(rf"(?m)^(\s*- locale: {re.escape(lang)}\n(?:\s+(?!- locale:).*\n)*?\s+build:)\s*true\b")
    result, count = pattern.subn(r"\1 false", config)
    if count != 1:
        raise BenchError(f"mkdocs.yml has no `build: true` for the {lang!r} language")
    return result


# Page weight -----------------------------------------------------------------------------


class _Assets(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").split() and values.get("href"):
            self.stylesheets.append(str(values["href"]))
        if tag == "script" and values.get("src"):
            self.scripts.append(str(values["src"]))
        if tag in ("script", "link"):
            self.references += [str(v) for k, v in values.items() if k in ("src", "href") and v]


def _local_file(site: Path, page: Path, url: str) -> Path | None:
    """The file a page-relative URL names inside ``site``, or None (another host)."""
    page_url = "/" + page.relative_to(site).as_posix()
    parts = urlsplit(urljoin(page_url, url))
    if parts.scheme or parts.netloc:
        return None
    path = (site / PurePosixPath(parts.path).relative_to("/")).resolve()
    return path if path.is_file() and site.resolve() in path.parents else None


def gzip_size(data: bytes) -> int:
    """Bytes on the wire with gzip at level 6, what web servers (GitHub Pages) commonly use."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def own_scripts(site_src: Path = ROOT / "site_src") -> set[str]:
    """Our hand-written scripts (not vendor bundles, not Material's)."""
    return {p.name for p in (site_src / "assets" / "javascripts").glob("*.js")}


@dataclass(frozen=True)
class PageWeight:
    page: Path
    html: int
    css: int
    js: int

    @property
    def kb(self) -> float:
        return (self.html + self.css + self.js) / 1024


def page_weight(site: Path, page: Path, own_js: set[str] | None = None) -> PageWeight:
    """A page's HTML, every stylesheet it links and our own scripts it loads, each
    gzip-compressed separately as a server sends them. Images are not counted: charts
    are static SVGs loaded lazily by the browser."""
    own_js = own_scripts() if own_js is None else own_js
    parser = _Assets()
    html = page.read_bytes()
    parser.feed(html.decode("utf-8"))
    css = [f for f in (_local_file(site, page, href) for href in parser.stylesheets) if f]
    js = [f for f in (_local_file(site, page, src) for src in parser.scripts) if f]
    js = [f for f in js if f.name in own_js and f.parent.name == "javascripts"]
    return PageWeight(
        page,
        gzip_size(html),
        sum(gzip_size(f.read_bytes()) for f in dict.fromkeys(css)),
        sum(gzip_size(f.read_bytes()) for f in dict.fromkeys(js)),
    )


def dataset_pages(site: Path) -> list[Path]:
    """Every dataset page of both languages."""
    return sorted([*site.glob("datasets/*/*/index.html"), *site.glob("en/datasets/*/*/index.html")])


def pages_referencing_vega(site: Path) -> list[Path]:
    """Pages whose HTML loads the chart library directly (it must be loaded lazily by
    charts.js, on chart pages only, so that other pages stay light)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        if any("vega" in ref.lower() for ref in parser.references):
            found.append(page)
    return found


# Validation against a plain parse ----------------------------------------------------


def ensure_pyarrow(install: bool) -> str | None:
    """A folder to put on ``sys.path`` for pyarrow ('' when it is importable already), or
    None. pyarrow is no dependency of the site; it is the benchmark's yardstick for
    "how long does reading these CSVs take at all", installed beside Lighthouse."""
    probe = subprocess.run([sys.executable, "-c", "import pyarrow"], capture_output=True, check=False)
    if probe.returncode == 0:
        return ""
    target = TOOLS / "python"
    check = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(target)!r}); import pyarrow"]
    if subprocess.run(check, capture_output=True, check=False).returncode == 0:
        return str(target)
    if not install:
        return None
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "install", "--quiet"]
    pip += ["--target", str(target), "--no-deps", f"pyarrow=={PYARROW_VERSION}"]
    if subprocess.run(pip, capture_output=True, check=False).returncode != 0:
        return None
    return str(target) if subprocess.run(check, capture_output=True, check=False).returncode == 0 else None


def _time_validation(root: Path, repeat: int = 3) -> dict[str, Any]:
    """In a child: ``validate_all`` (best of ``repeat``, as the parse it is compared with),
    imports excluded from the clock."""
    import frictionless  # noqa: F401  (imported before the clock starts)

    from sitegen.model import topics  # noqa: F401  (validate_all imports it; an import is not validation)
    from sitegen.validate.validation import validate_all

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        validation = validate_all(root)
        best = min(best, time.perf_counter() - start)
    rows = sum(len(r.rows) for r in validation.results.values())
    return {"seconds": best, "ok": validation.ok, "rows": rows, "resources": len(validation.results)}


def _time_parse(root: Path, repeat: int = 3) -> dict[str, Any]:
    """In a child: pyarrow reads every CSV under ``root/datapackage`` (best of ``repeat``),
    on one thread as ``validate_all`` runs: with a thread per core, a parse of a hundred
    small files took 12 to 34 ms from one run to the next, too short a yardstick to hold."""
    from pyarrow import csv as pa_csv

    single_thread = pa_csv.ReadOptions(use_threads=False)

    files = sorted((root / "datapackage").rglob("*.csv"))
    best = float("inf")
    rows = 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = sum(pa_csv.read_csv(path, read_options=single_thread).num_rows for path in files)
        best = min(best, time.perf_counter() - start)
    return {"seconds": best, "rows": rows, "files": len(files)}


def _child_json(args: list[str], root: Path, log: Path, extra_path: str = "") -> tuple[dict[str, Any], Run]:
    env = child_env(root)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH"], extra_path])
    # The child imports the checkout copy's ``sitegen`` and this file's ``benchmarks``.
    env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH"], str(Path(__file__).resolve().parents[1])])
    run = run_child([sys.executable, "-m", "benchmarks.bench", *args, str(root)], log, env).check(" ".join(args))
    lines = log.read_text(encoding="utf-8").strip().splitlines()
    return dict(json.loads(lines[-1])), run


# Where a build's time goes --------------------------------------------------------------

#: (label, module, attribute): the functions ``--phases`` times, each named where it is
#: defined (``attribute`` may be ``Class.method``). Nested labels are part of the one
#: above them. The charts and table bodies run on worker threads while the main thread
#: writes the downloads, so their seconds are summed over threads and may exceed the
#: wall time of ``generate``; "chart renders" counts every render by kind, the chart
#: library's bundle (``bundle``) included. A module or function that does not exist
#: fails the benchmark (``resolve_phases``): a renamed function is renamed here too.
PHASES: tuple[tuple[str, str, str], ...] = (
    ("validate_all", "sitegen.validate.validation", "validate_all"),
    ("  typed rows of clean tables", "sitegen.validate.fast_rows", "typed_rows"),
    ("  frictionless row by row (other tables)", "frictionless.resource.resource", "Resource.validate"),
    ("generate", "sitegen.site.pipeline", "generate"),
    ("  charts of a dataset (worker threads)", "sitegen.site.chart_index", "dataset_charts"),
    ("    chart specs (Altair)", "sitegen.charts.spec", "build_chart"),
    ("    chart renders", "sitegen.charts.worker", "RenderWorker.render"),
    ("  table bodies (worker threads)", "sitegen.site.tables", "table_body"),
    ("  downloads (main thread, meanwhile)", "sitegen.site.downloads", "publish_downloads"),
    ("    xlsx", "sitegen.format.exports", "xlsx_bytes"),
    ("  dataset pages", "sitegen.site.pages.dataset", "dataset_page"),
    ("  templates (every page)", "sitegen.site.pages.common", "Templates.render"),
    ("assemble (MkDocs)", "sitegen.assemble.mkdocs", "assemble"),
    ("  markdown", "markdown.core", "Markdown.convert"),
    ("search index (Pagefind)", "sitegen.site.search_index", "index_search"),
    ("content security policy", "sitegen.site.csp", "add_csp"),
)


@dataclass(frozen=True)
class Phase:
    """A resolved entry of ``PHASES``: the object ``name`` is an attribute of, and its value."""

    label: str
    owner: Any
    name: str
    original: Callable[..., Any]


def resolve_phases(phases: tuple[tuple[str, str, str], ...] | None = None) -> list[Phase]:
    """Import every module of ``phases`` (default ``PHASES``) and find every function; a
    BenchError naming the phase when one does not exist (the timings would silently
    leave it out)."""
    import importlib

    resolved = []
    for label, module_name, attribute in PHASES if phases is None else phases:
        where = f"{module_name}:{attribute}"
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError as error:
            raise BenchError(f"phase {label.strip()!r}: no module {module_name!r} ({where}: {error})") from error
        *path, name = attribute.split(".")
        try:
            for part in path:
                owner = getattr(owner, part)
            original = getattr(owner, name)
        except AttributeError as error:
            raise BenchError(f"phase {label.strip()!r}: {module_name} has no {attribute!r} ({where})") from error
        if not callable(original):
            raise BenchError(f"phase {label.strip()!r}: {where} is not a function")
        resolved.append(Phase(label, owner, name, original))
    return resolved


def install_phases(
    phases: list[Phase], timed: Callable[[str, Callable[..., Any]], Callable[..., Any]]
) -> Callable[[], None]:
    """Replace every phase's function by ``timed(label, function)``: where it is defined,
    and in every loaded module that imported it by name (``from m import f`` binds the
    function itself, which a replacement in ``m`` alone would miss; modules imported
    later read the replacement from ``m``). Returns what puts the originals back."""
    undo: list[tuple[Any, str, Any]] = []
    for phase in phases:
        wrapper = timed(phase.label, phase.original)
        undo.append((phase.owner, phase.name, phase.original))
        setattr(phase.owner, phase.name, wrapper)
        if not isinstance(phase.owner, types.ModuleType):
            continue  # a method: its class is the one place it is looked up
        for module in list(sys.modules.values()):
            namespace = getattr(module, "__dict__", None)
            if module is phase.owner or not isinstance(namespace, dict):
                continue
            for key, value in list(namespace.items()):
                if value is phase.original:
                    undo.append((module, key, value))
                    setattr(module, key, wrapper)

    def restore() -> None:
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)

    return restore


def _time_phases(root: Path) -> dict[str, Any]:
    """In a child: a cold ``build_site`` with the functions of ``PHASES`` wrapped in
    timers (a few thousand calls: the clocks cost nothing next to the build)."""
    from sitegen.build import build_site  # with every module it imports, before the timers go in

    totals: dict[str, list[float]] = {}
    lock = threading.Lock()

    def timed(label: str, original: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = label
            if label.endswith("chart renders") and len(args) > 1:
                key = f"{label}: {args[1]}"  # RenderWorker.render(self, kind, ...)
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                with lock:  # the renders and table bodies run on several threads
                    entry = totals.setdefault(key, [0.0, 0])
                    entry[0] += elapsed
                    entry[1] += 1

        return wrapper

    install_phases(resolve_phases(), timed)
    layout = Layout(root)
    clear_build(layout, root / "site")
    start = time.perf_counter()
    code = build_site(layout)
    totals["build_site (total)"] = [time.perf_counter() - start, 1]
    order = [label for label, _, _ in PHASES]

    def rank(key: str) -> tuple[int, str]:
        base = key if key in order else key.rsplit(": ", 1)[0]  # "chart renders: svg"
        return (order.index(base) if base in order else -1, key)

    ranked = sorted(totals, key=rank)
    return {"ok": code == 0, "phases": {k: {"seconds": round(totals[k][0], 2), "calls": totals[k][1]} for k in ranked}}


# Lighthouse ---------------------------------------------------------------------------


#: What GitHub Pages sends gzip-compressed (text); images and archives go as they are.
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".webmanifest")


class _Handler(SimpleHTTPRequestHandler):
    """``http.server``'s static file handler, quiet, and compressing text with gzip when
    the browser accepts it, as GitHub Pages does: without that, Lighthouse would judge
    Material's CSS and JavaScript at three times the size readers download."""

    gzip_enabled = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_enabled and accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(site: Path, gzip_enabled: bool = True) -> Iterator[str]:
    """``site`` over HTTP on a free loopback port, like ``python -m http.server`` (with
    gzip unless ``gzip_enabled`` is false)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = type("Handler", (_Handler,), {"gzip_enabled": gzip_enabled})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse_binary(install: bool) -> tuple[Path | None, str]:
    """The pinned Lighthouse CLI under ``build/bench-tools``, installed with npm on first
    use; or None and the reason."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary, ""
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm is not installed (apt-get install npm), so Lighthouse cannot be installed"
    if not install:
        return None, f"Lighthouse is not installed in {TOOLS} and --no-install was given"
    TOOLS.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE_VERSION}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not binary.exists():
        return None, f"npm install lighthouse@{LIGHTHOUSE_VERSION} failed: {result.stderr.strip()[-500:]}"
    return binary, ""


def chrome_path() -> str | None:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.exists(path) else None


def lighthouse(binary: Path, url: str, report: Path, chrome: str) -> dict[str, Any]:
    """One mobile Lighthouse run (the default form factor, with simulated throttling)."""
    cmd = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, check=False)
    if result.returncode != 0 or not report.exists():
        raise BenchError(f"lighthouse {url} failed: {(result.stderr or result.stdout).strip()[-800:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {}
    failing = {}
    for name, category in data["categories"].items():
        score = category.get("score")
        scores[name] = None if score is None else round(score * 100)
        misses = []
        for ref in category.get("auditRefs", []):
            audit = data["audits"].get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                misses.append(f"{ref['id']} ({audit['score']:.2f})")
        failing[name] = misses
    return {"url": url, "scores": scores, "failing_audits": failing}


# The benchmark ------------------------------------------------------------------------


@dataclass
class Bench:
    work: Path
    sizes: tuple[int, int]
    rows: int
    output: Path
    install: bool = True
    lighthouse_enabled: bool = True
    lighthouse_gzip: bool = True
    scaling: bool = True
    phases: bool = False
    log: Callable[[str], None] = field(default=lambda message: print(message, file=sys.stderr, flush=True))
    results: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    reference_cold: Run | None = None
    reference_bytes: int = 0

    @property
    def source(self) -> Path:
        """The snapshot of the checkout every build of this run is made from."""
        return self.work / "source"

    def snapshot(self) -> None:
        """Copy the code, site sources and data once, at the start: a run takes long, and
        the checkout may change meanwhile (someone is working in it). Every repository
        copy links to this snapshot, so all builds of a run measure the same code."""
        copy_site_sources(self.source, ROOT, link_code=False)
        shutil.copytree(ROOT / "datapackage", self.source / "datapackage", dirs_exist_ok=True)

    def save(self) -> None:
        """Written after every measurement, so an interrupted run keeps what it measured."""
        payload = {**self.results, "seconds": {k: round(v, 3) for k, v in self.seconds.items()}}
        self.output.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def record(self, key: str, value: Any, *runs: Run) -> None:
        """``value`` under ``key``; with the ``runs`` it was measured from, the load they
        ran at beside it (``load``: the highest one-minute load average at their starts,
        and the most cores other processes took), marked when any of them was loaded."""
        self.results[key] = round(value, 3) if isinstance(value, float) else value
        if runs:
            loads = self.results.setdefault("load", {})
            loads[key] = {
                "load_start": round(max(r.load_start for r in runs), 2),
                "other_cores": round(max(r.other_cores for r in runs), 2),
                "loaded": any(r.loaded for r in runs),
            }
        self.save()

    def timed(self, key: str, run: Run) -> Run:
        self.seconds[key] = run.seconds
        self.results.setdefault("runs", {})[key] = {
            "seconds": round(run.seconds, 2),
            "load_start": round(run.load_start, 2),
            "load_end": round(run.load_end, 2),
            "other_cores": round(run.other_cores, 2),
            "loaded": run.loaded,
        }
        mark = " (LOADED)" if run.loaded else ""
        self.log(
            f"  {key}: {run.seconds:.1f} s, peak RSS {run.peak_rss_mb:.0f} MB, load {run.load_start:.2f} at start, "
            f"other processes {run.other_cores:.2f} cores{mark}"
        )
        self.save()
        return run

    def run(self) -> dict[str, Any]:
        started = time.perf_counter()
        mid, large = self.sizes
        self.results.update(
            {
                "sizes": {"reference": mid, "large": large, "rows_per_dataset": self.rows},
                "python": sys.version.split()[0],
                "cpus": os.cpu_count(),
            }
        )
        self.save()
        if self.phases:
            resolve_phases()  # a phase that no longer exists fails now, not after the reference builds
        self.snapshot()
        self.reference(mid)
        self.validation(mid)
        if self.phases:
            self.phase_breakdown(mid)
        if self.scaling:
            self.scale(mid, large)
        if self.lighthouse_enabled:
            self.real_site()
        self.seconds["bench_total"] = time.perf_counter() - started
        self.save()
        return self.results

    # Reference site ---------------------------------------------------------------

    def reference(self, size: int) -> None:
        self.log(f"reference site: {size} synthetic datasets of {self.rows} rows")
        layout, tables = make_synthetic_repo(self.work / f"synthetic-{size}", size, self.rows, source=self.source)
        out = self.work / f"site-{size}"
        logs = self.work / "logs"
        first_cold = build(layout, out, logs / f"cold-{size}-1.log", cold=True)
        self.record("peak_rss_mb_100", first_cold.peak_rss_mb, first_cold)  # the reference size (100)
        self.record("site_mb_reference", _tree_mb(out))
        self.reference_bytes = budget.measure_dir(out).total
        # Warm rebuilds and plain MkDocs (of the pages the build just wrote) in turns.
        warm, plain = best_of_pair(
            lambda i: build(layout, out, logs / f"warm-{size}-{i + 1}.log", cold=False),
            lambda i: self.plain_mkdocs(layout, logs / f"plain-{size}-{i + 1}.log"),
        )
        self.timed(f"warm_{size}", warm)
        self.timed(f"plain_mkdocs_{size}", plain)
        self.record("overhead_vs_plain_mkdocs", warm.seconds / plain.seconds, warm, plain)

        def edit_and_build(attempt: int) -> Run:
            _edit(tables)  # each attempt edits again (trading the rows back): a real change every time
            return build(layout, out, logs / f"edit-{size}-{attempt + 1}.log", cold=False)

        edited = self.timed(f"csv_edit_{size}", best_of(edit_and_build))
        # The cold builds, over a minute each, twice in turns: bilingual, ja only, again.
        cold, single = best_of_pair(
            lambda i: first_cold if i == 0 else build(layout, out, logs / f"cold-{size}-{i + 1}.log", cold=True),
            lambda i: self.single_language(layout, logs, i),
            repeats=2,
            under=float("inf"),
        )
        self.timed(f"cold_{size}", cold)
        self.timed(f"cold_single_language_{size}", single)
        self.record("warm_vs_cold", warm.seconds / cold.seconds, warm, cold)
        self.record("warm_after_csv_edit_vs_cold", edited.seconds / cold.seconds, edited, cold)
        self.record("overhead_cold_vs_plain_mkdocs", cold.seconds / plain.seconds, cold, plain)
        self.record("bilingual_vs_single_language", cold.seconds / single.seconds, cold, single)
        self.reference_cold = cold

    def plain_mkdocs(self, layout: Layout, log: Path) -> Run:
        """``mkdocs build`` of the pages the build just before generated; only the build is timed."""
        written, _ = _child_json(["_plain_config"], layout.root, log.with_name(f"{log.stem}-config.log"))
        config = Path(written["config"])
        out = self.work / "site-plain"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(out)]
        return run_child(cmd, log, child_env(layout.root), cwd=layout.root).check("plain mkdocs build")

    def single_language(self, layout: Layout, logs: Path, attempt: int = 0) -> Run:
        original = layout.mkdocs_yml.read_text(encoding="utf-8")
        layout.mkdocs_yml.write_text(single_language_config(original), encoding="utf-8")
        try:
            log = logs / f"cold-single-language-{attempt + 1}.log"
            return build(layout, self.work / "site-single", log, cold=True)
        finally:
            layout.mkdocs_yml.write_text(original, encoding="utf-8")

    # Validation ---------------------------------------------------------------------

    def validation(self, size: int) -> None:
        self.log("validation against a pyarrow parse")
        root = self.work / f"synthetic-{size}"
        logs = self.work / "logs"
        validated, validating = _child_json(["_validate"], root, logs / "validate.log")
        if not validated["ok"]:
            raise BenchError(f"the synthetic site does not validate; see {logs / 'validate.log'}")
        self.seconds["validate_all"] = validated["seconds"]
        pyarrow_path = ensure_pyarrow(self.install)
        if pyarrow_path is None:
            self.record("validation_vs_pyarrow_parse", None)
            why = f"pip install pyarrow=={PYARROW_VERSION} failed" if self.install else "--no-install was given"
            self.record("validation_vs_pyarrow_parse_note", f"pyarrow is not available ({why})")
            return
        parsed, parsing = _child_json(["_parse"], root, logs / "parse.log", pyarrow_path)
        self.seconds["pyarrow_parse"] = parsed["seconds"]
        self.log(f"  validate_all {validated['seconds']:.2f} s; pyarrow {parsed['seconds']:.3f} s")
        ratio = validated["seconds"] / max(parsed["seconds"], 1e-9)
        self.record("validation_vs_pyarrow_parse", ratio, validating, parsing)

    def phase_breakdown(self, size: int) -> None:
        """One more cold build of the reference site, with timers: where the time goes."""
        self.log("where a cold build's time goes (--phases)")
        log = self.work / "logs" / "phases.log"
        result, _ = _child_json(["_phases"], self.work / f"synthetic-{size}", log)
        if not result["ok"]:
            raise BenchError(f"the cold build with timers failed; see {log}")
        self.record("phases_reference_cold", result["phases"])
        for label, entry in result["phases"].items():
            self.log(f"  {label:40s} {entry['seconds']:8.1f} s  ({entry['calls']} calls)")

    # Scaling ------------------------------------------------------------------------

    def scale(self, mid: int, large: int) -> None:
        self.log(f"scaling: {large} synthetic datasets of {self.rows} rows")
        layout, _ = make_synthetic_repo(self.work / f"synthetic-{large}", large, self.rows, source=self.source)
        out = self.work / f"site-{large}"
        run = self.timed(f"cold_{large}", build(layout, out, self.work / "logs" / f"cold-{large}.log", cold=True))
        self.record("peak_rss_mb_1000", run.peak_rss_mb, run)  # the large size, 1,000 unless --quick/--sizes
        self.record("site_mb_large", _tree_mb(out))
        self.site_size(mid, large, budget.measure_dir(out))
        assert self.reference_cold is not None, "the reference site is measured first"
        per_mid = self.reference_cold.seconds / mid
        self.record("per_dataset_1000_vs_100", (run.seconds / large) / per_mid, run, self.reference_cold)
        # The large site is the biggest thing on disk: gone as soon as it is measured.
        shutil.rmtree(self.work / f"synthetic-{large}", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)

    def site_size(self, mid: int, large: int, size: budget.Size) -> None:
        """What GitHub Pages would be asked to publish: MB per dataset at the large size,
        each kind of file's share, and the size projected to 1,000 and 10,000 datasets
        from the two sizes measured (a fixed part plus a part per dataset)."""
        per = (size.total - self.reference_bytes) / max(large - mid, 1)
        fixed = size.total - per * large
        self.record("site_mb_per_dataset", size.total / budget.MB / large)
        self.record("site_share_by_kind", {kind: round(share, 4) for kind, share in size.shares().items()})
        self.record("site_projected_mb", {str(n): round((fixed + per * n) / budget.MB, 1) for n in (1_000, 10_000)})
        self.record("site_over_pages_limit_at", int((budget.SITE_LIMIT - fixed) / per) if per > 0 else None)

    # The real site: page weight and Lighthouse --------------------------------------

    def real_site(self) -> None:
        self.log("real site: page weight and Lighthouse")
        layout = make_real_repo(self.work / "real", source=self.source)
        out = self.work / "site-real"
        clear_build(layout, out)
        run = run_child(build_cmd(layout.root, out), self.work / "logs" / "real.log", child_env(layout.root))
        site = out
        if run.returncode != 0:
            # Another change may have left the real data invalid; judge the reference pages.
            note = f"the real site did not build (see {run.log}); measured the synthetic reference site instead"
            self.record("real_site_note", note)
            self.log(f"  {note}")
            site = self.work / f"site-{self.sizes[0]}"
        else:
            self.timed("cold_real_site", run)
        pages = dataset_pages(site)
        weights = sorted((page_weight(site, p) for p in pages), key=lambda w: w.kb)
        heaviest = weights[-1]
        self.record("dataset_page_weight_kb_gzip", heaviest.kb)
        self.record(
            "dataset_page_weight_detail",
            {
                "page": heaviest.page.relative_to(site).as_posix(),
                "html_kb": round(heaviest.html / 1024, 1),
                "css_kb": round(heaviest.css / 1024, 1),
                "js_kb": round(heaviest.js / 1024, 1),
                "median_kb": round(weights[len(weights) // 2].kb, 1),
            },
        )
        self.record(
            "pages_loading_vega_directly", [p.relative_to(site).as_posix() for p in pages_referencing_vega(site)]
        )
        self.lighthouse(site, heaviest.page)

    def lighthouse(self, site: Path, dataset_page: Path) -> None:
        binary, reason = lighthouse_binary(self.install)
        chrome = chrome_path()
        if chrome is None:
            binary, reason = None, "chromium is not installed (apt-get install chromium)"
        if binary is None or chrome is None:
            for key in LIGHTHOUSE_CATEGORIES.values():
                self.record(key, None)
            self.record("lighthouse_note", reason)
            self.log(f"  Lighthouse skipped: {reason}")
            return
        rel = dataset_page.relative_to(site).parent.as_posix().removeprefix("en/")
        paths = ["", "datasets/", f"{rel}/"]
        reports = self.work / "lighthouse"
        reports.mkdir(parents=True, exist_ok=True)
        pages = []
        self.record("lighthouse_server", "http.server" + (" with gzip" if self.lighthouse_gzip else ", uncompressed"))
        with serve(site, self.lighthouse_gzip) as base:
            for prefix in ("", "en/"):
                for path in paths:
                    url = base + prefix + path
                    name = (prefix + path).strip("/").replace("/", "_") or "home"
                    self.log(f"  lighthouse {prefix + path or '/'}")
                    try:
                        pages.append(lighthouse(binary, url, reports / f"{name}.json", chrome))
                    except (BenchError, subprocess.TimeoutExpired) as error:
                        pages.append({"url": url, "scores": {}, "error": str(error)[:500]})
        for page in pages:
            page["url"] = page["url"].split("/", 3)[-1] or "/"
        self.record("lighthouse_pages", pages)
        for category, key in LIGHTHOUSE_CATEGORIES.items():
            scores = [p["scores"].get(category) for p in pages]
            known = [s for s in scores if s is not None]
            self.record(key, min(known) if known and len(known) == len(scores) else None)
        self.record("lighthouse_version", LIGHTHOUSE_VERSION)


def _edit(tables: list[SyntheticTable]) -> None:
    edit_one_csv(tables[len(tables) // 2])


def _keep_reports(work: Path, reports: Path) -> None:
    shutil.rmtree(reports, ignore_errors=True)
    for name in ("logs", "lighthouse"):
        if (work / name).is_dir():
            shutil.copytree(work / name, reports / name)


def _tree_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024


# The table ----------------------------------------------------------------------------


def verdict(key: str, value: Any) -> str:
    comparison, target, _ = TARGETS[key]
    if value is None:
        return "n/a"
    if target is None:
        return ""
    met = value <= target if comparison == "<=" else value >= target
    return "ok" if met else "MISSED"


def load_cell(load: Mapping[str, Any] | None) -> str:
    """The load a figure was measured at: the one-minute load average at the start of
    its runs, "LOADED" when the machine was busier than its cores or other processes
    took more than half a core meanwhile."""
    if not load:
        return ""
    cell = f"{load['load_start']:.2f}"
    if load.get("other_cores", 0) >= 0.05:
        cell += f" +{load['other_cores']:.2f}"
    return cell + (" LOADED" if load.get("loaded") else "")


def table(results: dict[str, Any]) -> str:
    rows = [("measure", "value", "target", "", "load", "what")]
    loads = results.get("load", {})
    for key, (comparison, target, what) in TARGETS.items():
        if key not in results:
            continue
        value = results[key]
        shown = "null" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)
        goal = f"{comparison} {target:g}" if target is not None else ""
        rows.append((key, shown, goal, verdict(key, value), load_cell(loads.get(key)), what))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths, strict=True)) + "  " + row[5]
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    sizes = results.get("sizes")
    if sizes:
        lines.insert(
            0,
            f"reference site {sizes['reference']} datasets, large site {sizes['large']} datasets, "
            f"{sizes['rows_per_dataset']} rows each",
        )
    for note in ("real_site_note", "lighthouse_note", "validation_vs_pyarrow_parse_note"):
        if results.get(note):
            lines.append(f"note: {results[note]}")
    lines.append(
        f"load: the one-minute load average when the runs began (+ cores other processes took meanwhile); "
        f"LOADED: above the {CPUS} cores or more than {OTHER_CORES_LIMIT:g} core taken by others"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    children = {
        "_validate": _time_validation,
        "_parse": _time_parse,
        "_phases": _time_phases,
        "_plain_config": _write_plain_config,
    }
    if argv and argv[0] in children:  # the measuring children
        print(json.dumps(children[argv[0]](Path(argv[1]))))
        return 0
    parser = argparse.ArgumentParser(prog="benchmarks.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} instead of {FULL_SIZES}")
    parser.add_argument("--sizes", type=int, nargs=2, metavar=("REFERENCE", "LARGE"), help="dataset counts")
    parser.add_argument("--rows", type=int, default=1000, help="rows per synthetic dataset (default 1000)")
    parser.add_argument("--work", type=Path, help="working folder (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file (default bench-results.json)")
    parser.add_argument("--reports", type=Path, default=REPORTS, help="where logs and Lighthouse reports go")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the real site and Lighthouse")
    parser.add_argument("--no-gzip", action="store_true", help="serve Lighthouse uncompressed (not as GitHub Pages)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the large build")
    parser.add_argument("--phases", action="store_true", help="also time the phases of a cold reference build")
    parser.add_argument("--no-install", action="store_true", help="never install Lighthouse or pyarrow")
    parser.add_argument(
        "--settle",
        type=float,
        default=SETTLE["seconds"],
        metavar="SECONDS",
        help="longest wait before each run for the load average to drop below the core count (default 120)",
    )
    args = parser.parse_args(argv)
    SETTLE["seconds"] = max(0.0, args.settle)
    sizes = tuple(args.sizes) if args.sizes else QUICK_SIZES if args.quick else FULL_SIZES
    work = (args.work or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))).resolve()
    if work == ROOT or (ROOT in work.parents and (ROOT / "build") not in work.parents):
        parser.error("--work must be outside the checkout (or under its git-ignored build/)")
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(
        work,
        (sizes[0], sizes[1]),
        args.rows,
        args.output.resolve(),
        install=not args.no_install,
        lighthouse_enabled=not args.no_lighthouse,
        lighthouse_gzip=not args.no_gzip,
        scaling=not args.no_scaling,
        phases=args.phases,
    )
    try:
        results = bench.run()
    except BenchError as error:
        print(f"bench failed: {error}", file=sys.stderr)
        print(table(bench.results))
        return 1
    finally:
        _keep_reports(work, args.reports)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    print(f"\nwrote {args.output}; total {bench.seconds['bench_total'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
