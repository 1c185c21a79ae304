# citekg: `make demo` builds the demo graph, `make test` runs the whole suite.
# Both create .venv and install what they need on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := build/demo

.PHONY: demo test test-fast install browser virtuoso bench clean

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[all]'
	touch $@

# Headless Chromium for the HTML explorer tests (Debian package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# OpenLink Virtuoso for the remote-store tests: Debian's virtuoso-opensource server binary (virtuoso-t),
# without the package that runs it as a system service; the tests start their own on 127.0.0.1.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    virtuoso-opensource-7-bin >/dev/null; }

demo: $(STAMP)
	$(BIN)/python examples/demo.py $(DEMO)

test: $(STAMP) browser virtuoso
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser"

bench: $(STAMP) browser
	$(BIN)/python scripts/bench_build.py
	$(BIN)/python scripts/bench_viz.py

clean:
	rm -rf build .pytest_cache
