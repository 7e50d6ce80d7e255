# Each target sets up what it needs on a fresh machine: a .venv with the project installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: install run serve bench seed test lint ci clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

# Migrate, load the seed data and serve the site with a local SQLite database.
run: seed
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(ADDR)

# Production: gunicorn with several workers, debug off. Needs DJANGO_SECRET_KEY,
# DJANGO_ALLOWED_HOSTS and DATABASE_URL (PostgreSQL); REDIS_URL for a cache shared by the workers.
serve: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn refugeeguide.wsgi

# The load benchmark (needs PostgreSQL, Redis and Debian's wrk); writes docs/benchmarks.md.
bench: install
	$(BIN)/python bench/run.py

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
