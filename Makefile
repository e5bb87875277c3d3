# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint format openapi bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installed markers: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/timeline serve --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the committed contract from the code (tests fail until it matches).
openapi: $(VENV)/.installed
	$(BIN)/timeline openapi openapi.yaml

# The benchmark (bench/run.py): the service beside a bare Flask ceiling and Datasette, same
# gunicorn settings, ratios measured side by side. Not part of `make test`: it takes minutes
# (and about six more the first time, to generate 1M events). Needs wrk (apt-get install wrk).
# A quick run: make bench BENCH_SIZES=10000 BENCH_SECONDS=2
BENCH_SIZES ?= 10000 100000 1000000
BENCH_SECONDS ?= 3
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run --sizes "$(BENCH_SIZES)" --duration $(BENCH_SECONDS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts bench/results bench/.venv-datasette
