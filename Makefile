# One entry point for set-up, tests and reports. Every target creates the environment it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PARAMS ?= params/astana-2025-en.yaml
JOBS ?=

.PHONY: setup test lint hooks report lab bench clean lock

setup: $(STAMP)

# Reinstall only when the lock or the package metadata changed.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# The same checks as the pre-commit hooks (.pre-commit-config.yaml): lint, notebooks without outputs, layers.
lint: $(STAMP)
	$(BIN)/ruff check src tests notebooks
	$(BIN)/python -m analysis check-notebooks notebooks
	$(BIN)/lint-imports

# Installs the git hooks of .pre-commit-config.yaml into this clone.
hooks: $(STAMP)
	$(BIN)/pre-commit install

test: lint
	$(BIN)/python -m pytest

report: $(STAMP)
	$(BIN)/python -m analysis run --params $(PARAMS) $(if $(JOBS),--jobs $(JOBS))

# Jupyter refuses to start as root unless told; containers often run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

bench: $(STAMP)
	$(BIN)/python tests/benchmark/bench.py

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.txt

clean:
	rm -rf reports/*/ reports/.staging-* reports/.old-* reports/bench.json .cache
