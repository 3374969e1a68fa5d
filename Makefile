# Everyday commands. `make run` serves the site with demo content at
# http://127.0.0.1:8000; `make test` runs the test suite. See README.md.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, for example: make test PYTEST_ARGS="-k seed -x"
PYTEST_ARGS ?=
# pytest-xdist workers: one per core by default; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
# Tried in order to create $(VENV); the first that is Python 3.12 or newer wins.
# Under pyenv, python3 is the version named in .python-version. PYTHON=... goes first.
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHON_CANDIDATES = $(PYTHON) python3 python3.13 python3.12 $(wildcard \
	$(PYENV_ROOT)/versions/3.14*/bin/python3 \
	$(PYENV_ROOT)/versions/3.13*/bin/python3 \
	$(PYENV_ROOT)/versions/3.12*/bin/python3)
DJANGO = DEBUG=1 $(PY) manage.py

.DEFAULT_GOAL := help
.PHONY: help install static run test lint bench bench-scale bench-tools bench-popularity
.PHONY: chaos soak

help:
	@echo "make run    create $(VENV), install, migrate, seed demo content, serve at http://$(HOST):$(PORT)"
	@echo "make test   run the test suite (pytest; PYTEST_ARGS=... passes options)"
	@echo "make lint   ruff check, ruff format --check, makemigrations --check"
	@echo "make bench  the site under wrk against its floor, 100,000 articles (BENCHMARKS.md)"
	@echo "make bench-scale  the page-cache misses at 1,000 and 100,000 articles"
	@echo "make chaos  break Redis and PostgreSQL under traffic and count every outcome"
	@echo "make soak   60 s of mixed traffic at 32 connections; checks errors and counts"

$(PY):
	@python=""; \
	for candidate in $(PYTHON_CANDIDATES); do \
		if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
			python="$$candidate"; break; \
		fi; \
	done; \
	if [ -z "$$python" ]; then \
		echo "Newsroom needs Python 3.12 or newer, and none was found (tried: $(strip $(PYTHON_CANDIDATES)))."; \
		echo "Install Python 3.13 (this project's .python-version) or 3.12, for example:"; \
		echo "  pyenv install 3.13          (with pyenv, https://github.com/pyenv/pyenv)"; \
		echo "  sudo apt-get install python3.12 python3.12-venv    (Debian/Ubuntu)"; \
		echo "  brew install python@3.13    (macOS)"; \
		echo "then run make again, or name the interpreter: make run PYTHON=/path/to/python3.13"; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$("$$python" --version) ($$python)"; \
	"$$python" -m venv $(VENV)

# Reinstalls only when a requirements file is newer than the last install.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	@echo "Installing requirements-dev.txt into $(VENV)"
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $@

install: $(STAMP)

static: $(STAMP)
	$(DJANGO) collectstatic --noinput --verbosity 0

run: static
	$(DJANGO) migrate --noinput
	$(DJANGO) seed_demo --if-empty
	$(DJANGO) runserver $(HOST):$(PORT)

# Compiled modules, and pytest's rewritten test modules, are kept between runs even
# where the environment sets PYTHONDONTWRITEBYTECODE: compiling them was 3 s a process.
test: static
	PYTHONDONTWRITEBYTECODE= DEBUG=1 $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(DJANGO) makemigrations --check --dry-run

# The site as production runs it (gunicorn, PostgreSQL, Redis, nginx) under wrk,
# against a bare view on the same server; each archive size gets a PostgreSQL
# database of its own, seeded once. BENCH_ARTICLES=1000 picks another size and
# BENCH_ARGS="--duration 20" passes options (benchmarks/site.py --help).
BENCH_ARTICLES ?= 100000
BENCH_ARGS ?=
bench: $(STAMP) bench-tools
	$(PY) benchmarks/site.py --articles $(BENCH_ARTICLES) $(BENCH_ARGS)

bench-scale: $(STAMP) bench-tools
	$(PY) benchmarks/site.py --scale $(BENCH_ARGS)

# wrk drives the load and nginx is one of the scenarios (Debian packages).
bench-tools:
	@command -v wrk >/dev/null && command -v nginx >/dev/null || \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk nginx)

# "Most viewed" queries at 50,000 articles and 2,000,000 daily buckets.
bench-popularity: $(STAMP)
	DEBUG=1 $(PY) benchmarks/popularity.py $(BENCH_ARGS)

# The site under Granian with DEBUG off, its own PostgreSQL database (newsroom_chaos)
# and a throw-away redis-server; README.md "Reliability". CHAOS_ARGS / SOAK_ARGS
# pass options, e.g. SOAK_ARGS="--seconds 10 --connections 8".
CHAOS_ARGS ?=
SOAK_ARGS ?=
chaos: $(STAMP)
	$(PY) benchmarks/resilience.py chaos $(CHAOS_ARGS)

soak: $(STAMP)
	$(PY) benchmarks/resilience.py soak $(SOAK_ARGS)
