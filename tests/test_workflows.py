"""The GitHub workflows: valid against GitHub's workflow schema, no zizmor findings (both
run offline, as subprocesses from the virtual environment), and the hardening rules
checked directly: no `pull_request_target`, least privilege, actions pinned by SHA,
deployment only from main through the `github-pages` environment."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.core.paths import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
#: The actions in use, at commits verified against their release tags.
PINNED = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("0b93645e9fea7318ecaed2b359559ac225c90a2b", "v5.3.0"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
}
UNSAFE = """\
name: Unsafe
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, check=False)


def _load(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    return workflow.get("on") or workflow[True]  # YAML 1.1 reads a bare `on` as True


def test_both_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "deploy.yml"]


def test_workflows_match_githubs_schema() -> None:
    done = _run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_finds_nothing(persona: str) -> None:
    done = _run(BIN / "zizmor", "--offline", f"--persona={persona}", ROOT / ".github" / "workflows")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_the_tools_do_catch_an_unsafe_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "unsafe.yml"
    bad.write_text(UNSAFE, encoding="utf-8")
    zizmor = _run(BIN / "zizmor", "--offline", bad)
    assert zizmor.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert audit in zizmor.stdout, audit
    bad.write_text(UNSAFE.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), encoding="utf-8")
    schema = _run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", bad)
    assert schema.returncode != 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_no_pull_request_target(path: Path) -> None:
    workflow = _load(path)
    assert "pull_request_target" not in _triggers(workflow)
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["group"]
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, name
        assert set(job["permissions"].values()) <= {"read", "write"}, name
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_verified_sha(path: Path) -> None:
    uses = re.findall(r"uses: ([\w./-]+)@(\S+)(?: # (\S+))?", path.read_text(encoding="utf-8"))
    assert uses
    for action, ref, version in uses:
        assert (ref, version) == PINNED[action], action


def test_deployment_only_from_main_through_the_pages_environment() -> None:
    deploy = _load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert set(_triggers(deploy)) == {"push", "workflow_dispatch"}
    assert _triggers(deploy)["push"] == {"branches": ["main"]}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = deploy["jobs"]
    assert all(job["if"] == "github.ref == 'refs/heads/main'" for job in jobs.values())
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    # The site is built for the address Pages publishes it at, not mkdocs.yml's placeholder.
    build = {step.get("run"): step for step in jobs["build"]["steps"]}["make site"]
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"


def test_pull_requests_are_validated_annotated_and_diffed() -> None:
    ci = _load(ROOT / ".github" / "workflows" / "ci.yml")
    assert set(_triggers(ci)) == {"pull_request", "push"}
    validate = ci["jobs"]["validate"]
    assert validate["permissions"] == {"contents": "read"}
    assert validate["env"]["SITEGEN_BASE"] == "origin/${{ github.base_ref || 'main' }}"
    runs = {step.get("run"): step.get("if") for step in validate["steps"] if "run" in step}
    assert runs == {"make validate": None, "make diff": "${{ !cancelled() && github.event_name == 'pull_request' }}"}
    checkout = validate["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is needed for the comparison


def test_every_pull_request_is_linted_before_it_is_built() -> None:
    """ruff, mypy --strict and the layer contracts run in CI, before the build and tests."""
    steps = [step.get("run") for step in _load(ROOT / ".github" / "workflows" / "ci.yml")["jobs"]["test"]["steps"]]
    assert steps.index("make lint") < steps.index("make site") < steps.index("bash .ci/run")
    lint = re.search(r"(?ms)^lint:.*?(?=^\S)", (ROOT / "Makefile").read_text(encoding="utf-8"))
    assert lint and all(tool in lint.group(0) for tool in ("ruff check", "mypy", "lint-imports"))
