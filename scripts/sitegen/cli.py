"""Command line: ``python -m sitegen validate|build|serve``. A thin layer over the library."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .paths import Layout


def _validate(args: argparse.Namespace, layout: Layout) -> int:
    from .mkdocs_glue import print_problems
    from .validate import validate_all

    validation = validate_all(layout.root)
    print_problems(validation, sys.stdout)
    if args.github or os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in validation.problems:
            print(problem.annotation())
    errors = sum(p.severity == "error" for p in validation.problems)
    warnings = len(validation.problems) - errors
    resources = sum(len(p.resources) for p in validation.packages)
    status = "FAILED" if errors else "OK"
    print(f"{status}: {len(validation.packages)} packages, {resources} resources, {errors} errors, {warnings} warnings")
    return 1 if errors else 0


def _build(args: argparse.Namespace, layout: Layout) -> int:
    from .build import build_site

    return build_site(layout, Path(args.out).resolve() if args.out else None)


def _serve(args: argparse.Namespace, layout: Layout) -> int:
    from mkdocs.commands.serve import serve

    from .mkdocs_glue import quiet_material_notice

    quiet_material_notice()
    layout.docs.mkdir(parents=True, exist_ok=True)
    serve(str(layout.mkdocs_yml), dev_addr=args.addr, livereload=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitegen", description=__doc__)
    parser.add_argument("--root", default=None, help="repository root (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_validate = sub.add_parser("validate", help="validate every data package and report all problems")
    p_validate.add_argument("--github", action="store_true", help="also print GitHub Actions annotations")
    p_build = sub.add_parser("build", help="validate, then build the bilingual site into site/")
    p_build.add_argument("--out", help="output directory (default: site/)")
    p_serve = sub.add_parser("serve", help="preview with live reload on data changes")
    p_serve.add_argument("--addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    layout = Layout(Path(args.root).resolve()) if args.root else Layout()
    handlers = {"validate": _validate, "build": _build, "serve": _serve}
    try:
        return handlers[args.command](args, layout)
    except KeyboardInterrupt:
        return 130
