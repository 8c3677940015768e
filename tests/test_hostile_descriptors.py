"""Hostile descriptors: paths that lead outside datapackage/ or to the network, symbolic
links, schemas and profiles given as URLs, unsafe names, and YAML/JSON that is broken,
huge, deeply nested, an alias bomb or full of duplicate keys. None may raise, read
outside the repository, touch the network or leave a half-built site/.
"""

from __future__ import annotations

import io
import shutil
import time

import pytest

from sitegen.build import build_site
from sitegen.core.paths import Layout
from sitegen.core.problems import Problem

from .hostile import DESCRIPTOR, MEMBERS, PACKAGE, errors, line_of, only_error, replace, site_untouched


def _path_line(layout: Layout) -> str:
    """``path:row:column`` of the first resource's `path:` line."""
    return f"{DESCRIPTOR}:{line_of(layout, DESCRIPTOR, '    path: ', start='resources:')}:path"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("https://example.org/x.csv", "URLs are not fetched"),
        ("//example.org/x.csv", "URLs are not fetched"),
        ("/etc/passwd", "absolute paths are not allowed"),
        ("C:\\\\data\\\\x.csv", "absolute paths are not allowed"),
        ("../../../etc/passwd", "paths may not lead outside the package folder"),
        ("sub/../../x.csv", "paths may not lead outside the package folder"),
    ],
)
def test_resource_paths_outside_the_package_are_refused(fixture_repo: Layout, path: str, reason: str) -> None:
    replace(fixture_repo, DESCRIPTOR, "path: association-members.csv", f'path: "{path}"')
    problem = only_error(fixture_repo)  # and not also a missing inventory resource, nor a frictionless error
    assert (problem.code, problem.location()) == ("path-unsafe", _path_line(fixture_repo))
    assert problem.message("en").startswith(f"{path.replace(chr(92) * 2, chr(92))!r} is refused: {reason}.")
    assert "never the network" in problem.message("en")


def test_a_symlink_leading_outside_is_refused(fixture_repo: Layout, tmp_path) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_text((fixture_repo.root / MEMBERS).read_text(encoding="utf-8"), encoding="utf-8")
    (fixture_repo.root / MEMBERS).unlink()
    (fixture_repo.root / MEMBERS).symlink_to(outside)
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("path-unsafe", _path_line(fixture_repo))
    assert "it is a symbolic link leading outside datapackage/" in problem.message("en")


def test_a_symlinked_package_folder_leading_outside_is_refused(fixture_repo: Layout, tmp_path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.move(fixture_repo.root / PACKAGE, outside)
    (fixture_repo.root / PACKAGE).symlink_to(outside)
    problem = only_error(fixture_repo)
    assert (problem.code, problem.location()) == ("path-unsafe", DESCRIPTOR)


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        (
            "    schema:\n      primaryKey: [fiscal_year]\n",
            "    schema: https://example.org/schema.json\n    unused:\n      primaryKey: [fiscal_year]\n",
            "schema",
            "`schema` must be written inline, not as a path or URL",
        ),
        (
            "profile: tabular-data-resource",
            "profile: https://example.org/profile.json",
            "profile",
            "`profile` must be one of data-package, data-resource, tabular-data-package, tabular-data-resource",
        ),
        (
            "format: csv\n",
            "format: csv\n    dialect: https://example.org/dialect.json\n",
            "dialect",
            "`dialect` must be written inline",
        ),
    ],
)
def test_what_frictionless_would_fetch_is_refused(
    fixture_repo: Layout, old: str, new: str, key: str, words: str
) -> None:
    replace(fixture_repo, DESCRIPTOR, old, new)
    started = time.monotonic()
    problem = only_error(fixture_repo)
    assert time.monotonic() - started < 10  # no network timeout was waited for
    at = f"{DESCRIPTOR}:{line_of(fixture_repo, DESCRIPTOR, 'https://example.org/')}:{key}"
    assert (problem.code, problem.location()) == ("path-unsafe", at)
    assert words in problem.message("en")


def _unreadable(layout: Layout, detail: str, path: str = DESCRIPTOR) -> Problem:
    problem = only_error(layout)
    assert (problem.code, problem.location()) == ("descriptor-unreadable", path)
    assert problem.message("en") == f"cannot read the descriptor: {detail}."
    return problem


def test_invalid_yaml_is_located(fixture_repo: Layout) -> None:
    line = line_of(fixture_repo, DESCRIPTOR, "resources:") + 1  # where the parser gives up: the first item
    replace(fixture_repo, DESCRIPTOR, "resources:", "resources: [")
    _unreadable(fixture_repo, f"line {line}, column 3: did not find expected node content; fix the YAML syntax there")


def test_invalid_json_is_located(fixture_repo: Layout) -> None:
    (fixture_repo.root / DESCRIPTOR).unlink()
    (fixture_repo.root / PACKAGE / "datapackage.json").write_text('{"name": "x",\n "resources": [}', encoding="utf-8")
    detail = "line 2, column 16: Expecting value; fix the JSON syntax there"
    _unreadable(fixture_repo, detail, f"{PACKAGE}/datapackage.json")


def test_a_yaml_alias_bomb_is_refused_before_it_expands(fixture_repo: Layout) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (fixture_repo.root / DESCRIPTOR).write_text("\n".join(levels) + "\n", encoding="utf-8")
    _unreadable(fixture_repo, "line 2, column 10: anchors and aliases (& and *) are not allowed in a descriptor; "
                "fix the YAML syntax there")  # fmt: skip


def test_a_duplicate_key_is_not_silently_overwritten(fixture_repo: Layout) -> None:
    title = "    title_en: International association members by fiscal year\n"
    first = line_of(fixture_repo, DESCRIPTOR, title.rstrip("\n"))
    replace(fixture_repo, DESCRIPTOR, title, title + "    title_en: Association members\n")
    detail = f"line {first + 1}, column 5: duplicate key 'title_en' (first on line {first}); fix the YAML syntax there"
    _unreadable(fixture_repo, detail)


def test_a_deeply_nested_descriptor(fixture_repo: Layout) -> None:
    (fixture_repo.root / DESCRIPTOR).write_text("a: " + "[" * 20_000 + "]" * 20_000, encoding="utf-8")
    _unreadable(fixture_repo, "the structure is nested too deeply")


def test_a_huge_descriptor_is_not_read(fixture_repo: Layout) -> None:
    with (fixture_repo.root / DESCRIPTOR).open("r+b") as handle:
        handle.truncate(100 * 1024 * 1024)
    _unreadable(fixture_repo, "the file is 104,857,600 bytes; a descriptor may be at most 2,097,152 bytes")


def test_a_binary_descriptor(fixture_repo: Layout) -> None:
    (fixture_repo.root / DESCRIPTOR).write_bytes(b"name: x\n\xff\xfe\x00\x01")
    _unreadable(fixture_repo, "line 2: not UTF-8 text (byte 8); save the file as UTF-8")


def test_a_descriptor_that_is_not_a_mapping(fixture_repo: Layout) -> None:
    (fixture_repo.root / DESCRIPTOR).write_text("- name: x\n", encoding="utf-8")
    _unreadable(fixture_repo, "the top level must be a mapping (name:, resources:, ...)")


@pytest.mark.parametrize(
    ("old", "new", "key", "detail"),
    [
        (
            "name: sample-city-exchange",
            "name: ../../evil",
            "name",
            "`name` is '../../evil'; it must be the folder's name, 'sample-city-exchange'",
        ),
        (
            "  - name: association-members\n",
            "  - name: ../evil\n",
            "name",
            "resource '../evil': `name` '../evil' must be lowercase letters, digits and hyphens, e.g. 'staff-by-year'",
        ),
        (
            "        - name: era_year_label\n",
            "        - name: Era Year\n",
            "name",
            "resource 'association-members': field name 'Era Year' must be snake_case ASCII, e.g. 'fiscal_year'",
        ),
        (
            "path: association-members.csv",
            "path: datapackage.yaml",
            "path",
            "resource 'association-members': `path` must name a .csv file, not 'datapackage.yaml'",
        ),
    ],
)
def test_unsafe_names(fixture_repo: Layout, old: str, new: str, key: str, detail: str) -> None:
    replace(fixture_repo, DESCRIPTOR, old, new)
    problem = only_error(fixture_repo)
    at = f"{DESCRIPTOR}:{line_of(fixture_repo, DESCRIPTOR, new.strip())}:{key}"
    assert (problem.code, problem.location()) == ("descriptor-invalid", at)
    assert problem.message("en") == f"descriptor is not a valid data package: {detail}"


@pytest.mark.parametrize("case", ["alias-bomb", "symlink", "schema-url"])
def test_a_refused_descriptor_never_touches_the_previous_site(fixture_repo: Layout, tmp_path, case: str) -> None:
    (fixture_repo.site).mkdir()
    (fixture_repo.site / "index.html").write_text("previous build", encoding="utf-8")
    if case == "alias-bomb":
        (fixture_repo.root / DESCRIPTOR).write_text("a: &a [x]\nb: [*a, *a]\n", encoding="utf-8")
    elif case == "symlink":
        (fixture_repo.root / MEMBERS).unlink()
        (fixture_repo.root / MEMBERS).symlink_to("/etc/hostname")
    else:
        replace(fixture_repo, DESCRIPTOR, "    schema:\n", "    schema: /etc/schema.json\n    unused:\n")
    stream = io.StringIO()
    assert build_site(fixture_repo, stream=stream) == 1
    assert "Build stopped: validation failed" in stream.getvalue()
    assert "Traceback" not in stream.getvalue()
    assert site_untouched(fixture_repo.root)
    assert [p.code for p in errors(fixture_repo)] in (["descriptor-unreadable"], ["path-unsafe"])
