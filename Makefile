# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= $(or $(FUDAO_CORPUS),$(wildcard ../shared/corpus),samples)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

run: install
	$(BIN)/fudao ingest $(CORPUS) --publish
	$(BIN)/fudao serve --host $(HOST) --port $(PORT)

test: install
	bash scripts/test

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src/fudao

bench: install
	bash scripts/bench
