"""Synthetic data packages for benchmarks: valid, bilingual, charted, checked.

The benchmark has to measure the engine at sizes the real data will only reach in
years (1,000 tables), so it writes data packages that exercise the same paths as real
ones: a bilingual descriptor that passes the metadata lint, a time × category table
of ``rows`` rows, a line chart (so every dataset page renders SVG and PNG charts) and
a ``column-total`` check (so validation runs the declared checks, not just the schema).

Everything is written into a throwaway copy of the repository (``make_synthetic_repo``),
never into this checkout's ``datapackage/``: the benchmark must leave the working tree
clean. The output is deterministic for a given ``seed``, so two runs measure the same
work.

Run ``PYTHONPATH=scripts:. python -m benchmarks.synthetic DEST --datasets N`` to write a
repository copy by hand (for profiling, say).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen.core.paths import ROOT, Layout

#: Tables per synthetic package: real documents hold about 5 to 20.
PER_PACKAGE = 10
#: The category dimension: five regions, each with Japanese and English labels.
REGIONS: tuple[tuple[str, str, str], ...] = (
    ("hokkaido", "北海道", "Hokkaido"),
    ("tohoku", "東北", "Tohoku"),
    ("kanto", "関東", "Kanto"),
    ("kinki", "近畿", "Kinki"),
    ("kyushu", "九州", "Kyushu"),
)
MEASURE = "staff"
FIRST_YEAR = 1800


@dataclass(frozen=True)
class SyntheticTable:
    """One written resource: where its CSV is and what its checked column sums to."""

    package: str
    resource: str
    csv_path: Path
    total: int


def package_name(index: int) -> str:
    return f"synthetic-{index:04d}"


def resource_name(index: int) -> str:
    return f"table-{index:04d}"


def table_rows(rows: int, rng: random.Random) -> list[tuple[int, str, int]]:
    """``rows`` rows of (year, region, staff): every region for each year, in order."""
    out = []
    for i in range(rows):
        year = FIRST_YEAR + i // len(REGIONS)
        region = REGIONS[i % len(REGIONS)][0]
        out.append((year, region, rng.randint(0, 5000)))
    return out


def csv_text(data: Iterable[tuple[int, str, int]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["year", "region", MEASURE])
    writer.writerows(data)
    return buffer.getvalue()


def resource_descriptor(name: str, number: int, data: list[tuple[int, str, int]]) -> dict[str, Any]:
    """A tabular-data-resource with every bilingual key the lint asks for."""
    first, last = data[0][0], data[-1][0]
    total = sum(row[2] for row in data)
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": f"地域別の職員数（合成データ {number}）",
        "title_en": f"Staff by region (synthetic table {number})",
        "description": f"ベンチマーク用に生成した合成データです。{first}年から{last}年までの地域別の職員数を示します。",
        "description_en": f"Synthetic data generated for the benchmark: staff by region, {first} to {last}.",
        "sources": [
            {
                "title": f"合成資料 表{number}",
                "title_en": f"Synthetic document, table {number}",
                "publisher": "ベンチマーク",
                "publisher_en": "Benchmark",
                "section": f"表{number}",
                "section_en": f"Table {number}",
            }
        ],
        "temporal": {"kind": "calendar", "start": first, "end": last},
        "notes": [
            {
                "id": "note-1",
                "text": "数値は乱数により生成したもので、実在の統計ではない。",
                "text_en": "The figures are random numbers, not real statistics.",
                "fields": [MEASURE],
            }
        ],
        "schema": {
            "primaryKey": ["year", "region"],
            "fields": [
                {
                    "name": "year",
                    "type": "integer",
                    "title": "年",
                    "title_en": "Year",
                    "description": "暦年（西暦）。",
                    "description_en": "Calendar year.",
                    "role": "time",
                    "time_kind": "calendar",
                    "constraints": {"required": True, "minimum": FIRST_YEAR, "maximum": 9999},
                },
                {
                    "name": "region",
                    "type": "string",
                    "title": "地域",
                    "title_en": "Region",
                    "description": "地域の区分。",
                    "description_en": "The region.",
                    "role": "category",
                    "categories": [{"value": v, "label": ja, "label_en": en} for v, ja, en in REGIONS],
                    "constraints": {"required": True, "enum": [v for v, _, _ in REGIONS]},
                },
                {
                    "name": MEASURE,
                    "type": "integer",
                    "title": "職員数",
                    "title_en": "Staff",
                    "description": "年末現在の職員数。",
                    "description_en": "Staff at the end of the year.",
                    "unit": "人",
                    "unit_en": "people",
                    "constraints": {"required": True, "minimum": 0},
                },
            ],
        },
        "checks": [
            {
                "type": "column-total",
                "field": MEASURE,
                "expected": total,
                "source": "合計行",
                "source_en": "Total row",
            }
        ],
        "views": [
            {
                "name": "staff-trend",
                "title": f"地域別の職員数の推移（合成データ {number}）",
                "title_en": f"Staff by region (synthetic table {number})",
                "description": "地域ごとの職員数の推移を示します。",
                "description_en": "How the number of staff changed in each region.",
                "mark": "line",
                "x": "year",
                "y": MEASURE,
                "color": "region",
            }
        ],
    }


def package_descriptor(name: str, number: int, resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "title": f"合成資料 {number}",
        "title_en": f"Synthetic document {number}",
        "description": "ベンチマークのために生成した合成データパッケージです。",
        "description_en": "A synthetic data package generated for the benchmark.",
        "keywords": ["合成データ", "ベンチマーク"],
        "keywords_en": ["synthetic data", "benchmark"],
        # Every package is versioned, with its changes log (model/releases.py).
        "version": "1.0.0",
        "accrualPeriodicity": "annual",
        "changes": [
            {
                "version": "1.0.0",
                "date": "2026-01-01",
                "kind": "new-data",
                "summary": "ベンチマーク用の合成データの最初の版です。",
                "summary_en": "The first edition of the synthetic benchmark data.",
            }
        ],
        "licenses": [
            {
                "name": "PDL-1.0",
                "title": "公共データ利用規約（第1.0版）",
                "title_en": "Public Data License (Version 1.0)",
                "path": "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
            }
        ],
        "publisher": "ベンチマーク",
        "publisher_en": "Benchmark",
        "document": f"合成資料 {number}",
        "document_en": f"Synthetic document {number}",
        "sources": [{"title": f"合成資料 {number}", "title_en": f"Synthetic document {number}"}],
        "resources": resources,
        "inventory": [
            {
                "id": res["name"],
                "label": res["title"],
                "label_en": res["title_en"],
                "location": res["sources"][0]["section"],
                "location_en": res["sources"][0]["section_en"],
                "resource": res["name"],
            }
            for res in resources
        ],
    }


def write_packages(
    datapackage_dir: Path, datasets: int, rows: int = 1000, *, per_package: int = PER_PACKAGE, seed: int = 0
) -> list[SyntheticTable]:
    """Write ``datasets`` resources of ``rows`` rows, ``per_package`` to a package."""
    rng = random.Random(seed)
    tables: list[SyntheticTable] = []
    for start in range(0, datasets, per_package):
        pkg_number = start // per_package + 1
        pkg = package_name(pkg_number)
        folder = datapackage_dir / pkg
        folder.mkdir(parents=True, exist_ok=True)
        resources = []
        for number in range(start + 1, min(start + per_package, datasets) + 1):
            name = resource_name(number)
            data = table_rows(rows, rng)
            path = folder / f"{name}.csv"
            path.write_text(csv_text(data), encoding="utf-8", newline="")
            resources.append(resource_descriptor(name, number, data))
            tables.append(SyntheticTable(pkg, name, path, sum(r[2] for r in data)))
        descriptor = package_descriptor(pkg, pkg_number, resources)
        (folder / "datapackage.yaml").write_text(
            yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
        )
    return tables


def copy_site_sources(dest: Path, source: Path = ROOT, *, link_code: bool = True) -> None:
    """Everything of the repository a build reads except the data: ``mkdocs.yml``, the
    site sources and the ``sitegen`` package.

    ``link_code`` links ``sitegen`` instead of copying it: right for a quick look at the
    code as it is being edited. The benchmark copies it, so that a long run measures one
    version of the code from start to end even while someone edits the checkout.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(source / "site_src", dest / "site_src", dirs_exist_ok=True)
    (dest / "scripts").mkdir(exist_ok=True)
    code = dest / "scripts" / "sitegen"
    if code.exists() or code.is_symlink():
        return
    if link_code:
        code.symlink_to(source / "scripts" / "sitegen")
    else:
        shutil.copytree(source / "scripts" / "sitegen", code, ignore=shutil.ignore_patterns("__pycache__"))


def make_synthetic_repo(
    dest: Path,
    datasets: int,
    rows: int = 1000,
    *,
    per_package: int = PER_PACKAGE,
    seed: int = 0,
    source: Path = ROOT,
    link_code: bool = True,
) -> tuple[Layout, list[SyntheticTable]]:
    """A repository copy at ``dest`` whose only data are synthetic packages."""
    copy_site_sources(dest, source, link_code=link_code)
    tables = write_packages(dest / "datapackage", datasets, rows, per_package=per_package, seed=seed)
    return Layout(dest), tables


def make_real_repo(dest: Path, source: Path = ROOT, *, link_code: bool = True) -> Layout:
    """A repository copy with this checkout's real data packages (for Lighthouse and
    page weight, which should judge the pages readers get)."""
    copy_site_sources(dest, source, link_code=link_code)
    shutil.copytree(source / "datapackage", dest / "datapackage", dirs_exist_ok=True)
    return Layout(dest)


def edit_one_csv(table: SyntheticTable) -> None:
    """Change one table the way a contributor's correction does, without breaking its
    column-total check: two rows trade their values, so the file differs and the total
    does not."""
    lines = table.csv_path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    for index in range(2, len(lines)):
        other = lines[index].split(",")
        if other[2] != first[2]:
            first[2], other[2] = other[2], first[2]
            lines[1], lines[index] = ",".join(first), ",".join(other)
            table.csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
            return
    raise ValueError(f"{table.csv_path}: every row has the same value; nothing to trade")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="new repository copy to write (outside datapackage/)")
    parser.add_argument("--datasets", type=int, default=100)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    dest = args.dest.resolve()
    if dest == ROOT or ROOT / "datapackage" in (dest, *dest.parents):
        parser.error("write synthetic data into a new folder, never into this checkout")
    make_synthetic_repo(dest, args.datasets, args.rows, seed=args.seed)
    print(f"wrote {args.datasets} synthetic datasets of {args.rows} rows under {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
