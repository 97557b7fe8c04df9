# One-command set-up: every target builds the virtualenv it needs first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-mysql migrate check-migrations makemigrations clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 ($(PYTHON)) is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	ENVIRONMENT=$${ENVIRONMENT:-development} $(BIN)/chores web

test: $(STAMP)
	$(BIN)/pytest

migrate: $(STAMP)
	$(BIN)/chores migrate

# Generate a migration after changing models (needs DATABASE_URL pointing at a migrated MySQL/MariaDB).
makemigrations: $(STAMP)
	$(BIN)/aerich migrate --name $(or $(NAME),update)

# Fails when the models and the migrations disagree (needs DATABASE_URL pointing at an empty MySQL/MariaDB).
check-migrations: $(STAMP)
	$(BIN)/python -m migrations.check

clean:
	rm -rf $(VENV) var/*.sqlite3*
