# Set-up and everyday commands. Only python3 (>= 3.11), git and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install migrations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(INSTALLED)

## make demo: set everything up and serve the demo desk on http://127.0.0.1:8000/
demo: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo
	DEBUG=true $(BIN)/python manage.py seed_demo_comments
	DEBUG=true $(BIN)/python manage.py demo_logins
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: set everything up and run the whole test suite
test: install
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=true $(BIN)/python -m mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

migrations: install
	$(BIN)/python manage.py makemigrations

clean:
	rm -rf $(VENV) var
