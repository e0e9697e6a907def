# iizcore — two commands set everything up on a fresh machine:
#   make demo   creates .venv, installs iizcore and the BL and ZH plugins, runs the main job
#   make test   the same set-up, then ruff (lint + format check), mypy --strict, pytest,
#               and `iiz verify` of the BL and ZH plugins against the invariant suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
EXAMPLES := src/iizcore/examples

.PHONY: demo test lint typecheck pytest verify docs bench clean

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
	$(BIN)/iiz assess $(EXAMPLES)/zh_back_injury.json --canton ZH
	$(BIN)/iiz plan $(EXAMPLES)/zh_back_injury.json --canton ZH --format mermaid
	$(BIN)/iiz assess $(EXAMPLES)/bl_young_without_qualification.json --canton BL
	@mkdir -p $(OUT)
	@for c in BL ZH; do \
	  l=$$(echo $$c | tr A-Z a-z); \
	  $(BIN)/iiz report --canton $$c --format html --out $(OUT)/report_$$l.html || exit 1; \
	  $(BIN)/iiz report --canton $$c --format md --out $(OUT)/report_$$l.md || exit 1; \
	done
	@echo "Interpellation reports on the bundled synthetic caseloads:"
	@echo "  $(abspath $(OUT))/report_bl.html  $(abspath $(OUT))/report_bl.md"
	@echo "  $(abspath $(OUT))/report_zh.html  $(abspath $(OUT))/report_zh.md"

lint: $(STAMP)
	$(BIN)/ruff check src plugins tests benchmarks docs/hooks.py
	$(BIN)/ruff format --check src plugins tests benchmarks docs/hooks.py

typecheck: $(STAMP)
	$(BIN)/mypy src plugins/bl/src plugins/zh/src

pytest: $(STAMP)
	IIZ_HYPOTHESIS_PROFILE=ci $(BIN)/pytest

verify: $(STAMP)
	$(BIN)/iiz verify --canton BL --examples 200 --seed 1
	$(BIN)/iiz verify --canton ZH --examples 200 --seed 1

test: lint typecheck pytest verify

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
