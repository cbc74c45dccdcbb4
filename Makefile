# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/claimx extract fixtures/ -o claims.csv
	$(BIN)/python tools/summary.py claims.csv

test: install
	$(BIN)/pytest

bench: install
	$(BIN)/python tools/bench.py

lint: install
	$(BIN)/ruff check claimx tests tools

clean:
	rm -rf $(VENV) claims.csv build *.egg-info
