"""Validation: the CSV files' bytes, frictionless schema validation, the declared
consistency checks and a metadata lint, all reported together as located ``Problem``
objects.

Every problem is collected before anything is reported, so a contributor sees all of
them at once rather than one per run. A clean table is typed by frictionless' own cell
readers, column by column (``fastrows``); any other goes through frictionless' full
row-by-row validation, which locates and explains each problem. Nothing here raises on
bad input, and nothing reaches the network: frictionless runs with an HTTP session that
refuses every request, behind the path checks of ``packages``.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frictionless
import requests
from frictionless.fields.yearmonth import yearmonth

from sitegen.core.cache import Store, file_hash
from sitegen.core.cache import key as cache_key
from sitegen.core.problems import Problem, cap
from sitegen.model.packages import Package, Resource, find_descriptors, load_packages
from sitegen.model.topics import load_topics
from sitegen.validate.captions import dated_captions, stale_captions
from sitegen.validate.checks import (
    CHECK_TYPES,
    NUMERIC,
    REVIEW_CHECKS,
    CheckConfigError,
    CheckType,
    Row,
    Tables,
    as_list,
)
from sitegen.validate.csv_scan import CsvScan, scan_csv
from sitegen.validate.fast_rows import plain_value, typed_rows
from sitegen.validate.frictionless_errors import FRICTIONLESS_ERROR_LIMIT, frictionless_problems, from_frictionless
from sitegen.validate.inferred import unmatched_inferences
from sitegen.validate.inventory import inventory_problems
from sitegen.validate.keys import empty_key_fields
from sitegen.validate.metadata_lint import lint_metadata
from sitegen.validate.releases import release_problems
from sitegen.validate.temporal import temporal_problems
from sitegen.validate.topic_refs import check_topic
from sitegen.validate.view_labels import id_labels

__all__ = ["ResourceResult", "Validation", "lint_metadata", "run_checks", "validate_all", "validate_package"]


@dataclass
class ResourceResult:
    resource: Resource
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Plausibility warnings for the reviewer (``jump``): reported, never shown on the site.
    notices: list[Problem] = field(default_factory=list)
    #: The table was read soundly, so the row rules and declared checks apply to it.
    checkable: bool = False


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

    def release_rows(self) -> int:
        """Let go of every table's typed rows once the pages and downloads are written
        (the assembler never needs them): at a thousand tables they were a quarter of the
        build's memory, held while MkDocs held every page as well. Returns the rows let go."""
        released = 0
        for result in self.results.values():
            released += len(result.rows)
            result.rows = []
        return released


class _NoNetwork(requests.Session):
    """An HTTP session for frictionless that refuses every request."""

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        raise requests.ConnectionError(f"network access is disabled in validation ({url!r})")


@contextmanager
def _offline() -> Iterator[None]:
    with frictionless.system.use_context(trusted=False, http_session=_NoNetwork()):
        yield


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the rows are read. A table of a thousand rows
    is a thousand new dicts; every few hundred allocations Python would walk all objects
    alive, the rows read so far included, which took half of the time of validation.
    The rows hold no reference cycles: reference counting frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: The only dialect the CSV rules allow.
COMMA = {"delimiter": ","}


def _as_published(value: Any) -> Any:
    """A typed value as the published rows (and a topic's ``where``) write it: year-months
    as ISO 8601 text."""
    return f"{value.year:04d}-{value.month:02d}" if isinstance(value, yearmonth) else value


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Typed values as JSON-ready Python: Decimal → int or float, dates → ISO strings."""
    return {name: plain_value(value) for name, value in row.items()}


# Declared checks ----------------------------------------------------------------------


def _check_fields(check: CheckType, params: Mapping[str, Any], resource: Resource) -> None:
    """Every parameter naming a field names one, of the right type (``Param.kind``);
    the message lists the fields it may name. ``where`` is checked on every check,
    whichever type reads it."""
    types = {f.get("name"): f.get("type") for f in resource.fields}
    numeric = {p.name for p in check.params if p.kind == NUMERIC}
    named = {p.name: as_list(params.get(p.name)) for p in check.params if p.names_fields and p.name in params}
    where = params.get("where")
    if where is not None and not isinstance(where, Mapping):
        raise CheckConfigError("`where` must be a mapping of field: value", "`where` は {列: 値} の形で書きます")
    named["where"] = list(where or {})
    numbers = [str(name) for name, kind in types.items() if kind in ("integer", "number")]
    for key, names in named.items():
        for name in names:
            if name not in types:
                fields = ", ".join(map(str, numbers if key in numeric else types))
                kind = "numeric fields" if key in numeric else "fields"
                kind_ja = "数値の列" if key in numeric else "列"
                raise CheckConfigError(
                    f"`{key}` names {name!r}, which is not a field of the schema (the {kind} of "
                    f"{resource.name}: {fields or 'none'})",
                    f"`{key}` の {name!r} はスキーマの列ではありません"
                    f"（{resource.name} の{kind_ja}: {fields or 'なし'}）",
                )
            if key in numeric and types[name] not in ("integer", "number"):
                raise CheckConfigError(
                    f"`{key}` names {name!r}, which is not numeric (type {types[name]!r}; the numeric fields "
                    f"of {resource.name}: {', '.join(numbers) or 'none'})",
                    f"`{key}` の {name!r} は数値の列ではありません（型 {types[name]!r}。{resource.name} の数値の列: "
                    f"{', '.join(numbers) or 'なし'}）",
                )


def _named(check: CheckType, params: Mapping[str, Any]) -> set[str]:
    """The fields a check reads, by its parameters that name fields, and ``where``."""
    names = {str(n) for p in check.params if p.names_fields for n in as_list(params.get(p.name))}
    where = params.get("where")
    return names | ({str(k) for k in where} if isinstance(where, Mapping) else set())


def run_checks(
    resource: Resource, rows: list[Row], tables: Tables | None = None, unread: Collection[str] = ()
) -> list[Problem]:
    """The declared consistency checks of one resource, over its typed rows (``tables``:
    the rows of every soundly read table of the package, for checks that compare).
    A check that reads a field with a cell that could not be read (``unread``) is not
    run: that cell's error says what is wrong, and a total or identity computed without
    it would only add a misleading second error."""
    problems: list[Problem] = []
    package = resource.package
    for index, params in enumerate(resource.checks):
        kind = params.get("type")
        label = f"checks[{index}] ({kind})"
        where = (*resource.key_path, "checks", index)
        check = CHECK_TYPES.get(str(kind))
        if check is None:
            names = ", ".join(CHECK_TYPES)
            problems.append(package.problem("check-unknown", where, label, value=kind, detail=names, detail_ja=names))
            continue
        if unread and _named(check, params) & set(unread):
            continue
        try:
            _check_fields(check, params, resource)
            findings = list(check.run(params, rows, tables or {resource.name: rows}))
        except CheckConfigError as error:
            values = {"check": label, "detail": str(error), "detail_ja": error.ja}
            problems.append(package.problem("check-config", where, label, **values))
            continue
        except (TypeError, ValueError, ArithmeticError, KeyError) as error:
            reason = f"{type(error).__name__}: {error}"
            values = {
                "check": label,
                "detail": f"it cannot run on this data ({reason})",
                "detail_ja": f"このデータでは実行できません（{reason}）",
            }
            problems.append(package.problem("check-config", where, label, **values))
            continue
        warning = params.get("severity") == "warning" or check.review
        # Where the check is declared: a total that moved with a new edition is fixed there.
        at = (*where, "expected") if "expected" in params else where
        declared = f"{package.rel_descriptor}:{package.lines.of(at)}"
        for finding in findings:
            values = {"check_at": declared, **finding.values}
            if params.get("severity") == "warning":
                values["note"] = params.get("note_en") or params.get("note", "")
                values["note_ja"] = params.get("note") or values["note"]
            row, column = finding.row, finding.column
            if warning:
                problems.append(Problem(finding.code, resource.rel_path, row, column, "warning", values))
            else:
                problems.append(Problem(finding.code, resource.rel_path, row, column, "error", values))
    return problems


# Resources, packages, everything ------------------------------------------------------


def _sorted(problems: list[Problem]) -> list[Problem]:
    """File-level problems first, then by row, so the output reads like the file."""
    return sorted(problems, key=lambda p: (p.row is not None, p.row or 0))


def _fast_rows(package: frictionless.Package, resource: Resource, scan: CsvScan) -> list[Row] | None:
    """``fastrows.typed_rows``, or None whenever frictionless should look for itself."""
    try:
        schema = package.get_resource(resource.name).schema
        return typed_rows(scan.text, scan.records or [], resource.descriptor, schema)
    except Exception:  # untrusted input: the full validation below reports it properly
        return None


def validate_resource(package: frictionless.Package, resource: Resource) -> ResourceResult:
    """One CSV: its bytes, then frictionless. When the table is sound (``checkable``),
    ``finish`` then applies the row rules and the declared checks, once every table of
    the package has been read (a check may compare two of them)."""
    result = ResourceResult(resource)
    scan = scan_csv(resource.path, resource.rel_path, resource.descriptor["schema"])
    if scan.fatal:
        result.problems = scan.problems
        return result
    fast = None if scan.problems or scan.records is None else _fast_rows(package, resource, scan)
    problems = list(scan.problems)
    if fast is not None:  # clean by frictionless' own cell readers: no need for its row machinery
        result.rows = fast
    else:
        rows = result.rows
        try:
            report = package.get_resource(resource.name).validate(
                on_row=lambda row: rows.append((row.row_number, _plain(row.to_dict()))),
                limit_errors=FRICTIONLESS_ERROR_LIMIT,
            )
        except frictionless.FrictionlessException as error:
            result.problems = [*problems, from_frictionless(error.error, resource, scan.lines)]
            return result
        except Exception as error:  # a third-party reader on untrusted input: report, never crash
            reason = f"{type(error).__name__}: {error}"
            said = {"detail": f"validation stopped ({reason})", "detail_ja": f"検証が途中で止まりました（{reason}）"}
            result.problems = [*problems, Problem("frictionless", resource.rel_path, values=said)]
            return result
        found = frictionless_problems(report, resource, scan.lines)
        problems += found.problems
        if found.broken or found.stopped:  # the checks would only repeat what is broken
            result.problems = cap(_sorted(problems), resource.rel_path, stopped=found.stopped)
            return result
    result.problems = problems
    result.checkable = True
    return result


def finish(result: ResourceResult, tables: Tables) -> None:
    """The row rules and declared checks of a soundly read table, then its problems in order."""
    resource, problems = result.resource, list(result.problems)
    problems += empty_key_fields(resource, result.rows)
    problems += unmatched_inferences(resource, result.rows)
    problems += id_labels(resource, result.rows)
    # fields with a cell that could not be read (a type error, an invisible character)
    unread = {p.column for p in result.problems if p.severity == "error" and p.row is not None and p.column}
    for problem in run_checks(resource, result.rows, tables, unread):
        (result.notices if problem.code in REVIEW_CHECKS else problems).append(problem)
    problems += temporal_problems(resource, result.rows, result.problems)
    problems += stale_captions(resource, result.rows, result.problems)
    result.notices += dated_captions(resource, result.rows, result.problems)
    result.problems = cap(_sorted(problems), resource.rel_path, stopped=False)


# Clean results, remembered --------------------------------------------------------------


def _encode_rows(rows: list[Row]) -> bytes | None:
    """Typed rows as JSON, or None when a value has no exact JSON form (then the result
    is not cached: it is read again next time, never approximated)."""
    encoded = []
    for number, row in rows:
        values: dict[str, Any] = {}
        for name, value in row.items():
            if isinstance(value, yearmonth):
                values[name] = {"yearmonth": [value.year, value.month]}
            elif value is None or isinstance(value, (str, int, float)):
                values[name] = value
            else:
                return None
        encoded.append([number, values])
    return json.dumps(encoded, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode_rows(data: bytes) -> list[Row]:
    rows: list[Row] = []
    for number, values in json.loads(data):
        for name, value in values.items():
            if isinstance(value, dict):
                values[name] = yearmonth(*value["yearmonth"])
        rows.append((number, values))
    return rows


class ResultCache:
    """Rows of resources that validated without a single problem, by a key over the whole
    package (descriptor and every CSV of it: checks and foreign keys may read across
    tables) and ``sitegen``'s code. A resource with any problem is always validated
    afresh, so every message a contributor sees comes from a live run."""

    def __init__(self, cache_dir: Path) -> None:
        self.store = Store(cache_dir, "validation")

    def keys(self, package: Package) -> dict[str, str]:
        """The key of every resource of ``package`` (each CSV is hashed once)."""
        tables = {r.name: file_hash(r.path) for r in package.resources}
        return {r.name: cache_key("validation", package.descriptor, tables, r.name) for r in package.resources}

    def get(self, entry: str, resource: Resource) -> ResourceResult | None:
        data = self.store.get(entry)
        return None if data is None else ResourceResult(resource, _decode_rows(data))

    def put(self, entry: str, result: ResourceResult) -> None:
        if not result.problems and not result.notices:
            data = _encode_rows(result.rows)
            if data is not None:
                self.store.put(entry, data)


def validate_package(
    package: Package, cache: ResultCache | None = None
) -> tuple[list[Problem], dict[tuple[str, str], ResourceResult]]:
    problems: list[Problem] = lint_metadata(package) + release_problems(package)
    if package.complete:  # a refused resource is reported already; not again as a missing one
        problems += inventory_problems(package)
    results: dict[tuple[str, str], ResourceResult] = {}
    entries = cache.keys(package) if cache else {}
    remembered = {r.name: cache.get(entries[r.name], r) for r in package.resources} if cache else {}
    if remembered and all(remembered.values()):
        # Frictionless accepted this very descriptor when these results were stored.
        for resource in package.resources:
            results[(package.name, resource.name)] = remembered[resource.name]  # type: ignore[assignment]
        return problems, results
    # Frictionless sees only the resources that passed the path and shape checks.
    # Comma-separated is the repository's rule (csv_scan refuses any other delimiter), so
    # frictionless is told so instead of sniffing: a table whose last column is ";" in
    # every row would be sniffed as semicolon-separated and misread.
    declared = [
        r.descriptor if "dialect" in r.descriptor else {**r.descriptor, "dialect": COMMA} for r in package.resources
    ]
    sound = {**package.descriptor, "resources": declared}
    try:
        fl_package = frictionless.Package(sound, basepath=str(package.dir))
    except frictionless.FrictionlessException as error:
        errors = error.reasons or [error.error]
        for item in errors:
            said = {"detail": item.message, "detail_ja": f"frictionless の報告: {item.message}"}
            problems.append(Problem("descriptor-invalid", package.rel_descriptor, values=said))
        return problems, results
    read = [remembered.get(r.name) or validate_resource(fl_package, r) for r in package.resources]
    # Remembered results passed every check when they were stored, with these very tables.
    tables = {r.resource.name: r.rows for r in read if r.checkable or not r.problems}
    for result in read:
        resource = result.resource
        if result.checkable:
            finish(result, tables)
            if cache:
                cache.put(entries[resource.name], result)
        results[(package.name, resource.name)] = result
        problems.extend(result.problems)
        problems.extend(result.notices)
    return problems, results


def validate_all(root: Path, cache_dir: Path | None = None) -> Validation:
    """Validate every package under ``root/datapackage``; never raises on bad input.

    With ``cache_dir`` (builds pass ``build/cache``), resources that validated cleanly
    before, byte for byte, are not read again; ``sitegen validate`` always reads all.
    """
    packages, problems = load_packages(root)
    results: dict[tuple[str, str], ResourceResult] = {}
    cache = ResultCache(cache_dir) if cache_dir else None
    with _offline(), _gc_paused():
        for package in packages:
            package_problems, package_results = validate_package(package, cache)
            problems.extend(package_problems)
            results.update(package_results)
    validation = Validation(packages, problems, results)
    topics, topic_problems = load_topics(root)
    problems.extend(topic_problems)

    def rows_of(resource: Resource) -> list[dict[str, Any]] | None:
        result = results.get((resource.package.name, resource.name))
        if result is None or not result.rows:
            return None
        return [{k: _as_published(v) for k, v in row.items()} for _, row in result.rows]

    loaded = {p.rel_descriptor.split("/")[-2] for p in packages}
    unreadable = {d.parent.name for d in find_descriptors(root / "datapackage")} - loaded
    for topic in topics:
        problems.extend(check_topic(topic, packages, rows_of, unreadable))
    return validation
