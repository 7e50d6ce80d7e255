# Each target sets up what it needs on a fresh machine: a .venv with the project installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: install run seed test lint ci clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

# Migrate, load the seed data and serve the site with a local SQLite database.
run: seed
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(ADDR)

seed: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py loaddata fixtures/*.json

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
