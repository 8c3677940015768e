"""Every extension point is declared once and documented for contributors.

The kinds of declaration a descriptor may use (check types and their parameters, view
keys and marks, hand-written charts and their keys, the qualifier vocabulary) each have
one declaration shape in the code, and ``datapackage/README.md`` must name every one of
them: a new check type, view key or chart without its line in the README fails here,
as datasette tests that every plugin hook is documented. Every problem code the source
raises must have its message in ``messages.yml``. Each checker is also shown to catch
what it is for, on a README (or a source) with one name taken out.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from sitegen.charts.custom import BUILDERS
from sitegen.core.i18n import load_strings
from sitegen.core.paths import ROOT
from sitegen.core.problems import templates
from sitegen.format.cells import describe_check
from sitegen.model import views
from sitegen.model.views import COMMON_VIEW_KEYS, CUSTOM_CHARTS, SCALE_KEYS, VIEW_KEYS, CustomChart, ViewKey
from sitegen.validate import cell_hints, checks
from sitegen.validate.checks import CHECK_TYPES, COMMON_PARAMS, CheckConfigError, CheckType

README = ROOT / "datapackage" / "README.md"
STRINGS = ROOT / "site_src" / "strings.yml"
SOURCE = ROOT / "scripts" / "sitegen"


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _strings() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(STRINGS.read_text(encoding="utf-8"))
    return loaded


# The checkers ---------------------------------------------------------------------------


def section(text: str, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of its level or above."""
    level = len(heading) - len(heading.lstrip("#"))
    match = re.search(rf"^{re.escape(heading)}\s*$", text, flags=re.MULTILINE)
    if match is None:
        return ""
    end = re.search(rf"^#{{1,{level}}} ", text[match.end() :], flags=re.MULTILINE)
    return text[match.end() : match.end() + end.start() if end else len(text)]


def row(text: str, name: str) -> str | None:
    """The Markdown table row whose first cell names ``name`` in backticks."""
    for line in text.splitlines():
        cells = line.split(" | ")
        if line.startswith("| ") and f"`{name}`" in cells[0]:
            return line
    return None


def mentioned(text: str, name: str) -> bool:
    """``name`` in backticks, alone or as the key of an example (`` `where: {...}` ``)."""
    return re.search(rf"`{re.escape(name)}(`|: )", text) is not None


def undocumented_checks(readme: str, check_types: Iterable[CheckType] = CHECK_TYPES.values()) -> list[str]:
    """Each check type without its row in the Checks table, each parameter missing from
    its type's row, each common parameter missing from the section."""
    text = section(readme, "### Checks")
    missing = [param.name for param in COMMON_PARAMS if not mentioned(text, param.name)]
    for check in check_types:
        line = row(text, check.name)
        if line is None:
            missing.append(check.name)
            continue
        missing += [f"{check.name}.{param.name}" for param in check.params if not mentioned(line, param.name)]
    return missing


LineOf = Callable[[ViewKey], str | None]


def _undocumented_keys(keys: Iterable[ViewKey], line_of: LineOf, prefix: str = "") -> list[str]:
    """Each key without its line (``line_of``), each of its choices missing from its line."""
    missing = []
    for key in keys:
        line = line_of(key)
        if line is None:
            missing.append(prefix + key.name)
            continue
        missing += [f"{prefix}{key.name}={choice.name}" for choice in key.choices if not mentioned(line, choice.name)]
    return missing


def _in(line: str | None) -> LineOf:
    """Keys documented within one table row: the row, where it names the key."""
    return lambda key: line if line is not None and mentioned(line, key.name) else None


def undocumented_view_keys(
    readme: str,
    keys: Iterable[ViewKey] = (*COMMON_VIEW_KEYS, *VIEW_KEYS),
    scale_keys: Iterable[ViewKey] = SCALE_KEYS,
) -> list[str]:
    """Each view key without its row in the Views table, each mark (or other choice)
    missing from its key's row, each key of ``scale`` missing from the ``scale`` row."""
    text = section(readme, "### Views (charts)")
    return _undocumented_keys(keys, lambda key: row(text, key.name)) + _undocumented_keys(
        scale_keys, _in(row(text, "scale")), "scale."
    )


def undocumented_custom_charts(readme: str, charts: Iterable[CustomChart] = CUSTOM_CHARTS.values()) -> list[str]:
    """Each hand-written chart without its row in the charts table, each of its keys
    missing from that row."""
    text = section(readme, "### Views (charts)")
    missing = []
    for chart in charts:
        line = row(text, chart.name)
        if line is None:
            missing.append(chart.name)
            continue
        missing += _undocumented_keys(chart.keys, _in(line), f"{chart.name}.")
    return missing


#: The calls whose first argument is a problem code: ``Problem(code, ...)``,
#: ``package.problem(code, ...)``, ``lint.add(code, ...)``, ``Finding(code, ...)`` and
#: the command line's ``_note(code, ...)``.
_CODE_CALLS = {"Problem", "problem", "add", "Finding", "_note"}
_CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$|^[a-z]+$")


def _literals(node: ast.AST | None) -> list[str]:
    """The string constants an expression may evaluate to (a literal, or either branch
    of a conditional expression)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _code_of_pair(value: ast.expr | None) -> ast.expr | None:
    """The first item of ``(code, values)``: a pair whose second item is a dict or a name."""
    if isinstance(value, ast.Tuple) and len(value.elts) == 2 and isinstance(value.elts[1], (ast.Dict, ast.Name)):
        return value.elts[0]
    return None


def emitted_codes(source: str) -> list[tuple[int, str]]:
    """(line, code) for every literal problem code a module raises: the first argument
    (or ``code=``) of a problem-making call, a value assigned to ``code``, and the code
    of a returned ``(code, values)`` pair (as ``cell_hints.hint`` returns them)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        candidates: list[ast.AST | None] = []
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in _CODE_CALLS:
                candidates += node.args[:1] + [k.value for k in node.keywords if k.arg == "code"]
        elif isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                candidates.append(node.value)
        elif isinstance(node, ast.Return):
            candidates.append(_code_of_pair(node.value))
        for candidate in candidates:
            found += [(getattr(node, "lineno", 0), code) for code in _literals(candidate) if _CODE.match(code)]
    return sorted(found)


def undeclared_codes(sources: Mapping[str, str], declared: Iterable[str]) -> list[str]:
    """``path:line: code`` for every literal code raised without a message."""
    known = set(declared)
    return [
        f"{path}:{line}: {code}"
        for path, source in sources.items()
        for line, code in emitted_codes(source)
        if code not in known
    ]


def _sources() -> dict[str, str]:
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in sorted(SOURCE.rglob("*.py"))}


def _codes() -> set[str]:
    return {code for code in templates() if not code.startswith("_")}


def _without(text: str, old: str, new: str = "") -> str:
    """``text`` with exactly one occurrence of ``old`` replaced: the negative cases must
    really take something out."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


# Check types ----------------------------------------------------------------------------


def test_every_check_type_and_parameter_is_in_the_readme() -> None:
    assert undocumented_checks(_readme()) == []


@pytest.mark.parametrize(
    ("old", "new", "reported"),
    [
        ("| `stock-flow` |", "| stock flow |", "stock-flow"),
        ("`initial` (the stock before the first row, default 0), ", "", "stock-flow.initial"),
        ("`severity: warning`", "a warning severity", "severity"),
    ],
)
def test_the_check_checker_reports_a_missing_one(old: str, new: str, reported: str) -> None:
    assert undocumented_checks(_without(_readme(), old, new)) == [reported]


def test_every_check_module_declares_its_type_and_is_registered() -> None:
    modules = [
        importlib.import_module(f"{checks.__name__}.{info.name}") for info in pkgutil.iter_modules(checks.__path__)
    ]
    runners = [module for module in modules if hasattr(module, "run")]
    assert len(runners) == len(CHECK_TYPES) >= 6
    for module in runners:
        declared: CheckType = module.CHECK
        assert declared.run is module.run, module.__name__
        assert CHECK_TYPES[declared.name] is declared, module.__name__
    assert {name: check.run for name, check in CHECK_TYPES.items()} == checks.CHECKS
    assert {"jump"} == checks.REVIEW_CHECKS


@pytest.mark.parametrize("check", CHECK_TYPES.values(), ids=list(CHECK_TYPES))
def test_a_check_finds_under_its_own_name(check: CheckType) -> None:
    """A finding's code is its check type's name (or starts with it, for a second kind of
    finding): validation reads review findings by it."""
    module = importlib.import_module(check.run.__module__)
    source = Path(str(module.__file__)).read_text(encoding="utf-8")
    codes = {code for _, code in emitted_codes(source)}
    assert check.name in codes and all(code == check.name or code.startswith(f"{check.name}-") for code in codes)
    assert check.name in templates()


def _sample(param: checks.Param) -> object:
    if param.kind == checks.RESOURCE:
        return "a"
    return {"max_ratio": 2, "expected": 0, "where": {}, "initial": 0, "tolerance": 0, "decimals": 1}.get(
        param.name, "a" if param.names_fields or param.name in ("formula", "total") else "round"
    )


@pytest.mark.parametrize("check", CHECK_TYPES.values(), ids=list(CHECK_TYPES))
def test_the_declared_required_parameters_are_those_the_check_requires(check: CheckType) -> None:
    full = {param.name: _sample(param) for param in check.params}
    tables = {"a": []}  # a check that compares with another table ("a") finds it empty
    assert list(check.run(full, [], tables)) == []
    for param in check.params:
        params = {name: value for name, value in full.items() if name != param.name}
        if param.required:
            with pytest.raises(CheckConfigError, match=f"`{param.name}` is required"):
                list(check.run(params, [], tables))
        else:
            assert list(check.run(params, [], tables)) == [], param.name


class _Recording:
    """Strings that answer with the key asked for."""

    def get(self, key: str, lang: str, **values: object) -> str:
        return key


@pytest.mark.parametrize("check", CHECK_TYPES.values(), ids=list(CHECK_TYPES))
def test_every_check_type_is_described_to_readers(check: CheckType) -> None:
    """The dataset page says what each check verifies, in the declared sentence."""
    entry = _strings()[check.reader_text]
    assert entry["ja"] and entry["en"]
    resource: Any = SimpleNamespace(fields=[], package=SimpleNamespace(resources=[]))
    strings: Any = _Recording()
    assert describe_check({"type": check.name}, resource, "en", strings) == check.reader_text
    described = describe_check({"type": check.name}, resource, "en", load_strings(STRINGS))
    assert described not in (check.name, check.reader_text)


# View keys, marks and hand-written charts -----------------------------------------------


def test_every_view_key_and_mark_is_in_the_readme() -> None:
    assert undocumented_view_keys(_readme()) == []


@pytest.mark.parametrize(
    ("old", "new", "reported"),
    [
        ("| `legend` |", "| legend |", "legend"),
        ("| `chart` |", "| chart |", "chart"),
        ("`bar`, `area`", "`bar`, area", "mark=area"),
        ("`-x`, `y`", "-x, `y`", "sort=-x"),
        (", `symlog`)", ")", "scale.type=symlog"),
        ("`independent` (one scale per facet)", "independent", "scale.independent"),
    ],
)
def test_the_view_key_checker_reports_a_missing_one(old: str, new: str, reported: str) -> None:
    assert undocumented_view_keys(_without(_readme(), old, new)) == [reported]


def test_the_view_vocabulary_is_derived_from_its_declarations() -> None:
    assert views.MARKS == ("line", "bar", "area", "point", "figures")
    assert views.ORIENTS == ("vertical", "horizontal")
    assert views.SORTS == ("x", "-x", "y", "-y")
    assert views.SCALE_TYPES == ("linear", "log", "sqrt", "symlog")
    assert {key.name for key in (*COMMON_VIEW_KEYS, *VIEW_KEYS)} == views.KEYS
    every = [key.name for key in (*COMMON_VIEW_KEYS, *VIEW_KEYS)]
    assert len(every) == len(set(every))
    assert all(key.description and key.value for key in (*COMMON_VIEW_KEYS, *VIEW_KEYS, *SCALE_KEYS))


def test_every_custom_chart_and_its_keys_are_in_the_readme() -> None:
    assert undocumented_custom_charts(_readme()) == []


@pytest.mark.parametrize(
    ("old", "new", "reported"),
    [
        ("| `waterfall` |", "| waterfall |", "waterfall"),
        ("`inflows`, `outflows` (each", "`inflows`, outflows (each", "waterfall.outflows"),
    ],
)
def test_the_custom_chart_checker_reports_a_missing_one(old: str, new: str, reported: str) -> None:
    assert undocumented_custom_charts(_without(_readme(), old, new)) == [reported]


def test_every_declared_custom_chart_has_a_builder() -> None:
    assert set(BUILDERS) == set(CUSTOM_CHARTS)
    for chart in CUSTOM_CHARTS.values():
        assert chart.description
        assert all(key.description for key in chart.keys)
        assert chart.key_names.isdisjoint(views.COMMON_KEYS), chart.name


# Problem codes --------------------------------------------------------------------------


def test_every_code_the_source_raises_is_declared_in_messages() -> None:
    sources = _sources()
    emitted = {code for source in sources.values() for _, code in emitted_codes(source)}
    assert len(emitted) > 40  # the scanner sees the source's codes
    assert emitted >= {"check-config", "check-unknown", "too-many-problems", "char-halfwidth-kana", "primary-key"}
    assert undeclared_codes(sources, _codes()) == []


def test_the_code_scanner_reports_an_undeclared_code() -> None:
    fake = """
def find(package, path, bad):
    problems = [Problem("no-such-code", path), package.problem("check-config", (), "x")]
    code = "also-missing" if bad else "csv-empty"
    return "returned-missing", {}
"""
    assert undeclared_codes({"fake.py": fake}, _codes()) == [
        "fake.py:3: no-such-code",
        "fake.py:4: also-missing",
        "fake.py:5: returned-missing",
    ]


# The qualifier and unit vocabularies ----------------------------------------------------


def _vocabulary(prefix: str) -> list[str]:
    return [key[len(prefix) :] for key in _strings() if key.startswith(prefix)]


def test_every_qualifier_is_in_the_readme() -> None:
    qualifiers = _vocabulary("qualifier:")
    assert {"approx", "at-least", "more-than", "at-most", "less-than", "nearly"} <= set(qualifiers)
    line = row(_readme(), "qualifier_of") or next(
        part for part in _readme().split("\n- ") if part.startswith("`qualifier_of:")
    )
    assert [name for name in qualifiers if not mentioned(line, name)] == []
    assert "`site_src/strings.yml`" in line


def test_every_qualifier_validation_suggests_is_in_the_vocabulary() -> None:
    assert set(cell_hints.QUALIFIERS.values()) <= set(_vocabulary("qualifier:"))


def test_every_unit_format_is_in_the_readme() -> None:
    units = _vocabulary("unit:")
    assert units
    text = section(_readme(), "### Views (charts)")
    assert [unit for unit in units if not mentioned(text, unit)] == []
