# iizcore — two commands set everything up on a fresh machine:
#   make demo   creates .venv, installs iizcore and the BL and ZH plugins, runs the main job
#   make test   the same set-up, then ruff (lint + format check), mypy --strict, pytest
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: demo test lint typecheck pytest docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml plugins/bl/pyproject.toml plugins/zh/pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]" -e plugins/bl -e plugins/zh
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/iiz cantons
	$(BIN)/iiz network BL
	$(BIN)/iiz network ZH

lint: $(STAMP)
	$(BIN)/ruff check src plugins tests benchmarks
	$(BIN)/ruff format --check src plugins tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src plugins/bl/src plugins/zh/src

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

$(VENV)/.docs-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $@

docs: $(VENV)/.docs-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) site $(OUT) .mypy_cache .ruff_cache .pytest_cache
