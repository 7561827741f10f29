# Everything bootstraps .venv itself: on a fresh machine `make generate` and `make test` just work.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Two stamps: generating needs only the generator and its own dependencies (GEN_STAMP); the
# tests, linters and the docs site need the dev and docs extras as well (STAMP).
GEN_STAMP := $(VENV)/.generator-installed
STAMP := $(VENV)/.installed

.PHONY: generate check test lint golden bench fuzz clean redis-server chromium wrk tag

$(GEN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(GEN_STAMP)

$(STAMP): pyproject.toml $(GEN_STAMP)
	$(PY) -m pip install --quiet -e '.[dev,docs]'
	touch $(STAMP)

generate: $(GEN_STAMP)  ## regenerate generated/ from specs/
	$(PY) -m generator generate

# The runtime's static modules (templates/**/*.py) are copied verbatim: lint them in place with
# the generated package's settings (mypy --strict sees them in generated/, byte for byte the same).
RUNTIME_LINT := --no-cache --config generated/pyproject.toml templates

# An OpenAPI document of the API (e.g. OpenAI's published one, kept outside the repository):
# when set, `make check` also cross-checks the catalog against it and fails on any mismatch.
API_SPEC ?=

check: $(GEN_STAMP)  ## exit 1 when generated/ is stale or the generator's code is not clean
	$(PY) -m generator check
	$(PY) -m ruff check --no-cache generator tests
	$(PY) -m ruff format --check --no-cache generator tests
	$(PY) -m ruff check $(RUNTIME_LINT)
	$(PY) -m ruff format --check $(RUNTIME_LINT)
	$(if $(API_SPEC),$(PY) -m generator validate --api $(API_SPEC) --strict >/dev/null)

# The Redis tests need a real redis-server (Debian's package); install it when it is missing.
redis-server:
	@command -v redis-server >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q redis-server >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q redis-server >/dev/null; }; }

# The site test (tests/test_site.py) looks at the built docs in Debian's chromium, headless.
chromium:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium >/dev/null; }; }

# The bench's load rows use wrk (Debian's package) as the load generator; installed likewise.
wrk:
	@command -v wrk >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q wrk >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q wrk >/dev/null; }; }

# Two pytest-xdist workers (the CI machine has two cores), a test file per worker at a time: the
# files that start servers keep their module-scoped servers to themselves.
test: $(STAMP) redis-server chromium  ## the whole suite
	$(PY) -m pytest -n 2 --dist loadfile

lint: $(STAMP)  ## lint and type-check the generator and the generated package
	$(PY) -m ruff check --no-cache generator tests
	$(PY) -m ruff format --check --no-cache generator tests
	$(PY) -m ruff check $(RUNTIME_LINT)
	$(PY) -m ruff format --check $(RUNTIME_LINT)
	$(PY) -m mypy
	cd generated && ../$(PY) -m ruff check --no-cache . && ../$(PY) -m black --check -q . && ../$(PY) -m mypy --strict openai_webhooks

# Names the committed release `openai-webhooks-vX.Y.Z` (what downstream projects pin). Refuses a
# stale or uncommitted generated/: the tag must name the tree that holds that version. Needs the
# generator only, not the dev and docs extras.
tag: $(GEN_STAMP)  ## tag the release generated/ holds (after `make generate` and a commit)
	$(PY) -m generator check --quiet
	@git diff --quiet HEAD -- generated && test -z "$$(git status --porcelain -- generated)" || \
		{ echo "generated/ has uncommitted changes; commit them first" >&2; exit 1; }
	@tag=$$($(PY) -m generator tag) && git tag -a "$$tag" -m "$$tag" && echo "tagged $$tag"

golden: $(STAMP)  ## refresh the golden cases under tests/golden/ (review the diff!)
	$(PY) -m tests.golden_refresh

fuzz: $(STAMP)  ## a long property-based fuzzing run of the generator
	FUZZ_EXAMPLES=500 $(PY) -m pytest -q tests/test_fuzz.py

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) redis-server wrk  ## benchmarks (bench/README.md): writes bench/results.md and bench/scaling.png
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
