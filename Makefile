# wagtail-social developer tasks. GNU make; run from the repository root.
#
#   make install    .venv with the package (editable) and its test and dev tools
#   make demo       the demo intranet on http://127.0.0.1:8000 (logins are printed; DEMO_ADDR=...)
#   make test       the import contracts, then the suite on SQLite and PostgreSQL, browser tests
#                   included, against the wheel
#                   (TOX_ARGS="-- -k policy" passes arguments on to pytest)
#   make test-all   the whole tox matrix (Python 3.11 + Django 5.2, Python 3.12 + Django 6.1)
#   make test-fast  pytest on SQLite from the source tree (PYTEST_ARGS="-k policy" to narrow)
#   make lint       ruff check, ruff format --check and the import contracts (lint-imports)
#   make messages   update and compile the fr/en translation catalogs of every app with a catalog
#   make bench      run the benchmark scripts in bench/
#   make clean      remove build, tox and cache files (not .venv, not the demo database)

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.wagtail-social-installed
# The folders with their own catalogs; a folder inside another one (a sub-app of the core) has its
# own catalog, so the outer folder's makemessages ignores it.
LOCALE_APPS := wagtail_social wagtail_social/contributions wagtail_social/search \
	wagtail_social_polls wagtail_social_kpi
TOX_ENVS := py311-django52-sqlite,py311-django52-postgres
CHROMIUM := /usr/bin/chromium
DEMO := DJANGO_SETTINGS_MODULE=example_site.settings $(BIN)/python -m django
DEMO_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
TOX_ARGS ?=
BENCH_ARGS ?=

# tox looks for python3.12 and friends on PATH, where pyenv's shims only answer for the selected
# version: put every pyenv-installed Python 3 on PATH for the tox targets.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null)
empty :=
space := $(empty) $(empty)
PYENV_BINS := $(subst $(space),:,$(strip $(wildcard $(PYENV_ROOT)/versions/3.1[1-9]*/bin)))
TOX := PATH="$(if $(PYENV_BINS),$(PYENV_BINS):)$$PATH" $(BIN)/tox

# $(call require,COMMAND,DEBIAN PACKAGE,WHY): install the package with apt-get when COMMAND is
# missing and we are root; otherwise stop with a message saying what to install and why.
define require
@if ! command -v $(1) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" -eq 0 ]; then \
	    echo "$(1) is missing: $(3). Installing the Debian package $(2)."; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -q && apt-get install -y -q $(2) || exit 1; \
	    command -v $(1) >/dev/null || { echo "error: $(1) still missing after installing $(2)" >&2; exit 1; }; \
	  else \
	    echo "error: $(1) is missing: $(3). Install it as root: apt-get install $(2)" >&2; \
	    exit 1; \
	  fi; \
	fi
endef

.DEFAULT_GOAL := help
.PHONY: help venv install demo test test-all test-fast chromium gettext lint contracts messages bench clean

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

venv: $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(STAMP)

# Re-installs only when the package metadata changes.
$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test,dev]'
	touch $@

demo: install
	$(DEMO) migrate --noinput
	$(DEMO) load_demo_data
	$(DEMO) runserver $(DEMO_ADDR)

chromium:
	$(call require,$(CHROMIUM),chromium,the browser tests drive Debian's chromium with Playwright)

gettext:
	$(call require,msgfmt,gettext,makemessages and compilemessages run the GNU gettext tools)

# setuptools reuses build/ between wheel builds: a stale copy of a deleted file would be shipped.
test: install chromium contracts
	rm -rf build
	$(TOX) run -e $(TOX_ENVS) $(TOX_ARGS)

test-all: install chromium
	rm -rf build
	$(TOX) run $(TOX_ARGS)

test-fast: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install contracts
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# The layers of docs/design.md as import-linter contracts (setup.cfg, [importlinter]).
contracts: install
	$(BIN)/lint-imports --no-cache

# Each app has its own catalogs, so the commands run in each app's folder (set -f: the --ignore
# patterns reach makemessages unexpanded).
DJANGO_ADMIN = $(abspath $(BIN)/django-admin)
messages: install gettext
	@set -ef; for app in $(LOCALE_APPS); do \
	  ignore=""; for sub in $(LOCALE_APPS); do \
	    case $$sub in $$app/*) ignore="$$ignore --ignore $${sub#$$app/}/*";; esac; \
	  done; \
	  echo "== $$app$${ignore:+ (ignoring$$ignore)}"; mkdir -p $$app/locale; \
	  (cd $$app && $(DJANGO_ADMIN) makemessages -l fr -l en --ignore '.venv/*' $$ignore \
	    && $(DJANGO_ADMIN) compilemessages); \
	done

# Scripts are the bench/*.py files with a __main__ block; the others are their helpers.
bench: install
	@scripts=$$(grep -l '^if __name__ == "__main__":' bench/*.py 2>/dev/null); \
	if [ -z "$$scripts" ]; then echo "no bench scripts"; exit 0; fi; \
	for script in $$scripts; do \
	  echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; \
	done

clean:
	rm -rf .tox build dist *.egg-info .pytest_cache .ruff_cache tests/var
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
