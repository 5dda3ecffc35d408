# Set-up and everyday commands. Only python3 (>= 3.11), git and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser tests drive Debian's Chromium; Playwright's own browser download is not used.
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install migrations clean bench-images

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(INSTALLED)

$(CHROMIUM):
	@echo "Installing Debian's chromium package for the browser tests"
	@{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends chromium; } || \
		{ echo "Could not install chromium: run 'sudo apt-get install chromium', or set CHROMIUM=/path/to/chromium" >&2; exit 1; }

## make demo: set everything up and serve the demo desk on http://127.0.0.1:8000/
demo: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo
	DEBUG=true $(BIN)/python manage.py seed_demo_comments
	DEBUG=true $(BIN)/python manage.py demo_logins
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: set everything up and run the whole test suite
test: install $(CHROMIUM)
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=true $(BIN)/python -m mypy
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest $(PYTEST_ARGS)

## make bench-images: seconds and peak memory to make every rendition of big pictures
bench-images: install
	$(BIN)/python bench/images.py

migrations: install
	$(BIN)/python manage.py makemigrations

clean:
	rm -rf $(VENV) var
