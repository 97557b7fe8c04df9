# One-command set-up: every target builds the virtualenv it needs first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run seed test lint test-mysql migrate check-migrations makemigrations compose-check clean bench bench-occurrences

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 ($(PYTHON)) is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# web, realtime and worker together; SQLite under var/ and an embedded Redis unless
# DATABASE_URL / REDIS_URL are set. Ctrl-C stops everything.
run: $(STAMP)
	$(BIN)/chores dev

# Demo data: make seed (one family), make seed FAMILIES=1000 (for benchmarks).
seed: $(STAMP)
	$(BIN)/chores seed-demo --families $(or $(FAMILIES),1)

test: $(STAMP)
	$(BIN)/pytest

# ruff (lint and import order) and mypy, configured in pyproject.toml; CI runs it first.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# HTTP benchmark of issue #8 (bench/README.md; needs wrk: apt-get install wrk), e.g.
# make bench BENCH_ARGS="--families 500 --runs 5 --scenarios me,child_available"; then the whole
# complete -> approve cycle with worker and realtime on the server's core (issue #18), e.g.
# make bench CYCLE_ARGS="--database-url mysql://root:@127.0.0.1:3306/chores_bench --redis-url redis://127.0.0.1:6390/0".
bench: $(STAMP)
	$(BIN)/python bench/http_bench.py $(BENCH_ARGS)
	$(BIN)/python bench/cycle_bench.py $(CYCLE_ARGS)

# 10,000 occurrences of scheduled chores falling due in one minute, one worker (bench/README.md), e.g.
# make bench-occurrences OCCURRENCES_ARGS="--database-url mysql://root:@127.0.0.1:3306/chores_bench --redis-url redis://127.0.0.1:6390/0".
bench-occurrences: $(STAMP)
	$(BIN)/python bench/occurrences_bench.py $(OCCURRENCES_ARGS)

migrate: $(STAMP)
	$(BIN)/chores migrate

# Generate a migration after changing models (needs DATABASE_URL pointing at a migrated MySQL/MariaDB).
makemigrations: $(STAMP)
	$(BIN)/aerich migrate --name $(or $(NAME),update)

# Fails when the models and the migrations disagree (needs DATABASE_URL pointing at an empty MySQL/MariaDB).
check-migrations: $(STAMP)
	$(BIN)/python -m migrations.check

# Validates docker-compose.yml (needs docker-compose; no Docker engine).
compose-check:
	SECRET_KEY=$${SECRET_KEY:-compose-check-placeholder-secret-0123456789} docker-compose config --quiet

clean:
	rm -rf $(VENV) var/*.sqlite3* var/redis
