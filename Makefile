# Everything bootstraps .venv itself: on a fresh machine `make generate` and `make test` just work.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: generate check test lint golden bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

generate: $(STAMP)  ## regenerate generated/ from specs/
	$(PY) -m generator generate

check: $(STAMP)  ## exit 1 when generated/ is stale or the generator's code is not clean
	$(PY) -m generator check
	$(PY) -m ruff check --no-cache generator tests
	$(PY) -m ruff format --check --no-cache generator tests

test: $(STAMP)  ## the whole suite
	$(PY) -m pytest

lint: $(STAMP)  ## lint and type-check the generator and the generated package
	$(PY) -m ruff check --no-cache generator tests
	$(PY) -m ruff format --check --no-cache generator tests
	$(PY) -m mypy
	cd generated && ../$(PY) -m ruff check --no-cache . && ../$(PY) -m black --check -q . && ../$(PY) -m mypy --strict openai_webhooks

golden: $(STAMP)  ## refresh the golden cases under tests/golden/ (review the diff!)
	$(PY) -m tests.golden_refresh

fuzz: $(STAMP)  ## a long property-based fuzzing run of the generator
	FUZZ_EXAMPLES=500 $(PY) -m pytest -q tests/test_fuzz.py

bench: $(STAMP)  ## benchmarks (see bench/)
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
