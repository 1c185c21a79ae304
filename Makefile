# citekg: `make demo` builds the demo graph, `make test` runs the whole suite.
# Both create .venv and install what they need on a fresh machine, at the versions in constraints.txt.
# `make test-latest` runs the suite with the newest release of every dependency (in .venv-latest),
# so that drift is found by us rather than by users; `make constraints` records a green .venv's versions.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LATEST := .venv-latest
DEMO   := build/demo
PIP    := -m pip --disable-pip-version-check

.PHONY: demo test test-fast test-latest install browser virtuoso bench constraints wheel clean

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python $(PIP) install --quiet --upgrade pip setuptools wheel
	$(BIN)/python $(PIP) install --quiet -c constraints.txt -e '.[all]'
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

test-latest: browser virtuoso
	test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python $(PIP) install --quiet --upgrade pip setuptools wheel
	$(LATEST)/bin/python $(PIP) install --quiet --upgrade --upgrade-strategy eager -e '.[all]'
	$(LATEST)/bin/python $(PIP) list --format=freeze | grep -iE '^(lxml|pyoxigraph|rdflib|networkx|click)=' | tr '\n' ' '; echo
	$(LATEST)/bin/python -m pytest -q

constraints: $(STAMP)
	{ sed -n '1,2p' constraints.txt; $(BIN)/python $(PIP) freeze --exclude-editable | grep -v '^citekg=='; } > constraints.new
	mv constraints.new constraints.txt

# The wheel a user would install (tests/test_wheel.py installs it in a fresh venv outside the tree).
wheel: $(STAMP)
	$(BIN)/python $(PIP) wheel --quiet --no-deps --no-build-isolation -w build/wheel .

bench: $(STAMP) browser
	$(BIN)/python scripts/bench_build.py
	$(BIN)/python scripts/bench_viz.py

clean:
	rm -rf build .pytest_cache
