# Two commands matter: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := fostering
# Python's default: compiled modules are kept in __pycache__. A machine that sets
# PYTHONDONTWRITEBYTECODE (this project's CI does) would otherwise compile every module
# again in every process: half of each test worker's start, and uv leaves none compiled.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint format install assets translations compile-translations migrate demo serve test-deps bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	@# uv installs the same packages as pip in a quarter of the time; pip is the fallback.
	$(BIN)/pip install --quiet --disable-pip-version-check uv \
	  && $(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]' \
	  || $(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json
	npm run --silent build

compile-translations: $(STAMP)
	$(BIN)/pybabel -q compile -d translations

## Extract every message, update the Welsh catalogue, then compile it.
translations: $(STAMP)
	bin/translate.sh

migrate: $(STAMP)
	FOSTERING_ENV=$${FOSTERING_ENV:-development} $(BIN)/flask db upgrade

demo: migrate
	FOSTERING_ENV=$${FOSTERING_ENV:-development} $(BIN)/flask demo load

## Set everything up, load the demo council and serve on http://127.0.0.1:5000
run: install assets compile-translations demo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl+C to stop)"
	FOSTERING_ENV=$${FOSTERING_ENV:-development} $(BIN)/flask run --host 127.0.0.1 --port 5000

## Install what the tests need (PostgreSQL, Redis, Chromium) when missing, then run them all
test:
	@# The venv, the assets and Debian's packages are independent: set them up side by side.
	@$(MAKE) --no-print-directory -j3 install assets compile-translations test-deps
	@# Three test processes on two cores: two run the browser journeys, which keep a core
	@# busy each, and the rest of the suite, which waits on PostgreSQL a third of the
	@# time, fills the gaps (tests/conftest.py, pytest_xdist_make_scheduler).
	$(BIN)/python -m pytest -q -n $${PYTEST_WORKERS:-3} --durations=15 $(PYTEST_ARGS)

test-deps:
	@bin/install-test-deps.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check fostering matching tests bench

format: install
	$(BIN)/ruff format fostering matching tests bench
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/matching.py

clean:
	rm -rf $(VENV) node_modules static/fonts static/images static/manifest.json static/govuk-frontend.min.* instance/*.sqlite
