"""Finding and loading the data packages under ``datapackage/``.

Loading is defensive: a contributor's descriptor is untrusted input. Paths must stay
inside the package folder (no URL, no absolute path, no ``..``), so the build never
reads outside the repository nor touches the network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .i18n import text
from .problems import Problem

DESCRIPTOR_NAMES = ("datapackage.yaml", "datapackage.yml", "datapackage.json")


@dataclass
class Resource:
    package: Package
    descriptor: dict[str, Any]

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

    def title(self, lang: str) -> str:
        return text(self.descriptor, "title", lang, self.name)

    def resource(self, name: str) -> Resource:
        for res in self.resources:
            if res.name == name:
                return res
        raise KeyError(f"{self.name}: no resource named {name!r}")


def find_descriptors(datapackage_dir: Path) -> list[Path]:
    """One descriptor per package folder, in a stable order."""
    found = []
    for folder in sorted(p for p in datapackage_dir.iterdir() if p.is_dir()):
        for name in DESCRIPTOR_NAMES:
            candidate = folder / name
            if candidate.is_file():
                found.append(candidate)
                break
    return found


def read_descriptor(path: Path) -> dict[str, Any]:
    """Parse YAML or JSON; raises ``ValueError`` with the position of a syntax error."""
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from None
    try:
        data = json.loads(content) if path.suffix == ".json" else yaml.safe_load(content)
    except json.JSONDecodeError as error:
        raise ValueError(f"line {error.lineno}, column {error.colno}: {error.msg}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ValueError(f"{where}{problem}") from None
    if not isinstance(data, dict):
        raise ValueError("the top level must be a mapping (name:, resources:, ...)")
    return data


def unsafe_reason(path_value: object) -> str | None:
    """Why a resource path is refused, or None when it is a safe relative file path."""
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


def load_packages(root: Path, datapackage_dir: Path | None = None) -> tuple[list[Package], list[Problem]]:
    """Every package under ``datapackage/``; unreadable ones become problems, not exceptions."""
    datapackage_dir = datapackage_dir or root / "datapackage"
    packages: list[Package] = []
    problems: list[Problem] = []
    for descriptor_path in find_descriptors(datapackage_dir):
        rel = descriptor_path.relative_to(root).as_posix()
        try:
            descriptor = read_descriptor(descriptor_path)
        except ValueError as error:
            problems.append(Problem("descriptor-unreadable", rel, values={"detail": str(error)}))
            continue
        except OSError as error:
            problems.append(Problem("descriptor-unreadable", rel, values={"detail": error.strerror}))
            continue
        package = Package(descriptor_path.parent, descriptor_path, descriptor, root)
        resources = descriptor.get("resources")
        if not isinstance(resources, list) or not resources:
            problems.append(
                Problem("descriptor-invalid", rel, values={"detail": "`resources` must be a non-empty list"})
            )
            continue
        for index, res in enumerate(resources):
            if not isinstance(res, dict):
                problems.append(
                    Problem("descriptor-invalid", rel, values={"detail": f"resources[{index}] is not a mapping"})
                )
                continue
            reason = unsafe_reason(res.get("path"))
            if reason:
                problems.append(
                    Problem("path-unsafe", rel, column="path", values={"value": res.get("path"), "detail": reason})
                )
                continue
            resource = Resource(package, res)
            if not resource.path.is_file():
                problems.append(Problem("file-missing", rel, column="path", values={"value": res.get("path")}))
                continue
            package.resources.append(resource)
        packages.append(package)
    return packages, problems
