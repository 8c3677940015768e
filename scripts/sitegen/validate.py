"""Validation: the CSV files' bytes, frictionless schema validation, the declared
consistency checks and a metadata lint, all reported together as located ``Problem``
objects.

Every problem is collected before anything is reported, so a contributor sees all of
them at once rather than one per run. Nothing here raises on bad input, and nothing
reaches the network: frictionless runs with an HTTP session that refuses every request,
behind the path checks of ``packages``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import frictionless
import requests

from . import cellhints
from .checks import CHECKS, FIELD_PARAMS, NUMERIC, REVIEW_CHECKS, CheckConfigError, Row, as_list
from .csvlint import scan_csv
from .lint import lint_metadata
from .packages import Package, Resource, load_packages
from .problems import Problem, cap, templates

#: Frictionless stops counting errors here; a file with more is reported as "10,000+".
FRICTIONLESS_ERROR_LIMIT = 10_000
_LABEL_ERRORS = {"incorrect-label", "missing-label", "extra-label", "duplicate-label", "blank-label"}
_CONSTRAINT = re.compile(r'constraint "(?P<name>[^"]+)" is "(?P<limit>.*)"')
_OTHER_ROW = re.compile(r"position (\d+)")

__all__ = ["ResourceResult", "Validation", "lint_metadata", "run_checks", "validate_all", "validate_package"]


@dataclass
class ResourceResult:
    resource: Resource
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Plausibility warnings for the reviewer (``jump``): reported, never shown on the site.
    notices: list[Problem] = field(default_factory=list)


@dataclass
class Validation:
    packages: list[Package]
    problems: list[Problem]
    results: dict[tuple[str, str], ResourceResult]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def for_resource(self, resource: Resource) -> ResourceResult:
        return self.results[(resource.package.name, resource.name)]


class _NoNetwork(requests.Session):
    """An HTTP session for frictionless that refuses every request."""

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        raise requests.ConnectionError(f"network access is disabled in validation ({url!r})")


@contextmanager
def _offline() -> Iterator[None]:
    with frictionless.system.use_context(trusted=False, http_session=_NoNetwork()):
        yield


# Frictionless errors in plain words -------------------------------------------------


def _expected(field_type: str) -> dict[str, str]:
    forms = templates()["_expected"]
    form = forms.get(field_type, forms["default"])
    return {f"expected_{lang}": form[lang].format(type=field_type) for lang in ("en", "ja")}


def _type_error(data: Mapping[str, Any], resource: Resource) -> tuple[str, dict[str, Any]]:
    name = data.get("fieldName", "")
    try:
        fld = resource.field(name)
    except KeyError:
        fld = {}
    hinted = cellhints.hint(data.get("cell"), fld)
    if hinted:
        return hinted
    return "type-error", {"cell": data.get("cell", ""), **_expected(str(fld.get("type", "")))}


def _primary_key(data: Mapping[str, Any], resource: Resource) -> tuple[str, dict[str, Any]]:
    keys = as_list(resource.descriptor["schema"].get("primaryKey"))
    names = [f.get("name") for f in resource.fields]
    cells = data.get("cells") or []
    pairs = [f"{k}={cells[names.index(k)]}" for k in keys if k in names and names.index(k) < len(cells)]
    other = _OTHER_ROW.search(data.get("note", ""))
    if other is None:
        return "primary-key-empty", {"fields": ", ".join(keys)}
    return "primary-key", {"key": ", ".join(pairs), "other": other.group(1), "fields": ", ".join(keys)}


def _values(kind: str, data: Mapping[str, Any], resource: Resource) -> tuple[str, dict[str, Any]]:
    """The problem code and message values for one frictionless error."""
    if kind == "type-error":
        return _type_error(data, resource)
    if kind == "primary-key":
        return _primary_key(data, resource)
    common = {
        "cell": data.get("cell", ""),
        "column": data.get("fieldName") or "",
        "position": data.get("fieldNumber", ""),
        "label": data.get("label", ""),
        "note": data.get("note", ""),
    }
    if kind == "constraint-error":
        match = _CONSTRAINT.search(data.get("note", ""))
        if match and match["name"] == "required":
            return "required-empty", common
        return kind, {**common, "constraint": match["name"] if match else "?", "limit": match["limit"] if match else ""}
    if kind == "foreign-key":
        return kind, {
            "fields": ", ".join(data.get("fieldNames", [])),
            "values": ", ".join(map(str, data.get("fieldCells", []))),
            "reference": data.get("referenceName") or "(this resource)",
            "reference_fields": ", ".join(data.get("referenceFieldNames", [])),
        }
    if kind in templates() and kind != "frictionless":
        return kind, common
    return "frictionless", {"detail": data.get("message") or kind}


def _from_frictionless(error: Any, resource: Resource, lines: Mapping[int, int]) -> Problem:
    data = error.to_descriptor() if hasattr(error, "to_descriptor") else {"message": str(error)}
    kind = str(data.get("type", "error"))
    code, values = _values(kind, data, resource)
    row = data.get("rowNumber") or (1 if kind in _LABEL_ERRORS else None)
    column = data.get("fieldName") or (data.get("label") if kind in _LABEL_ERRORS else None) or None
    return Problem(code, resource.rel_path, row, column, "error", values, line=lines.get(row) if row else None)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Typed values as JSON-ready Python: Decimal → float, dates → ISO strings."""
    for key, value in row.items():
        if isinstance(value, Decimal):
            row[key] = int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
        elif isinstance(value, (datetime.date, datetime.time)):
            row[key] = value.isoformat()
    return row


# Declared checks ----------------------------------------------------------------------


def _check_fields(kind: str, params: Mapping[str, Any], resource: Resource) -> None:
    """Every parameter naming a field names one, of the right type."""
    types = {f.get("name"): f.get("type") for f in resource.fields}
    named = {key: as_list(params.get(key)) for key in FIELD_PARAMS.get(kind, {}) if key in params}
    where = params.get("where")
    if where is not None and not isinstance(where, Mapping):
        raise CheckConfigError("`where` must be a mapping of field: value")
    named["where"] = list(where or {})
    for key, names in named.items():
        for name in names:
            if name not in types:
                raise CheckConfigError(f"`{key}` names {name!r}, which is not a field of the schema")
            if FIELD_PARAMS.get(kind, {}).get(key) == NUMERIC and types[name] not in ("integer", "number"):
                raise CheckConfigError(f"`{key}` names {name!r}, which is not numeric (type {types[name]!r})")


def run_checks(resource: Resource, rows: list[Row]) -> list[Problem]:
    """The declared consistency checks of one resource, over its typed rows."""
    problems: list[Problem] = []
    package = resource.package
    for index, params in enumerate(resource.checks):
        kind = params.get("type")
        label = f"checks[{index}] ({kind})"
        where = (*resource.key_path, "checks", index)
        check = CHECKS.get(str(kind))
        if check is None:
            problems.append(package.problem("check-unknown", where, label, value=kind, detail=", ".join(CHECKS)))
            continue
        try:
            _check_fields(str(kind), params, resource)
            findings = list(check(params, rows))
        except CheckConfigError as error:
            problems.append(package.problem("check-config", where, label, check=label, detail=str(error)))
            continue
        except (TypeError, ValueError, ArithmeticError, KeyError) as error:
            detail = f"it cannot run on this data ({type(error).__name__}: {error})"
            problems.append(package.problem("check-config", where, label, check=label, detail=detail))
            continue
        warning = params.get("severity") == "warning" or kind in REVIEW_CHECKS
        for finding in findings:
            values = dict(finding.values)
            if params.get("severity") == "warning":
                values["note"] = params.get("note_en") or params.get("note", "")
                values["note_ja"] = params.get("note") or values["note"]
            severity = "warning" if warning else "error"
            problems.append(Problem(finding.code, resource.rel_path, finding.row, finding.column, severity, values))
    return problems


# Resources, packages, everything ------------------------------------------------------


def _sorted(problems: list[Problem]) -> list[Problem]:
    """File-level problems first, then by row, so the output reads like the file."""
    return sorted(problems, key=lambda p: (p.row is not None, p.row or 0))


def _frictionless_problems(report: frictionless.Report, resource: Resource, lines: Mapping[int, int]) -> _Found:
    """Frictionless's errors in plain words, minus those another error already explains.

    An empty key in a blank row, or in a row whose key cell is not a value, and a
    "required" cell that is missing from a short row, are said once, not twice.
    """
    keys = set(as_list(resource.descriptor["schema"].get("primaryKey")))
    found = _Found()
    explained: set[int | None] = set()
    missing: set[tuple[int | None, str | None]] = set()
    for task in report.tasks:
        found.stopped = found.stopped or any("error limit" in warning for warning in task.warnings)
        for error in task.errors:
            problem = _from_frictionless(error, resource, lines)
            found.broken = found.broken or problem.row is None or error.type in _LABEL_ERRORS
            if problem.code == "blank-row" or problem.column in keys:
                explained.add(problem.row)
            if problem.code == "missing-cell":
                missing.add((problem.row, problem.column))
            found.problems.append(problem)
    found.problems = [
        p
        for p in found.problems
        if not (p.code == "primary-key-empty" and p.row in explained)
        and not (p.code == "required-empty" and (p.row, p.column) in missing)
    ]
    return found


@dataclass
class _Found:
    problems: list[Problem] = field(default_factory=list)
    stopped: bool = False  # frictionless stopped counting errors
    broken: bool = False  # the file or its header is wrong: the checks would only mislead


def validate_resource(package: frictionless.Package, resource: Resource) -> ResourceResult:
    """One CSV: its bytes, then frictionless, then (when the table is sound) the checks."""
    result = ResourceResult(resource)
    scan = scan_csv(resource.path, resource.rel_path, resource.descriptor["schema"])
    if scan.fatal:
        result.problems = scan.problems
        return result
    rows = result.rows
    try:
        report = package.get_resource(resource.name).validate(
            on_row=lambda row: rows.append((row.row_number, _plain(row.to_dict()))),
            limit_errors=FRICTIONLESS_ERROR_LIMIT,
        )
    except frictionless.FrictionlessException as error:
        result.problems = [*scan.problems, _from_frictionless(error.error, resource, scan.lines)]
        return result
    except Exception as error:  # a third-party reader on untrusted input: report, never crash
        detail = f"validation stopped ({type(error).__name__}: {error})"
        result.problems = [*scan.problems, Problem("frictionless", resource.rel_path, values={"detail": detail})]
        return result
    found = _frictionless_problems(report, resource, scan.lines)
    problems = scan.problems + found.problems
    if not found.broken and not found.stopped:
        for problem in run_checks(resource, rows):
            (result.notices if problem.code in REVIEW_CHECKS else problems).append(problem)
    result.problems = cap(_sorted(problems), resource.rel_path, stopped=found.stopped)
    return result


def validate_package(package: Package) -> tuple[list[Problem], dict[tuple[str, str], ResourceResult]]:
    from .inventory import inventory_problems

    problems: list[Problem] = lint_metadata(package)
    if package.complete:  # a refused resource is reported already; not again as a missing one
        problems += inventory_problems(package)
    results: dict[tuple[str, str], ResourceResult] = {}
    # Frictionless sees only the resources that passed the path and shape checks.
    sound = {**package.descriptor, "resources": [r.descriptor for r in package.resources]}
    try:
        fl_package = frictionless.Package(sound, basepath=str(package.dir))
    except frictionless.FrictionlessException as error:
        errors = error.reasons or [error.error]
        for item in errors:
            problems.append(Problem("descriptor-invalid", package.rel_descriptor, values={"detail": item.message}))
        return problems, results
    for resource in package.resources:
        result = validate_resource(fl_package, resource)
        results[(package.name, resource.name)] = result
        problems.extend(result.problems)
        problems.extend(result.notices)
    return problems, results


def validate_all(root: Path) -> Validation:
    """Validate every package under ``root/datapackage``; never raises on bad input."""
    from .topics import check_topic, load_topics

    packages, problems = load_packages(root)
    results: dict[tuple[str, str], ResourceResult] = {}
    with _offline():
        for package in packages:
            package_problems, package_results = validate_package(package)
            problems.extend(package_problems)
            results.update(package_results)
    validation = Validation(packages, problems, results)
    topics, topic_problems = load_topics(root)
    problems.extend(topic_problems)
    for topic in topics:
        problems.extend(check_topic(topic, validation))
    return validation
