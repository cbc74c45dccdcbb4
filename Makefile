# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install fonts browser demo test bench lint clean screenshot

install: $(STAMP) fonts

# A CJK font for the tests that build PDFs (Debian's fonts-wqy-zenhei); best effort:
# without it those tests skip and say so.
FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
fonts:
	@test -f $(FONT) || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  (apt-get install -y -q fonts-wqy-zenhei >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q fonts-wqy-zenhei >/dev/null 2>&1)) ; } || \
	  echo "note: CJK font not installed (apt-get install fonts-wqy-zenhei); PDF tests will skip"

# A headless browser for the tests that load the HTML report (Debian's chromium); best
# effort, only for `make test`: without it those tests skip and say so.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1)) ; } || \
	  echo "note: chromium not installed (apt-get install chromium); HTML report browser tests will skip"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dask]'
	touch $(STAMP)

demo: install
	$(BIN)/claimx extract fixtures/ -o claims.csv
	$(BIN)/python tools/summary.py claims.csv

test: install browser
	$(BIN)/pytest

# chars/s and claims/s on claim-dense text, --jobs 2, cache, start-up (BENCH_ARGS=--corpus: also
# the 20 MB corpus, memory and PDF)
bench: install
	$(BIN)/python tools/bench.py $(BENCH_ARGS)

# The README's picture of the HTML report (needs chromium).
screenshot: install
	mkdir -p build
	$(BIN)/claimx check fixtures/ --format html -o build/check-report.html --fail-on never
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
	  --user-data-dir=build/chromium-profile --window-size=1100,1400 \
	  --screenshot=docs/check-report.png "file://$(CURDIR)/build/check-report.html"

lint: install
	$(BIN)/ruff check claimx tests tools

clean:
	rm -rf $(VENV) claims.csv build *.egg-info
