"""Validation: frictionless schema validation, the declared consistency checks and a
metadata lint, all reported together as located ``Problem`` objects.

Every problem is collected before anything is reported, so a contributor sees all of
them at once rather than one per run.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import frictionless
import yaml

from .checks import CHECKS, CheckConfigError, Row
from .i18n import LANGS, key_for
from .packages import Package, Resource, load_packages
from .problems import MESSAGES, Problem

_FRICTIONLESS_JA: dict[str, str] | None = None


def _frictionless_ja(error_type: str) -> str:
    global _FRICTIONLESS_JA
    if _FRICTIONLESS_JA is None:
        with MESSAGES.with_name("frictionless_ja.yml").open(encoding="utf-8") as handle:
            _FRICTIONLESS_JA = yaml.safe_load(handle)
    return _FRICTIONLESS_JA.get(error_type, _FRICTIONLESS_JA["default"])


@dataclass
class ResourceResult:
    resource: Resource
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


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


def _from_frictionless(error: Any, path: str) -> Problem:
    data = error.to_descriptor() if hasattr(error, "to_descriptor") else {}
    error_type = data.get("type", "error")
    column = data.get("fieldName")
    values = {
        "detail": data.get("message") or str(error),
        "detail_ja": _frictionless_ja(error_type).format(
            cell=data.get("cell", ""), field=column or "", note=data.get("note", "")
        ),
        "type": error_type,
    }
    return Problem("frictionless", path, data.get("rowNumber"), column, "error", values)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Typed values as JSON-ready Python: Decimal → float, dates → ISO strings."""
    for key, value in row.items():
        if isinstance(value, Decimal):
            row[key] = int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
        elif isinstance(value, (datetime.date, datetime.time)):
            row[key] = value.isoformat()
    return row


def run_checks(resource: Resource, rows: list[Row]) -> list[Problem]:
    """The declared consistency checks of one resource, over its typed rows."""
    problems: list[Problem] = []
    names = {f.get("name") for f in resource.fields}
    for index, params in enumerate(resource.checks):
        kind = params.get("type") if isinstance(params, Mapping) else None
        label = f"checks[{index}] ({kind})"
        check = CHECKS.get(str(kind))
        if check is None:
            problems.append(
                Problem(
                    "check-unknown",
                    resource.package.rel_descriptor,
                    column=label,
                    values={"value": kind, "detail": ", ".join(CHECKS)},
                )
            )
            continue
        try:
            for key in ("field", "stock", "order_by", "label_field", "dimension"):
                if key in params and params[key] not in names:
                    raise CheckConfigError(f"`{key}` names {params[key]!r}, which is not a field of the schema")
            findings = list(check(params, rows))
        except CheckConfigError as error:
            problems.append(
                Problem(
                    "check-config",
                    resource.package.rel_descriptor,
                    column=label,
                    values={"check": label, "detail": str(error)},
                )
            )
            continue
        warning = params.get("severity") == "warning"
        for finding in findings:
            values = dict(finding.values)
            if warning:
                values["note"] = params.get("note_en") or params.get("note", "")
                values["note_ja"] = params.get("note") or values["note"]
            problems.append(
                Problem(
                    finding.code,
                    resource.rel_path,
                    finding.row,
                    finding.column,
                    "warning" if warning else "error",
                    values,
                )
            )
    return problems


def validate_resource(package: frictionless.Package, resource: Resource) -> ResourceResult:
    result = ResourceResult(resource)
    rows = result.rows
    try:
        fl_resource = package.get_resource(resource.name)
        report = fl_resource.validate(on_row=lambda row: rows.append((row.row_number, _plain(row.to_dict()))))
    except frictionless.FrictionlessException as error:
        result.problems.append(_from_frictionless(error.error, resource.rel_path))
        return result
    for task in report.tasks:
        for error in task.errors:
            result.problems.append(_from_frictionless(error, resource.rel_path))
    if not any(p.code == "frictionless" and p.row is None for p in result.problems):
        result.problems.extend(run_checks(resource, rows))
    return result


def validate_package(package: Package) -> tuple[list[Problem], dict[tuple[str, str], ResourceResult]]:
    problems: list[Problem] = lint_metadata(package)
    results: dict[tuple[str, str], ResourceResult] = {}
    try:
        fl_package = frictionless.Package(package.descriptor, basepath=str(package.dir))
    except frictionless.FrictionlessException as error:
        errors = error.reasons or [error.error]
        for item in errors:
            problems.append(Problem("descriptor-invalid", package.rel_descriptor, values={"detail": item.message}))
        return problems, results
    for resource in package.resources:
        result = validate_resource(fl_package, resource)
        results[(package.name, resource.name)] = result
        problems.extend(result.problems)
    return problems, results


def validate_all(root: Path) -> Validation:
    packages, problems = load_packages(root)
    results: dict[tuple[str, str], ResourceResult] = {}
    for package in packages:
        package_problems, package_results = validate_package(package)
        problems.extend(package_problems)
        results.update(package_results)
    return Validation(packages, problems, results)


# Metadata lint ---------------------------------------------------------------------

_REQUIRED_TEXT = ("title", "description")


def _lint_text(obj: Mapping[str, Any], where: str, path: str) -> list[Problem]:
    problems = []
    for key in _REQUIRED_TEXT:
        for lang in LANGS:
            name = key_for(key, lang)
            if not str(obj.get(name) or "").strip():
                problems.append(Problem("metadata-missing", path, column=where, values={"key": name, "where": where}))
    return problems


def lint_metadata(package: Package) -> list[Problem]:
    """Bilingual completeness, license and sources: what a reader needs to reuse the data."""
    path = package.rel_descriptor
    desc = package.descriptor
    problems = _lint_text(desc, "package", path)
    if not desc.get("licenses"):
        problems.append(
            Problem("metadata-missing", path, column="package", values={"key": "licenses", "where": "package"})
        )
    for res in package.resources:
        where = f"resource {res.name}"
        problems += _lint_text(res.descriptor, where, path)
        if not res.descriptor.get("sources"):
            problems.append(Problem("metadata-missing", path, column=where, values={"key": "sources", "where": where}))
        for fld in res.fields:
            fwhere = f"{where} field {fld.get('name')}"
            for lang in LANGS:
                name = key_for("title", lang)
                if not str(fld.get(name) or "").strip():
                    problems.append(
                        Problem("metadata-missing", path, column=fwhere, values={"key": name, "where": fwhere})
                    )
            if fld.get("type") in ("integer", "number") and fld.get("unit") and not fld.get("unit_en"):
                problems.append(
                    Problem("metadata-missing", path, column=fwhere, values={"key": "unit_en", "where": fwhere})
                )
    return problems
