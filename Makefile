# Hope Home — the two commands: `make demo` and `make test`. Needs only python3 (3.11).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOPEHOME_VAR_DIR ?= $(CURDIR)/var

.PHONY: demo test test-pg test-browser install install-dev lint bench clean help

help:
	@echo "make demo          set up, migrate SQLite under var/, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test          set up and run the whole test suite (SQLite; browser tests when Chromium is installed)"
	@echo "make test-pg       the suite against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)"
	@echo "make test-browser  the browser tests only (Debian's /usr/bin/chromium required)"
	@echo "make lint          ruff"
	@echo "make bench         the training-indicator benchmark (1,000,000 enrolments)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	DEBUG=1 $(BIN)/hopehome migrate --noinput
	DEBUG=1 $(BIN)/hopehome seed-demo
	DEBUG=1 $(BIN)/hopehome demo-info --base-url http://$(HOST):$(PORT)
	DEBUG=1 $(BIN)/hopehome runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/pytest

test-pg: install-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -m "not browser"

test-browser: install-dev
	HOPEHOME_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser

lint: install-dev
	$(BIN)/ruff check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/training_indicators.py

clean:
	rm -rf $(VENV) var/*.sqlite3* staticfiles .pytest_cache
