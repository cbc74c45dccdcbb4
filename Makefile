# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install fonts demo test bench lint clean

install: $(STAMP) fonts

# A CJK font for the tests that build PDFs (Debian's fonts-wqy-zenhei); best effort:
# without it those tests skip and say so.
FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
fonts:
	@test -f $(FONT) || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  (apt-get install -y -q fonts-wqy-zenhei >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q fonts-wqy-zenhei >/dev/null 2>&1)) ; } || \
	  echo "note: CJK font not installed (apt-get install fonts-wqy-zenhei); PDF tests will skip"

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
