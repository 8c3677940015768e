"""The metadata lint: what a reader needs to understand and reuse a table, and what the
generator needs to draw it, checked before anything is built.

Bilingual completeness (every reader-facing text in Japanese and English), license
and sources, units of numbers, categories with labels in both languages matching the
enum, columns that qualify another (``qualifier_of``, ``status_of``, ...) naming a real
field, and chart views naming real fields. A mistake here would otherwise surface as
an English-only page, an unlabeled legend or a build crash in the chart code.

Every string of the descriptor (titles, descriptions, notes, labels, units, sources,
keywords, names) is also held to the rules of the CSV text cells for invisible
characters (``characters.text_problem``): no bidirectional control (``char-bidi``), no
zero-width or other invisible character (``char-invisible``), no space look-alike such
as NBSP (``char-space``), and no full-width space as padding at the start or end
(``text-padding``; inside Japanese text it is fine). Each is reported at the line of its
key, with the character's code point and its offset in the string.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sitegen.core.i18n import LANGS, key_for
from sitegen.core.problems import Problem
from sitegen.model.descriptors import KeyPath
from sitegen.model.inferences import WORDINGS
from sitegen.model.packages import NAME, Package, Resource
from sitegen.model.views import view_problems
from sitegen.validate import characters

#: Reader-facing texts: each has a Japanese key and an ``_en`` key beside it.
PAIRED: tuple[str, ...] = ("title", "description", "unit", "label", "text", "source", "note", "publisher")
PAIRED += ("document", "section", "reason", "keywords", "location", "summary")
NUMERIC = ("integer", "number")
REFERENCES = ("qualifier_of", "status_of", "bracket_of", "subcount_of", "unit_of")
#: Columns whose values are words from a fixed list, which must be declared as categories.
NEEDS_CATEGORIES = ("qualifier_of", "status_of", "unit_of")


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


class _Lint:
    """Collects the problems of one package, located by key path."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.problems: list[Problem] = []
        self.reported: set[tuple[KeyPath, str]] = set()

    def add(self, code: str, at: KeyPath, column: str | None = None, **values: Any) -> None:
        self.problems.append(self.package.problem(code, at, column, **values))

    def require(self, obj: Mapping[str, Any], where: KeyPath, label: str, *keys: str) -> None:
        """Each key, in both languages, must be given and not blank."""
        for key in keys:
            for lang in LANGS:
                name = key_for(key, lang)
                if _blank(obj.get(name)):
                    self.reported.add((where, name))
                    self.add("metadata-missing", (*where, name), name, key=name, where=label)

    def pairs(self, node: Any, where: KeyPath = ()) -> None:
        """Anywhere in the descriptor, a text in one language needs the other."""
        if isinstance(node, Mapping):
            in_categories = len(where) >= 2 and where[-2] == "categories"  # reported by categories-invalid
            for key in PAIRED:
                ja, en = node.get(key), node.get(f"{key}_en")
                if _blank(ja) == _blank(en) or (in_categories and key == "label"):
                    continue
                present, missing = (key, f"{key}_en") if _blank(en) else (f"{key}_en", key)
                if (where, missing) not in self.reported:
                    label = describe(self.package.descriptor, where)
                    self.add(
                        "metadata-pair",
                        (*where, present),
                        missing,
                        where=label,
                        present=present,
                        missing=missing,
                        key=key,
                    )
            for key, value in node.items():
                if isinstance(value, (Mapping, list)) and isinstance(key, str):
                    self.pairs(value, (*where, key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                self.pairs(item, (*where, index))


def describe(descriptor: Mapping[str, Any], where: KeyPath) -> str:
    """A readable name for a place in the descriptor: ``resource staff field year``."""
    words = ["package"]
    node: Any = descriptor
    for step in where:
        parent_key = words[-1] if isinstance(step, int) else None
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int):
            name = node.get("name") or node.get("id") or node.get("value") if isinstance(node, Mapping) else None
            singular = {"resources": "resource", "fields": "field", "views": "view", "categories": "category"}
            words[-1] = f"{singular.get(str(parent_key), parent_key)} {name}" if name else f"{parent_key}[{step}]"
        elif step not in ("schema",):
            words.append(str(step))
    if len(words) > 1 and words[0] == "package":
        words = words[1:]
    return " ".join(words)


def _lint_package(lint: _Lint) -> None:
    desc = lint.package.descriptor
    lint.require(desc, (), "package", "title", "description")
    licenses = desc.get("licenses")
    if not isinstance(licenses, list) or not licenses:
        lint.add("metadata-missing", ("licenses",), "licenses", key="licenses", where="package")
    else:
        for index, item in enumerate(licenses):
            if not isinstance(item, Mapping) or (_blank(item.get("name")) and _blank(item.get("path"))):
                where = f"package licenses[{index}]"
                lint.add("metadata-missing", ("licenses", index), "licenses", key="name", where=where)
    if not desc.get("sources"):
        lint.add("metadata-missing", ("sources",), "sources", key="sources", where="package")


def _lint_field(lint: _Lint, resource: Resource, index: int, fld: Mapping[str, Any], names: list[str]) -> None:
    where = (*resource.key_path, "schema", "fields", index)
    label = f"resource {resource.name} field {fld.get('name')}"
    lint.require(fld, where, label, "title", "description")
    is_measure = fld.get("role", "measure") == "measure" and not fld.get("time_kind")
    # A long table's value may take its unit row by row from a column declared `unit_of` it.
    unit_column = any(other.get("unit_of") == fld.get("name") for other in resource.fields)
    no_unit = _blank(fld.get("unit")) or _blank(fld.get("unit_en"))
    if fld.get("type") in NUMERIC and is_measure and no_unit and not unit_column:
        lint.reported |= {(where, "unit"), (where, "unit_en")}
        lint.add("unit-missing", where, "unit", where=label)
    if "time_kind" in fld and fld["time_kind"] not in ("fiscal", "calendar"):
        detail = f"`time_kind` is {fld['time_kind']!r}; it must be fiscal or calendar"
        detail_ja = f"`time_kind` が {fld['time_kind']!r} です。fiscal か calendar のどちらかです"
        lint.add(
            "descriptor-invalid", (*where, "time_kind"), detail=f"{label}: {detail}", detail_ja=f"{label}: {detail_ja}"
        )
    for key in REFERENCES:
        if key in fld and fld[key] not in names:
            fields = ", ".join(names)
            lint.add("field-reference", (*where, key), key, where=label, key=key, value=fld[key], fields=fields)
    categories = fld.get("categories")
    if categories is None:
        if any(key in fld for key in NEEDS_CATEGORIES):
            detail = "a qualifier, status or unit column must declare its values as `categories`"
            detail_ja = "限定・空欄の理由・単位の列は、値を `categories` で宣言します"
            lint.add("categories-invalid", where, "categories", where=label, detail=detail, detail_ja=detail_ja)
        return
    for detail, detail_ja, at in _category_problems(fld, categories):
        lint.add("categories-invalid", (*where, *at), "categories", where=label, detail=detail, detail_ja=detail_ja)


def _category_problems(fld: Mapping[str, Any], categories: Any) -> Iterator[tuple[str, str, KeyPath]]:
    """What is wrong with a field's categories: (English, Japanese, where)."""
    if not isinstance(categories, list) or not categories:
        yield "`categories` must be a non-empty list", "`categories` には値を1つ以上並べます", ("categories",)
        return
    values: list[str] = []
    for index, item in enumerate(categories):
        if not isinstance(item, Mapping) or "value" not in item:
            yield (
                f"categories[{index}] has no `value`",
                f"categories[{index}] に `value` がありません",
                ("categories", index),
            )
            continue
        values.append(str(item["value"]))
        missing = [key_for("label", lang) for lang in LANGS if _blank(item.get(key_for("label", lang)))]
        if missing:
            yield (
                f"category {item['value']!r} has no {' or '.join(missing)}",
                f"区分 {item['value']!r} に {'、'.join(missing)} がありません",
                ("categories", index),
            )
    duplicates = ", ".join(map(repr, sorted({v for v in values if values.count(v) > 1})))
    if duplicates:
        yield f"categories list {duplicates} twice", f"categories に {duplicates} が2回あります", ("categories",)
    constraints = fld.get("constraints")
    enum = constraints.get("enum") if isinstance(constraints, Mapping) else None
    if not isinstance(enum, list):
        yield (
            "there is no `constraints.enum` with the category values",
            "区分の値を並べた `constraints.enum` がありません",
            ("categories",),
        )
        return
    enum_values = [str(v) for v in enum]
    only_categories = [v for v in values if v not in enum_values]
    only_enum = [v for v in enum_values if v not in values]
    if only_categories or only_enum:
        parts, parts_ja = [], []
        if only_categories:
            parts.append(f"in categories but not in enum: {', '.join(only_categories)}")
            parts_ja.append(f"categories にあって enum にない値: {', '.join(only_categories)}")
        if only_enum:
            parts.append(f"in enum but without a category (no labels): {', '.join(only_enum)}")
            parts_ja.append(f"enum にあって区分（表記）がない値: {', '.join(only_enum)}")
        yield (
            "categories and constraints.enum differ (" + "; ".join(parts) + ")",
            "categories と constraints.enum が一致しません（" + "。".join(parts_ja) + "）",
            ("constraints", "enum"),
        )


def _lint_view(lint: _Lint, resource: Resource, index: int, view: Any, seen: set[str]) -> None:
    """A view is checked by the chart code's own parser, so the lint and the charts agree."""
    where = (*resource.key_path, "views", index)
    name = view.get("name") if isinstance(view, Mapping) else None
    label = f"resource {resource.name} view {name or index}"
    if not isinstance(name, str) or not NAME.match(name):
        detail = f"`name` {name!r} must be lowercase letters, digits and hyphens"
        detail_ja = f"`name` の {name!r} は英小文字・数字・ハイフンで書きます"
        lint.add("view-invalid", (*where, "name"), "name", where=label, detail=detail, detail_ja=detail_ja)
        return
    if name in seen:
        detail, detail_ja = f"two views are named {name!r}", f"{name!r} という名前のグラフが2つあります"
        lint.add("view-invalid", (*where, "name"), "name", where=label, detail=detail, detail_ja=detail_ja)
    seen.add(name)
    try:
        found = view_problems(view, {f["name"]: f for f in resource.fields if isinstance(f.get("name"), str)})
    except (TypeError, ValueError, KeyError, AttributeError) as error:  # a shape the parser did not foresee
        reason = f"{type(error).__name__}: {error}"
        found = [("name", f"it cannot be read ({reason})", f"読み取れません（{reason}）")]
    for key, detail, detail_ja in found:
        lint.reported.add((where, key))
        lint.add("view-invalid", (*where, key), key, where=label, detail=detail, detail_ja=detail_ja)


def _lint_resource(lint: _Lint, resource: Resource) -> None:
    where = resource.key_path
    label = f"resource {resource.name}"
    desc = resource.descriptor
    lint.require(desc, where, label, "title", "description")
    sources = desc.get("sources")
    if not sources:
        lint.add("metadata-missing", (*where, "sources"), "sources", key="sources", where=label)
    else:
        for index, source in enumerate(sources):
            lint.require(source, (*where, "sources", index), f"{label} sources[{index}]", "title")
    names = [str(f.get("name")) for f in resource.fields]
    for index, fld in enumerate(resource.fields):
        _lint_field(lint, resource, index, fld, names)
    _lint_notes(lint, desc, where, label, names)
    seen: set[str] = set()
    for index, view in enumerate(resource.views):
        _lint_view(lint, resource, index, view, seen)


def _lint_notes(lint: _Lint, desc: Mapping[str, Any], where: KeyPath, label: str, names: list[str]) -> None:
    """Notes and inferences name real fields; a note's wording is a known one."""

    def field_reference(at: KeyPath, key: str, owner: str, name: Any) -> None:
        if name not in names:
            lint.add("field-reference", at, key, where=owner, key=key, value=name, fields=", ".join(names))

    for index, note in enumerate(desc.get("notes") or []):
        owner = f"{label} notes[{index}]"
        for name in note.get("fields") or []:
            field_reference((*where, "notes", index, "fields"), "fields", owner, name)
        if note.get("wording") not in (None, *WORDINGS):
            at = (*where, "notes", index, "wording")
            allowed = ", ".join(WORDINGS)
            lint.add(
                "metadata-value", at, "wording", where=owner, key="wording", value=note.get("wording"), allowed=allowed
            )
    for index, raw in enumerate(desc.get("inferences") or []):
        at = (*where, "inferences", index)
        if not isinstance(raw, Mapping):
            allowed = "{id, field, where, text, text_en}"
            lint.add("metadata-value", at, "inferences", where=label, key="inferences", value=raw, allowed=allowed)
            continue
        owner = f"{label} inferences[{index}]"
        lint.require(raw, at, owner, "text")
        field_reference((*at, "field"), "field", owner, raw.get("field"))
        for key in raw.get("where") or {}:
            field_reference((*at, "where"), "where", owner, key)


def _lint_text(lint: _Lint, node: Any, where: KeyPath = ()) -> None:
    """Every string of the descriptor, for invisible characters and full-width padding."""
    if isinstance(node, str):
        found = characters.text_problem(node, cell=False)
        if found:
            lint.add(found[0], where, **found[1])
    elif isinstance(node, Mapping):
        for key, value in node.items():
            if isinstance(key, str):
                _lint_text(lint, value, (*where, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _lint_text(lint, item, (*where, index))


def lint_metadata(package: Package) -> list[Problem]:
    """Every metadata problem of one package, each at its line of the descriptor."""
    lint = _Lint(package)
    _lint_package(lint)
    for resource in package.resources:
        _lint_resource(lint, resource)
    lint.pairs(package.descriptor)
    _lint_text(lint, package.descriptor)
    return lint.problems
