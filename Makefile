# hubspot-events: every developer and CI task. `make demo` and `make test` set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
VERSION ?= v3
UPSTREAM ?= ../shared/upstream/hubspot-marketing-events-$(VERSION).json
UPSTREAM_DIGEST := spec/upstream-digest$(if $(filter-out v3,$(VERSION)),-$(VERSION)).json
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: setup lock generate check-generated spec-check lint typecheck unit contract test demo \
        sandbox record upstream-check bench bench-peers clean dist wheel-check

setup: $(STAMP)

# The environment is rebuilt whenever the lock, the project metadata or the build backend change.
$(STAMP): requirements.lock pyproject.toml build_backend/hubspot_events_build.py
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(PYTHON) -m pip install --quiet virtualenv && $(PYTHON) -m virtualenv --quiet $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) tests/wheel_smoke/check.py --download
	@touch $(STAMP)

# Re-resolve the locked versions from pyproject.toml (needs the network): the tools and the extras.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra cli --extra sandbox --extra redis --extra dev -o requirements.lock --python-version 3.11 --no-header --quiet

# The sdist and the wheel in dist/, built from the locked setuptools (no network), checked by twine.
dist: $(STAMP)
	@rm -rf dist
	$(PY) -m build --no-isolation --outdir dist . >$(VENV)/build.log 2>&1 || { cat $(VENV)/build.log; exit 1; }
	$(BIN)/twine check --strict dist/*

# The wheel installed as users install it, in a fresh environment: see tests/wheel_smoke/check.py.
wheel-check: dist
	$(PY) tests/wheel_smoke/check.py dist

generate: $(STAMP)
	$(PY) spec/generate.py

# Fails when generated/ differs from what `make generate` makes of the current spec.
check-generated: $(STAMP)
	@rm -rf $(VENV)/check-generated
	@$(PY) spec/generate.py --out $(VENV)/check-generated/hubspot_events_generated >/dev/null
	@diff -r -x __pycache__ generated/hubspot_events_generated $(VENV)/check-generated/hubspot_events_generated \
	  || { echo "generated/ is stale or was edited by hand: run 'make generate' and commit"; exit 1; }
	@echo "generated/ matches the spec"

lint: $(STAMP)
	$(BIN)/ruff check overrides tests contract_tests bench spec build_backend examples
	$(BIN)/ruff format --check overrides tests contract_tests bench spec build_backend examples

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest tests

contract: $(STAMP)
	$(BIN)/pytest contract_tests

# The README's test command: lint, types, generated drift, the installed wheel, every test.
test: lint typecheck check-generated wheel-check
	$(BIN)/pytest tests contract_tests

# The README's first command: the sandbox on a free loopback port, the CLI on examples/.
demo: $(STAMP)
	$(PY) examples/demo.py

sandbox: $(STAMP)
	$(BIN)/hubspot-events sandbox --port 8080

# Capture recordings from BASE_URL (default: a sandbox started for the purpose).
record: $(STAMP)
	$(PY) -m contract_tests.record $(if $(BASE_URL),--base-url $(BASE_URL))

# Digest UPSTREAM (a newer copy of HubSpot's spec for API version VERSION: v3, 2026-03 or 2026-09),
# print what moved since that version's committed digest, then check the deviations against the new
# digest. To adopt it: python -m contract_tests.digest UPSTREAM --out $(UPSTREAM_DIGEST)
upstream-check: $(STAMP)
	$(PY) -m contract_tests.digest $(UPSTREAM) --against $(UPSTREAM_DIGEST) --out $(VENV)/upstream-digest.json
	UPSTREAM_SPEC=$(abspath $(VENV)/upstream-digest.json) UPSTREAM_VERSION=$(VERSION) $(BIN)/pytest contract_tests/test_upstream.py

bench: $(STAMP)
	$(PY) bench/run.py

bench-peers: $(STAMP)
	$(PY) bench/run.py --peers

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis dist build
