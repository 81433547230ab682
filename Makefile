# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test journeys install lint format migrate demo clean messages translations

# Python keeps compiled modules (__pycache__), even where the shell says not to: without them
# every process of the suite compiles the whole of Django again (seconds each).
unexport PYTHONDONTWRITEBYTECODE

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip uv

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[dev]'
	touch $@

# The Welsh (issue 15): .mo files are built from the .po files with polib, so a machine without
# GNU gettext still gets its Welsh; they are not kept in git.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po | $(VENV)/.installed
	$(BIN)/python scripts/compile_messages.py $<

messages: $(MO_FILES)

install: $(VENV)/.installed $(MO_FILES)

# Every string a parent reads has its Welsh: makemessages (GNU gettext) finds new strings, then
# the .po is checked (README, "Welsh"). Without gettext it checks the .po as it is, and warns.
translations: install
	$(BIN)/python scripts/check_translations.py

# Web, Celery worker and Celery beat together on http://127.0.0.1:$(PORT) with demo data.
# SQLite and the filesystem broker under var/: no database or Redis server needed.
PORT ?= 8000
run: export DEBUG ?= true
run: export PORT := $(PORT)
run: install
	mkdir -p var/broker/queue var/broker/processed var/mail
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python scripts/run_all.py

# Ruff, and the layers of DESIGN.md (import-linter contracts in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check_translations.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Ruff and the layers, then the suite: rules, models, services, views, the permission matrix,
# PDFs and the demo (one process per CPU). DATABASE_URL=postgres://... runs it on PostgreSQL.
test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.test_settings
	SECRET_KEY=check-deploy-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz DEBUG=false \
	  ALLOWED_HOSTS=waymark.example $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest -m "not browser"

# The real-browser journeys: Playwright driving Debian's Chromium (apt-get install chromium),
# an axe-core scan of every page, screenshots in var/screenshots/. CI runs them after `make test`.
journeys: install
	$(BIN)/pytest -m browser --dist load

clean:
	rm -rf $(VENV) var
