# One command to run the app, one to run the tests; both set everything up first (idempotent).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# A CPU build of PyTorch. On a laptop whose pip would pick a CUDA build, pass for example
#   make run TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=

.PHONY: setup run index test test-fast lint format bench bench-smoke clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(TORCH_PIP_ARGS) "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: setup
	$(BIN)/python app.py

index: setup
	$(BIN)/reviewqa index

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

lint: setup
	$(BIN)/ruff check src tests app.py
	$(BIN)/ruff format --check src tests app.py
	$(BIN)/mypy src

format: setup
	$(BIN)/ruff format src tests app.py
	$(BIN)/ruff check --fix src tests app.py

bench: setup
	$(BIN)/reviewqa bench

bench-smoke: setup
	$(BIN)/reviewqa bench --quick

clean:
	rm -rf $(VENV) index/CURRENT index/builds artifacts
