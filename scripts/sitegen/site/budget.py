"""The size budget of the published site: what GitHub Pages and GitHub accept.

GitHub Pages refuses to publish a site over 1 GB, and GitHub warns about any file over
50 MB (and refuses one over 100 MB). A build that would not publish must stop before
``site/`` changes, saying how big the site is and which kinds of file make it so; one
that comes close (over 800 MB) or holds a file over 50 MB builds, with a warning, so a
contributor sees the limit coming a pull request before it bites. ``make bench`` reads
the same measurement (the share of each kind of file) to project the size of a site of
1,000 or 10,000 datasets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MB = 1_000_000
#: GitHub Pages' limit on a published site.
SITE_LIMIT = 1_000 * MB
#: Above this the build warns: the next editions may not fit.
SITE_WARNING = 800 * MB
#: GitHub warns about a file over 50 MB (and refuses one over 100 MB).
FILE_WARNING = 50 * MB

#: File kinds by suffix, as the messages and the benchmark name them.
KINDS = {
    ".png": "PNG images",
    ".svg": "SVG images",
    ".html": "HTML pages",
    ".json": "JSON (chart specs, metadata)",
    ".csv": "CSV downloads",
    ".xlsx": "Excel downloads",
    ".zip": "ZIP downloads",
    ".js": "scripts",
    ".css": "stylesheets",
    ".xml": "feeds and sitemaps",
}


def kind_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in KINDS:
        return KINDS[suffix]
    return "search index" if "pagefind" in Path(name).parts else "other files"


@dataclass(frozen=True)
class Size:
    """How big a site is, in total, by kind of file, and its largest files."""

    total: int
    by_kind: dict[str, int]
    large: list[tuple[str, int]] = field(default_factory=list)

    def shares(self) -> dict[str, float]:
        """Each kind's share of the total, largest first."""
        if not self.total:
            return {}
        return {k: v / self.total for k, v in sorted(self.by_kind.items(), key=lambda kv: -kv[1])}


def measure(files: Iterable[tuple[str, int]], large: int) -> Size:
    """The size of a site from its files' paths (relative) and sizes in bytes."""
    by_kind: Counter[str] = Counter()
    big = []
    for name, size in files:
        by_kind[kind_of(name)] += size
        if size > large:
            big.append((name, size))
    return Size(sum(by_kind.values()), dict(by_kind), sorted(big, key=lambda item: -item[1]))


def measure_dir(site: Path, large: int = FILE_WARNING) -> Size:
    return measure(((p.relative_to(site).as_posix(), p.stat().st_size) for p in site.rglob("*") if p.is_file()), large)


def megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def _kinds(size: Size, top: int = 4) -> str:
    return ", ".join(f"{kind} {megabytes(size.by_kind[kind])}" for kind in list(size.shares())[:top])


@dataclass(frozen=True)
class Verdict:
    """What the build says of a size: an error that stops it, and warnings."""

    error: str = ""
    error_ja: str = ""
    warnings: tuple[tuple[str, str], ...] = ()


def judge(size: Size) -> Verdict:
    """The budget's verdict, in English and Japanese. The messages say how big, what
    makes it so, and what to do. The limits are read when called (tests lower them)."""
    limit, warning, file_warning = SITE_LIMIT, SITE_WARNING, FILE_WARNING
    warnings = []
    if size.total > limit:
        return Verdict(
            error=(
                f"the site would be {megabytes(size.total)}, over GitHub Pages' limit of {megabytes(limit)} "
                f"(largest kinds: {_kinds(size)}). Publish fewer chart images (PNG only for featured charts) "
                "or split the site; nothing was published"
            ),
            error_ja=(
                f"サイトの大きさが {megabytes(size.total)} になり、GitHub Pages の上限 {megabytes(limit)} を超えます"
                f"（大きい種類：{_kinds(size)}）。グラフの画像を減らす（PNG は注目のグラフだけにする）か、"
                "サイトを分けてください"
            ),
        )
    if size.total > warning:
        warnings.append(
            (
                f"the site is {megabytes(size.total)}, above {megabytes(warning)} of GitHub Pages' "
                f"{megabytes(limit)} limit (largest kinds: {_kinds(size)})",
                f"サイトの大きさが {megabytes(size.total)} で、GitHub Pages の上限 {megabytes(limit)} のうち "
                f"{megabytes(warning)} を超えています（大きい種類：{_kinds(size)}）",
            )
        )
    for name, bytes_ in size.large:
        if bytes_ > file_warning:
            warnings.append(
                (
                    f"{name} is {megabytes(bytes_)}, over GitHub's {megabytes(file_warning)} file-size warning",
                    f"{name} が {megabytes(bytes_)} で、GitHub がファイルに警告する大きさ"
                    f" {megabytes(file_warning)} を超えています",
                )
            )
    return Verdict(warnings=tuple(warnings))
