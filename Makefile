# One entry point for set-up, tests and reports. Every target creates the environment it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PARAMS ?= params/astana-2025-en.yaml
JOBS ?=

.PHONY: setup test lint hooks report lab bench clean lock i18n

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

# Message catalogs (src/analysis/i18n): extract each domain's messages into locales/<domain>.pot as its
# babel-<domain>.cfg says, then bring every language's <domain>.po in line with it: a new message comes in
# untranslated, a removed one goes. No fuzzy matching, so no translation is guessed from a similar message.
# The template has no header (no date), so extracting again with nothing changed changes no file.
I18N := src/analysis/i18n
I18N_DOMAINS := analysis report
I18N_KEYWORDS := --no-default-keywords -k _ -k N_ -k _n:1,2

i18n: $(STAMP)
	@for domain in $(I18N_DOMAINS); do \
	  $(BIN)/pybabel --quiet extract -F $(I18N)/babel-$$domain.cfg $(I18N_KEYWORDS) --add-comments=Translators: \
	    --strip-comment-tags --omit-header --no-wrap -o $(I18N)/locales/$$domain.pot . \
	  && $(BIN)/pybabel --quiet update -D $$domain -i $(I18N)/locales/$$domain.pot -d $(I18N)/locales \
	    --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --no-wrap \
	  || exit 1; \
	done

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.txt

clean:
	rm -rf reports/*/ reports/.staging-* reports/.old-* reports/bench.json .cache
