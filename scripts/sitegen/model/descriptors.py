"""Reading a descriptor (YAML or JSON) as untrusted input, remembering where each key is.

A contributor's descriptor may be malformed or hostile. It is read with a size limit,
without YAML anchors and aliases (an alias bomb expands exponentially), refusing
duplicate keys (YAML would silently keep the last one), and every failure becomes a
``ValueError`` with the line and column. The line of every key is kept, so that a
problem in the metadata is reported, and annotated on the pull request, at its line.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

#: The largest descriptor read (the biggest real one is about 130 KB).
MAX_DESCRIPTOR_BYTES = 2 * 1024 * 1024

KeyPath = tuple[str | int, ...]


#: Deeper nesting is refused before composing (the C composer recurses without a limit).
MAX_DEPTH = 50
if TYPE_CHECKING:
    _Base = yaml.SafeLoader  # the C loader offers the same methods; its stubs are in another class tree
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):
    """The safe loader (libyaml when available), refusing duplicate keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Hashable, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                continue  # SafeLoader reports unhashable keys itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """An unquoted date that is no date (``2025-13-01``) stays text, for the lint to
        report at its line rather than failing the whole file without one."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def _check_events(content: str) -> None:
    """Refuse aliases (an alias bomb expands exponentially) and deep nesting, streaming."""
    depth = 0
    for event in yaml.parse(content, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            # libyaml's events carry its own Mark class (the same attributes), which the
            # stubs of MarkedYAMLError leave out of the marks it takes: a gap in types-PyYAML.
            problem = "anchors and aliases (& and *) are not allowed in a descriptor"
            raise yaml.composer.ComposerError(None, None, problem, event.start_mark)  # type: ignore[arg-type]
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise RecursionError
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _check_depth(data: Any) -> None:
    """The same nesting limit for JSON, checked without recursion."""
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                raise RecursionError
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))


def _compose(content: str, construct: bool) -> tuple[Any, Any]:
    """(node, data) of a checked YAML text; data only when ``construct``."""
    _check_events(content)
    loader = _StrictLoader(content)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if construct and node is not None else None
    finally:
        loader.dispose()
    return node, data


@dataclass
class Lines:
    """Line numbers (1-based) of the keys and items of a descriptor, by key path."""

    lines: dict[KeyPath, int] = field(default_factory=dict)

    def of(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that exists (a missing key)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


class DescriptorError(ValueError):
    """A descriptor that cannot be read: where and why, in English, and in Japanese
    (``ja``) for the Japanese line of the problem."""

    def __init__(self, message: str, ja: str) -> None:
        super().__init__(message)
        self.ja = ja


def japanese(error: Exception) -> str:
    """The Japanese wording of a reading error, or its own words when it has none."""
    return getattr(error, "ja", "") or str(error)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DescriptorError(f"duplicate key {key!r}", f"キー {key!r} が重複しています")
        result[key] = value
    return result


#: What the YAML reader says, for the problems a contributor meets, in Japanese.
_YAML_JA = {
    "anchors and aliases (& and *) are not allowed in a descriptor": "アンカーとエイリアス（& と *）は使えません",
}


def _yaml_error(error: yaml.YAMLError) -> tuple[str, str]:
    """Where and what, in English and in Japanese (the reader's own words quoted)."""
    mark = getattr(error, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    where_ja = f"{mark.line + 1}行目 {mark.column + 1}列目: " if mark else ""
    problem = getattr(error, "problem", None) or str(error)
    if problem in _YAML_JA:
        return f"{where}{problem}", f"{where_ja}{_YAML_JA[problem]}"
    if problem.startswith("duplicate key "):
        return f"{where}{problem}", f"{where_ja}キーが重複しています（{problem}）"
    return f"{where}{problem}", f"{where_ja}YAML の構文に誤りがあります（{problem}）"


def _parse(content: str, json_syntax: bool) -> tuple[Any, Any]:
    """(data, YAML node or None); ``ValueError`` with the position on failure."""
    try:
        if json_syntax:
            data = json.loads(content, object_pairs_hook=_json_pairs)
            _check_depth(data)
            return data, None
        node, data = _compose(content, construct=True)
        return data, node
    except json.JSONDecodeError as error:
        raise DescriptorError(
            f"line {error.lineno}, column {error.colno}: {error.msg}; fix the JSON syntax there",
            f"{error.lineno}行目 {error.colno}列目: JSON の構文に誤りがあります（{error.msg}）。そこを直してください",
        ) from None
    except yaml.YAMLError as error:
        en, ja = _yaml_error(error)
        raise DescriptorError(f"{en}; fix the YAML syntax there", f"{ja}。そこを直してください") from None
    except RecursionError:
        raise DescriptorError("the structure is nested too deeply", "入れ子が深すぎます") from None


def parse(content: str, json_syntax: bool) -> Any:
    """YAML or JSON text to Python data; ``ValueError`` with the position on failure."""
    return _parse(content, json_syntax)[0]


def _walk(node: Any, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _walk(value_node, (*path, key_node.value), lines)
                lines[(*path, key_node.value)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def key_lines(content: str, node: Any = None) -> Lines:
    """Where each key sits. JSON is YAML too; where it cannot be composed, no lines."""
    if node is None:
        try:
            node = _compose(content, construct=False)[0]
        except (yaml.YAMLError, RecursionError):
            return Lines()
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Lines(lines)


def read_text(path: Path, limit: int = MAX_DESCRIPTOR_BYTES) -> str:
    """The descriptor's text: size-limited, UTF-8 (a BOM is tolerated)."""
    size = path.stat().st_size
    if size > limit:
        raise DescriptorError(
            f"the file is {size:,} bytes; a descriptor may be at most {limit:,} bytes",
            f"ファイルが {size:,} バイトあります。記述ファイルは {limit:,} バイトまでです",
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DescriptorError(
            f"line {line}: not UTF-8 text (byte {error.start}); save the file as UTF-8",
            f"{line}行目: UTF-8 のテキストではありません（{error.start} バイト目）。UTF-8 で保存してください",
        ) from None


def read(path: Path) -> tuple[dict[str, Any], Lines]:
    """Parse a descriptor file; raises ``ValueError`` saying where and what is wrong."""
    content = read_text(path)
    data, node = _parse(content, path.suffix == ".json")
    if not isinstance(data, dict):
        raise DescriptorError(
            "the top level must be a mapping (name:, resources:, ...)",
            "最上位は name:、resources: などのキーと値の組でなければなりません",
        )
    return data, key_lines(content, node)
