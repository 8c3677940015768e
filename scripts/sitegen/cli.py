"""Command line: ``python -m sitegen validate|diff|build|status|serve|normalize``. A thin layer over the library."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from sitegen.core.paths import Layout

#: The environment variable naming the base revision (CI sets it to the PR's base).
BASE_ENV = "SITEGEN_BASE"
#: The environment variable ``make normalize`` passes the files in (never through the shell).
NORMALIZE_ENV = "SITEGEN_NORMALIZE"


def _base_rev(args: argparse.Namespace) -> str | None:
    return args.base or os.environ.get(BASE_ENV) or None


def _note(code: str, out: TextIO, **values: object) -> None:
    from sitegen.core.problems import Problem

    note = Problem(code, "", values=dict(values))
    print(f"note: {note.message('en')}\n    {note.message('ja')}", file=out)


def _append_summary(path: str | None, markdown: str) -> None:
    """Add to the GitHub job summary (a file GitHub renders as Markdown on the run page)."""
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")


def _validate(args: argparse.Namespace, layout: Layout) -> int:
    from sitegen.core.gitbase import BaseUnavailable, open_base
    from sitegen.core.problems import markdown_table
    from sitegen.review.bump import bump_problems
    from sitegen.review.diff import compute
    from sitegen.review.plausibility import review_warnings
    from sitegen.validate.validation import validate_all

    out = sys.stdout
    validation = validate_all(layout.root)
    problems = list(validation.problems)
    if validation.ok:  # the downloads are made from rows that validated
        from sitegen.site.pipeline import check_downloads

        problems += check_downloads(layout, validation)
    if not args.no_base:
        rev = _base_rev(args)
        try:
            data_diff = compute(layout.root, open_base(layout.root, rev))
            problems += bump_problems(data_diff, validation.packages) + review_warnings(data_diff)
        except BaseUnavailable as error:
            _note("base-unavailable", out, base=rev or "origin/main", detail=str(error), detail_ja=f"git: {error}")
    for problem in problems:
        print(problem.render(), file=out)
    if args.github or os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.annotation(), file=out)
    _append_summary(args.summary or os.environ.get("GITHUB_STEP_SUMMARY"), markdown_table(problems))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    resources = sum(len(p.resources) for p in validation.packages)
    status = "FAILED" if errors else "OK"
    print(f"{status}: {len(validation.packages)} packages, {resources} resources, {errors} errors, {warnings} warnings")
    return 1 if errors else 0


def _diff(args: argparse.Namespace, layout: Layout) -> int:
    from sitegen.core.gitbase import BaseUnavailable, open_base
    from sitegen.review.bump import proposals
    from sitegen.review.diff import compute, to_markdown

    rev = _base_rev(args)
    try:
        data_diff = compute(layout.root, open_base(layout.root, rev))
        markdown = to_markdown(data_diff, proposals=proposals(data_diff))
    except BaseUnavailable as error:
        _note("base-unavailable", sys.stdout, base=rev or "origin/main", detail=str(error), detail_ja=f"git: {error}")
        return 0
    print(markdown, end="")
    _append_summary(args.summary or os.environ.get("GITHUB_STEP_SUMMARY"), markdown)
    return 0


def _build(args: argparse.Namespace, layout: Layout) -> int:
    from sitegen.build import build_site

    return build_site(layout, Path(args.out).resolve() if args.out else None)


def _status(args: argparse.Namespace, layout: Layout) -> int:
    import json

    from sitegen.core.reproducible import source_datetime
    from sitegen.model.packages import load_packages
    from sitegen.site.status import status, status_table

    packages, problems = load_packages(layout.root)
    document = status(packages, source_datetime(layout.root).date())
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(status_table(document), end="")
    if problems:
        print(f"{len(problems)} descriptor problem(s) left packages out: run `make validate`", file=sys.stderr)
    return 0


def _normalize(args: argparse.Namespace, layout: Layout) -> int:
    from sitegen.core.problems import section
    from sitegen.validate.normalize import normalize_files

    files = list(args.files) or os.environ.get(NORMALIZE_ENV, "").split()
    if not files:
        words = section("_normalize")["none"]
        print(f"{words['en']}\n    {words['ja']}", file=sys.stderr)
        return 2
    outcomes = normalize_files(files, layout.root)
    for outcome in outcomes:
        print(outcome.render())
    return 1 if any(outcome.refused for outcome in outcomes) else 0


def _serve(args: argparse.Namespace, layout: Layout) -> int:
    from sitegen.serve import serve

    return serve(layout, args.addr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitegen", description=__doc__)
    parser.add_argument("--root", default=None, help="repository root (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    base_help = f"git revision to compare with (default: ${BASE_ENV}, else origin/main, else main)"
    p_validate = sub.add_parser("validate", help="validate every data package and report all problems")
    p_validate.add_argument("--github", action="store_true", help="also print GitHub Actions annotations")
    p_validate.add_argument("--base", help=base_help + "; revised and deleted rows are warnings")
    p_validate.add_argument("--no-base", action="store_true", help="do not compare with a base revision")
    p_validate.add_argument(
        "--summary", help="also append a Markdown table of the problems to this file (default: $GITHUB_STEP_SUMMARY)"
    )
    p_diff = sub.add_parser("diff", help="the data diff against a base revision, as Markdown")
    p_diff.add_argument("--base", help=base_help)
    p_diff.add_argument("--summary", help="also append the Markdown to this file (default: $GITHUB_STEP_SUMMARY)")
    p_build = sub.add_parser("build", help="validate, then build the bilingual site into site/")
    p_build.add_argument("--out", help="output directory (default: site/)")
    p_status = sub.add_parser(
        "status", help="each package's version, last change, periodicity, next edition; OVERDUE when past it"
    )
    p_status.add_argument("--json", action="store_true", help="print it as JSON (the site's data/status.json)")
    p_serve = sub.add_parser("serve", help="preview with live reload on data changes")
    p_serve.add_argument("--addr", default="127.0.0.1:8000")
    p_normalize = sub.add_parser(
        "normalize",
        help="convert CSVs saved by Excel (BOM, CRLF, Shift_JIS) to UTF-8 with LF; refuse if a character would be lost",
    )
    p_normalize.add_argument("files", nargs="*", help=f"the CSV files (default: ${NORMALIZE_ENV}, split on spaces)")
    args = parser.parse_args(argv)
    layout = Layout(Path(args.root).resolve()) if args.root else Layout()
    handlers = {
        "validate": _validate,
        "diff": _diff,
        "build": _build,
        "status": _status,
        "serve": _serve,
        "normalize": _normalize,
    }
    try:
        return handlers[args.command](args, layout)
    except KeyboardInterrupt:
        return 130
