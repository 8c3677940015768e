# The project's commands. `make site` and `make test` work on a fresh machine with
# only Python 3.11+ and make: the virtual environment is created on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := PYTHONPATH=scripts NO_MKDOCS_2_WARNING=1 $(BIN)/python
PIP    := $(BIN)/python -m pip --disable-pip-version-check --no-input

.DEFAULT_GOAL := help
.PHONY: help site build validate diff status serve test lint format lock clean audit normalize

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime dependencies (pinned with hashes), reinstalled when the lock file changes.
$(VENV)/.site-deps: requirements.txt | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements.txt
	@touch $@

# Test and lint tools on top.
$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	@touch $@ $(VENV)/.site-deps

site: $(VENV)/.site-deps  ## validate and build the bilingual site into site/
	$(PY) -m sitegen build

build: site

validate: $(VENV)/.site-deps  ## validate every data package (schema, checks, metadata)
	$(PY) -m sitegen validate

# The revision `make diff` compares with: $SITEGEN_BASE (CI sets it to the pull request's
# base branch), else main. Passed to the program through the environment, never the shell.
BASE ?= $(or $(SITEGEN_BASE),main)
diff: export SITEGEN_BASE := $(BASE)
diff: $(VENV)/.site-deps  ## the data diff against main as Markdown (BASE=rev to compare with another)
	$(PY) -m sitegen diff

status: $(VENV)/.site-deps  ## each package's version, last change, schedule; OVERDUE past its next edition
	$(PY) -m sitegen status

serve: $(VENV)/.site-deps  ## preview at http://127.0.0.1:8000, reloading on data changes
	$(PY) -m sitegen serve

# The files `make normalize` converts: FILE=path or FILES="a.csv b.csv". Passed to the
# program through the environment, never the shell.
normalize: export SITEGEN_NORMALIZE := $(strip $(FILE) $(FILES))
normalize: $(VENV)/.site-deps  ## convert CSVs saved by Excel (BOM, CRLF, Shift_JIS) to UTF-8 + LF: FILE=path
	$(PY) -m sitegen normalize

# The browser tests need Debian's chromium and Japanese fonts: installed with apt-get if
# missing (as root or with sudo without a password), else one line says what to install.
test: $(VENV)/.dev-deps  ## every test, browser tests included (installs chromium and CJK fonts if missing)
	@bash scripts/setup-test-deps
	$(PY) -m pytest

lint: $(VENV)/.dev-deps  ## ruff, mypy --strict over scripts/sitegen, and the import contracts
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIN)/mypy
	PYTHONPATH=scripts $(BIN)/lint-imports

format: $(VENV)/.dev-deps  ## apply ruff's formatting and fixes
	$(BIN)/ruff format scripts tests benchmarks
	$(BIN)/ruff check --fix scripts tests benchmarks

lock: $(VENV)/.dev-deps  ## re-pin requirements*.txt (with hashes) from requirements*.in
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements.in -o requirements.txt
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements-dev.in -o requirements-dev.txt

audit: $(VENV)/.dev-deps  ## pip-audit the pinned dependency set (needs the network)
	$(BIN)/pip-audit --require-hashes --disable-pip -r requirements.txt -r requirements-dev.txt

clean:  ## remove generated files (keeps .venv)
	rm -rf build site .pytest_cache

# Benchmarks: ratios against baselines of the same run, written to bench-results.json.
.PHONY: bench bench-quick
bench: $(VENV)/.site-deps  ## measure build speed, scaling (100 vs 1,000 datasets), page weight, Lighthouse
	PYTHONPATH=scripts:. NO_MKDOCS_2_WARNING=1 $(BIN)/python -m benchmarks.bench

bench-quick: $(VENV)/.site-deps  ## the same with 20 vs 200 datasets
	PYTHONPATH=scripts:. NO_MKDOCS_2_WARNING=1 $(BIN)/python -m benchmarks.bench --quick
