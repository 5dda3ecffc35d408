# Set-up and everyday commands. Only python3 (>= 3.11), git and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests drive Debian's Chromium; Playwright's own browser download is not used.
CHROMIUM ?= /usr/bin/chromium
# The integration suite (tests/integration) runs Debian's Redis and PostgreSQL servers.
REDIS_SERVER ?= /usr/bin/redis-server
POSTGRES_SERVER := $(firstword $(wildcard /usr/lib/postgresql/*/bin/postgres))
ifeq ($(POSTGRES_SERVER),)
POSTGRES_SERVER := postgresql-server
endif

.PHONY: demo test test-integration install lock migrations clean bench-images bench-wordpress postgresql-server bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every package at the version and with the hashes pinned in requirements.lock (`make lock`
# refreshes it from pyproject.toml), then the project itself; again whenever either changes.
LOCK := requirements.lock
$(INSTALLED): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## make lock: pin the newest versions pyproject.toml allows, with hashes, into requirements.lock
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --upgrade --extra test --generate-hashes --strip-extras \
		--allow-unsafe --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml

install: $(INSTALLED)

$(CHROMIUM):
	@echo "Installing Debian's chromium package for the browser tests"
	@{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends chromium; } || \
		{ echo "Could not install chromium: run 'sudo apt-get install chromium', or set CHROMIUM=/path/to/chromium" >&2; exit 1; }

$(REDIS_SERVER):
	@echo "Installing Debian's redis-server package for the integration tests"
	@{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends redis-server; } || \
		{ echo "Could not install redis-server: run 'sudo apt-get install redis-server', or set REDIS_SERVER=/path/to/redis-server" >&2; exit 1; }

# Named by its versioned path once installed; until then this installs it.
postgresql-server:
	@echo "Installing Debian's postgresql package for the integration tests"
	@{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends postgresql; } || \
		{ echo "Could not install PostgreSQL: run 'sudo apt-get install postgresql'" >&2; exit 1; }

## make demo: set everything up and serve the demo desk on http://127.0.0.1:8000/
demo: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo
	DEBUG=true $(BIN)/python manage.py seed_demo_comments
	DEBUG=true $(BIN)/python manage.py demo_logins
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: set everything up and run the whole test suite, the integration suite included
test: install $(CHROMIUM) $(REDIS_SERVER) $(POSTGRES_SERVER)
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=true $(BIN)/python -m mypy
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

## make test-integration: only the production stack (PostgreSQL, Redis, S3, gunicorn, worker)
test-integration: install $(REDIS_SERVER) $(POSTGRES_SERVER)
	$(BIN)/python -m pytest tests/integration $(PYTEST_ARGS)

## make bench-images: seconds and peak memory to make every rendition of big pictures
bench-images: install
	$(BIN)/python bench/images.py

## make bench-wordpress: seconds and peak memory to import WordPress exports of up to 100,000 comments
bench-wordpress: install
	$(BIN)/python bench/wordpress_import.py

# The load tool of `make bench`.
WRK ?= /usr/bin/wrk
$(WRK):
	@echo "Installing Debian's wrk package for the benchmarks"
	@{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends wrk; } || \
		{ echo "Could not install wrk: run 'sudo apt-get install wrk', or set WRK=/path/to/wrk" >&2; exit 1; }

## make bench: the production stack under wrk on a small and a large desk, into bench/RESULTS.md
bench: install $(WRK) $(REDIS_SERVER) $(POSTGRES_SERVER)
	WRK=$(WRK) $(BIN)/python bench/run.py $(BENCH_ARGS)

migrations: install
	$(BIN)/python manage.py makemigrations

clean:
	rm -rf $(VENV) var
