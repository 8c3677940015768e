"""The engine's shape: layers that import only downwards, control that runs one way."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from sitegen.core.paths import ROOT

PACKAGE = ROOT / "scripts" / "sitegen"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's contracts (``.importlinter``) over the ``sitegen`` found under ``root``."""
    command = [str(Path(sys.executable).with_name("lint-imports")), "--config", str(ROOT / ".importlinter")]
    env = {"PYTHONPATH": str(root / "scripts"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, check=False)


def test_every_layer_imports_only_the_layers_below_it() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "scripts" / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    paths = tmp_path / "scripts" / "sitegen" / "core" / "paths.py"
    paths.write_text(paths.read_text(encoding="utf-8") + "\nfrom sitegen.site import pipeline  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "sitegen.core is not allowed to import sitegen.site" in result.stdout


def test_the_assembler_calling_back_into_the_generator_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "scripts" / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    assembler = tmp_path / "scripts" / "sitegen" / "assemble" / "mkdocs.py"
    assembler.write_text(
        assembler.read_text(encoding="utf-8") + "\nfrom sitegen.site.pipeline import generate  # noqa\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "sitegen.assemble is not allowed to import sitegen.site.pipeline" in result.stdout


def function_level_imports(path: Path, base: Path = PACKAGE) -> list[str]:
    """``sitegen`` imports inside functions: how an import cycle is usually dodged."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.level or (inner.module or "").startswith("sitegen")):
                    found.append(f"{path.relative_to(base).as_posix()}:{inner.lineno}")
    return found


def test_no_module_imports_the_engine_inside_a_function() -> None:
    # The command line defers each command's imports so `sitegen validate` starts
    # without loading MkDocs and Altair; the top layer cannot be part of a cycle.
    allowed = {"cli.py", "charts/worker.py"}  # the render child loads the fonts it registers
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) for hit in function_level_imports(path)]
    assert [hit for hit in found if hit.split(":")[0] not in allowed] == []


def test_the_function_level_import_finder_finds_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\ndef f():\n    from sitegen.site import pipeline\n", encoding="utf-8")
    assert function_level_imports(sample, tmp_path) == ["sample.py:4"]


def test_mkdocs_calls_nothing_back() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nhooks:" not in config
    assert not (ROOT / "scripts" / "mkdocs_hooks.py").exists()
