# Mission Coordinator: `make run` opens the demo mission, `make test` runs every check.
# Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types layers pytest postgresql bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/coordinator demo

test: $(STAMP) lint types layers pytest

lint: $(STAMP)
	$(BIN)/ruff check coordinator tests bench
	$(BIN)/ruff format --check coordinator tests bench

types: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

# The shared-mission tests start their own PostgreSQL server from Debian's package.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
postgresql:
	@if ! command -v pg_ctl >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		echo "Installing PostgreSQL (Debian's postgresql) for the shared-mission tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql >/dev/null; \
	fi

# The tests keep their compiled modules even where the environment says not to
# (PYTHONDONTWRITEBYTECODE): else pytest compiles and rewrites every test module again
# at each run, half of the 14 s of processor time its collection takes.
pytest: $(STAMP) postgresql
	PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_db.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
