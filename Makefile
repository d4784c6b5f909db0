# Guanxi: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKS := retail pharma-sales equipment appliance-repair
PACK_DIRS := $(addprefix plugins/,$(PACKS))
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test` spreads the tests over the cores (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]' $(foreach d,$(wildcard $(PACK_DIRS)),-e $(d))
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/guanxi secret init
	$(BIN)/guanxi db upgrade
	$(BIN)/guanxi demo
	$(BIN)/guanxi serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -p no:cacheprovider \
		$$($(BIN)/python -c 'import xdist' 2>/dev/null && echo '-n $(TEST_WORKERS)') $(PYTEST_ARGS)
	@if [ -z "$$GUANXI_TEST_DATABASE_URL" ]; then \
		echo "PostgreSQL: skipped (set GUANXI_TEST_DATABASE_URL to run the suite on PostgreSQL too)"; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/guanxi secret init  # the web-pages benchmark builds the app, which needs a key
	$(BIN)/python -m pip install -q -e 'plugins/retail[test]'  # lifetimes: the CLV benchmark's same-run baseline
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache
