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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import frictionless
import requests

from .checks import CHECKS, FIELD_PARAMS, NUMERIC, REVIEW_CHECKS, CheckConfigError, Row, as_list
from .csvlint import scan_csv
from .fl_errors import FRICTIONLESS_ERROR_LIMIT, frictionless_problems, from_frictionless
from .lint import lint_metadata
from .packages import Package, Resource, load_packages
from .problems import Problem, cap

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
        result.problems = [*scan.problems, from_frictionless(error.error, resource, scan.lines)]
        return result
    except Exception as error:  # a third-party reader on untrusted input: report, never crash
        detail = f"validation stopped ({type(error).__name__}: {error})"
        result.problems = [*scan.problems, Problem("frictionless", resource.rel_path, values={"detail": detail})]
        return result
    found = frictionless_problems(report, resource, scan.lines)
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
