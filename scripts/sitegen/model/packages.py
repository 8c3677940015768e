"""Finding and loading the data packages under ``datapackage/``.

Loading is defensive: a contributor's descriptor is untrusted input. Paths must stay
inside ``datapackage/`` (no URL, no absolute path, no ``..``, no symbolic link leading
out), nothing that frictionless would fetch is accepted (a schema or profile given as
a URL), names are safe in URLs and file names, and the shape of every part the
generator walks is checked before anything else reads it. What is wrong becomes a
``Problem`` at the line it is on; only sound packages and resources are returned.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sitegen.core.i18n import text
from sitegen.core.problems import Problem
from sitegen.model import descriptors
from sitegen.model.descriptors import KeyPath, Lines

DESCRIPTOR_NAMES = ("datapackage.yaml", "datapackage.yml", "datapackage.json")
#: Package and resource names become URL segments and file names.
NAME = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
#: Field names are identifiers in formulas and column headers.
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: Profiles frictionless knows by name; anything else it would try to fetch.
KNOWN_PROFILES = {"data-package", "tabular-data-package", "data-resource", "tabular-data-resource"}


@dataclass
class Resource:
    package: Package
    descriptor: dict[str, Any]
    index: int = 0

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", ""))

    @property
    def path(self) -> Path:
        return self.package.dir / str(self.descriptor["path"])

    @property
    def rel_path(self) -> str:
        return self.package.rel(self.path)

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.descriptor.get("schema", {}).get("fields", []))

    def field(self, name: str) -> dict[str, Any]:
        for item in self.fields:
            if item.get("name") == name:
                return item
        raise KeyError(f"{self.rel_path}: no field named {name!r}")

    @property
    def checks(self) -> list[dict[str, Any]]:
        return list(self.descriptor.get("checks", []))

    @property
    def views(self) -> list[dict[str, Any]]:
        return list(self.descriptor.get("views", []))

    @property
    def slug(self) -> str:
        """URL path of the dataset page below the language root."""
        return f"datasets/{self.package.name}/{self.name}/"

    @property
    def key_path(self) -> KeyPath:
        """Where this resource sits in the descriptor, for line numbers."""
        return ("resources", self.index)

    def title(self, lang: str) -> str:
        return text(self.descriptor, "title", lang, self.name)

    def description(self, lang: str) -> str:
        return text(self.descriptor, "description", lang)


@dataclass
class Package:
    dir: Path
    descriptor_path: Path
    descriptor: dict[str, Any]
    root: Path
    resources: list[Resource] = field(default_factory=list)
    lines: Lines = field(default_factory=Lines)

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name") or self.dir.name)

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def rel_descriptor(self) -> str:
        return self.rel(self.descriptor_path)

    @property
    def metadata(self) -> dict[str, Any]:
        """The descriptor without its resources: what a result computed from one table
        depends on in its package (a cache key's part), besides the table's own descriptor."""
        return {k: v for k, v in self.descriptor.items() if k != "resources"}

    def title(self, lang: str) -> str:
        return text(self.descriptor, "title", lang, self.name)

    def short_title(self, lang: str) -> str:
        """The title where space is short (the navigation): ``short_title`` when the
        descriptor gives one, else the title."""
        return text(self.descriptor, "short_title", lang) or self.title(lang)

    def resource(self, name: str) -> Resource:
        for res in self.resources:
            if res.name == name:
                return res
        raise KeyError(f"{self.name}: no resource named {name!r}")

    def problem(self, code: str, at: KeyPath, column: str | None = None, **values: Any) -> Problem:
        """A problem in this package's descriptor, at the line of the key path ``at``."""
        return Problem(code, self.rel_descriptor, self.lines.of(at), column or _last_key(at), values=values)

    @property
    def complete(self) -> bool:
        """Whether every resource of the descriptor was loaded (none refused)."""
        return len(self.resources) == len(self.descriptor.get("resources") or [])


def _last_key(where: KeyPath) -> str | None:
    for part in reversed(where):
        if isinstance(part, str):
            return part
    return None


def find_descriptors(datapackage_dir: Path) -> list[Path]:
    """One descriptor per package folder, in a stable order."""
    found: list[Path] = []
    if not datapackage_dir.is_dir():
        return found
    for folder in sorted(p for p in datapackage_dir.iterdir() if p.is_dir()):
        for name in DESCRIPTOR_NAMES:
            candidate = folder / name
            if candidate.is_file():
                found.append(candidate)
                break
    return found


def read_descriptor(path: Path) -> dict[str, Any]:
    """Parse YAML or JSON; raises ``ValueError`` with the position of a syntax error."""
    return descriptors.read(path)[0]


#: Why a path is refused, in Japanese, by the English reason.
UNSAFE_JA = {
    "a path must be a non-empty string": "パスは空でない文字列で書きます",
    "URLs are not fetched": "URL は読み込みません",
    "absolute paths are not allowed": "絶対パスは使えません",
    "paths may not lead outside the package folder": "パッケージのフォルダの外を指すパスは使えません",
    "it is a symbolic link leading outside datapackage/": "datapackage/ の外を指すシンボリックリンクです",
}


def unsafe_reason(path_value: object) -> str | None:
    """Why a resource path is refused, or None when it is a safe relative file path
    (``UNSAFE_JA`` has each reason in Japanese)."""
    if not isinstance(path_value, str) or not path_value:
        return "a path must be a non-empty string"
    if "://" in path_value or path_value.startswith(("//", "data:")):
        return "URLs are not fetched"
    pure = PurePosixPath(path_value.replace("\\", "/"))
    if pure.is_absolute() or (len(path_value) > 1 and path_value[1] == ":"):
        return "absolute paths are not allowed"
    if ".." in pure.parts:
        return "paths may not lead outside the package folder"
    return None


def _unsafe(reason: str) -> dict[str, str]:
    return {"detail": reason, "detail_ja": UNSAFE_JA.get(reason, reason)}


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, symbolic links followed, is inside ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


Refusal = tuple[KeyPath, dict[str, str], object]
"""Where, why (``detail`` and ``detail_ja``) and the value refused."""


def _profile_references(obj: Mapping[str, Any], where: KeyPath) -> list[Refusal]:
    """A profile frictionless does not know by name is a JSON Schema it would fetch."""
    known = ", ".join(sorted(KNOWN_PROFILES))
    return [
        (
            (*where, key),
            {"detail": f"`{key}` must be one of {known}", "detail_ja": f"`{key}` は {known} のどれかです"},
            obj[key],
        )
        for key in ("profile", "$schema")
        if key in obj and obj[key] not in KNOWN_PROFILES
    ]


def _remote_references(res: Mapping[str, Any], where: KeyPath) -> list[Refusal]:
    """Parts of a resource that frictionless would load from a path or URL."""
    found = _profile_references(res, where)
    for key in ("schema", "dialect"):
        if key in res and not isinstance(res[key], Mapping):
            said = {
                "detail": f"`{key}` must be written inline, not as a path or URL",
                "detail_ja": f"`{key}` はパスや URL ではなく、記述ファイルに直接書きます",
            }
            found.append(((*where, key), said, res[key]))
    schema = res.get("schema")
    foreign_keys = schema.get("foreignKeys") if isinstance(schema, Mapping) else None
    for index, fk in enumerate(foreign_keys if isinstance(foreign_keys, list) else []):
        reference = fk.get("reference") if isinstance(fk, Mapping) else None
        if isinstance(reference, Mapping) and "package" in reference:
            at = (*where, "schema", "foreignKeys", index, "reference", "package")
            said = {
                "detail": "foreign keys may only refer to resources of the same package",
                "detail_ja": "外部キーは同じパッケージのリソースだけを参照できます",
            }
            found.append((at, said, reference["package"]))
    return found


def _shape_problems(res: Mapping[str, Any]) -> list[tuple[KeyPath, str, str]]:
    """The parts of a resource the generator walks must have the shape it expects
    (where, and what is wrong in English and in Japanese)."""
    found: list[tuple[KeyPath, str, str]] = []
    name = res.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        found.append(
            (
                ("name",),
                f"`name` {name!r} must be lowercase letters, digits and hyphens, e.g. 'staff-by-year'",
                f"`name` の {name!r} は英小文字・数字・ハイフンで書きます（例: 'staff-by-year'）",
            )
        )
    schema = res.get("schema")
    fields = schema.get("fields") if isinstance(schema, Mapping) else None
    if not isinstance(fields, list) or not fields:
        found.append(
            (
                ("schema",),
                "`schema.fields` must be a non-empty list of fields",
                "`schema.fields` には列を1つ以上並べます",
            )
        )
    else:
        seen: set[str] = set()
        for index, item in enumerate(fields):
            fname = item.get("name") if isinstance(item, Mapping) else None
            at = ("schema", "fields", index, "name")
            if not isinstance(fname, str) or not FIELD_NAME.match(fname):
                found.append(
                    (
                        at,
                        f"field name {fname!r} must be snake_case ASCII, e.g. 'fiscal_year'",
                        f"列名 {fname!r} は英小文字・数字・下線で書きます（例: 'fiscal_year'）",
                    )
                )
            elif fname in seen:
                found.append((at, f"field name {fname!r} is declared twice", f"列名 {fname!r} が2回宣言されています"))
            else:
                seen.add(fname)
    for key in ("checks", "views", "notes", "sources"):
        value = res.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, Mapping) for v in value)):
            found.append(
                (
                    (key,),
                    f"`{key}` must be a list of mappings (`- key: value` items)",
                    f"`{key}` は `- キー: 値` の項目を並べたリストで書きます",
                )
            )
    return found


def _refusals(package: Package, res: dict[str, Any], where: KeyPath, names: set[str]) -> list[Problem]:
    """Why a resource cannot be used, from its descriptor alone; the first kind of problem found."""
    reason = unsafe_reason(res.get("path"))
    if reason:
        return [package.problem("path-unsafe", (*where, "path"), value=res.get("path"), **_unsafe(reason))]
    if not str(res["path"]).endswith(".csv"):
        said = {
            "detail": f"resource {res.get('name')!r}: `path` must name a .csv file, not {res['path']!r}",
            "detail_ja": f"リソース {res.get('name')!r}: `path` には .csv のファイルを指定します"
            f"（{res['path']!r} は使えません）",
        }
        return [package.problem("descriptor-invalid", (*where, "path"), **said)]
    remote = _remote_references(res, where)
    if remote:
        return [package.problem("path-unsafe", at, value=value, **said) for at, said, value in remote]
    shape = _shape_problems(res)
    if shape:
        label, label_ja = f"resource {res.get('name')!r}", f"リソース {res.get('name')!r}"
        return [
            package.problem("descriptor-invalid", (*where, *at), detail=f"{label}: {en}", detail_ja=f"{label_ja}: {ja}")
            for at, en, ja in shape
        ]
    if res["name"] in names:
        said = {
            "detail": f"two resources are named {res['name']!r}",
            "detail_ja": f"{res['name']!r} という名前のリソースが2つあります",
        }
        return [package.problem("descriptor-invalid", (*where, "name"), **said)]
    return []


def _load_resource(package: Package, index: int, res: object, root: Path, names: set[str]) -> list[Problem]:
    where: KeyPath = ("resources", index)
    if not isinstance(res, dict):
        said = {
            "detail": f"resources[{index}] is not a mapping",
            "detail_ja": f"resources[{index}] がキーと値の組になっていません",
        }
        return [package.problem("descriptor-invalid", where, "resources", **said)]
    problems = _refusals(package, res, where, names)
    if problems:
        return problems
    resource = Resource(package, res, index)
    if not resource.path.is_file():
        return [package.problem("file-missing", (*where, "path"), value=res.get("path"))]
    if not _inside(resource.path, root / "datapackage"):
        said = _unsafe("it is a symbolic link leading outside datapackage/")
        return [package.problem("path-unsafe", (*where, "path"), value=res.get("path"), **said)]
    names.add(resource.name)
    package.resources.append(resource)
    return []


def load_package(descriptor_path: Path, root: Path) -> tuple[Package | None, list[Problem]]:
    """One package; ``None`` when its descriptor cannot be used at all."""
    rel = descriptor_path.relative_to(root).as_posix()
    if not _inside(descriptor_path, root / "datapackage"):
        said = _unsafe("it is a symbolic link leading outside datapackage/")
        return None, [Problem("path-unsafe", rel, values={"value": rel, **said})]
    try:
        descriptor, lines = descriptors.read(descriptor_path)
    except ValueError as error:
        said = {"detail": str(error), "detail_ja": descriptors.japanese(error)}
        return None, [Problem("descriptor-unreadable", rel, values=said)]
    except OSError as error:
        reason = error.strerror or str(error)
        said = {"detail": reason, "detail_ja": f"ファイルを開けません（{reason}）"}
        return None, [Problem("descriptor-unreadable", rel, values=said)]
    package = Package(descriptor_path.parent, descriptor_path, descriptor, root, lines=lines)
    name = descriptor.get("name")
    if name != descriptor_path.parent.name or not NAME.match(str(name)):
        folder = descriptor_path.parent.name
        said = {
            "detail": f"`name` is {name!r}; it must be the folder's name, {folder!r}",
            "detail_ja": f"`name` が {name!r} です。フォルダの名前 {folder!r} と同じにしてください",
        }
        return None, [package.problem("descriptor-invalid", ("name",), **said)]
    problems = [
        package.problem("path-unsafe", at, value=value, **said)
        for at, said, value in _profile_references(descriptor, ())
    ]
    if problems:
        return None, problems
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        said = {"detail": "`resources` must be a non-empty list", "detail_ja": "`resources` には表を1つ以上並べます"}
        return None, [package.problem("descriptor-invalid", ("resources",), **said)]
    names: set[str] = set()
    for index, res in enumerate(resources):
        problems += _load_resource(package, index, res, root, names)
    return package, problems


def load_packages(root: Path, datapackage_dir: Path | None = None) -> tuple[list[Package], list[Problem]]:
    """Every package under ``datapackage/``; unreadable ones become problems, not exceptions."""
    datapackage_dir = datapackage_dir or root / "datapackage"
    packages: list[Package] = []
    problems: list[Problem] = []
    for descriptor_path in find_descriptors(datapackage_dir):
        package, found = load_package(descriptor_path, root)
        problems += found
        if package is not None:
            packages.append(package)
    return packages, problems
