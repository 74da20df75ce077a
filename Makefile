# mestring: `make demo` sets up and serves the site; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo keeps its own secret under var/ so restarts keep sessions valid.
DEMO_ENV = SECRET_KEY="$$(cat var/secret_key)" DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=http://$(HOST):$(PORT)

.PHONY: setup demo test bench bench-tools migrate browser pdf-libs clean lint

setup: pdf-libs $(BIN)/.installed node_modules/.installed var/secret_key

$(BIN)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/secret_key:
	mkdir -p var/static
	mkdir -p var
	umask 077; $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# $(call debian,CHECK,PACKAGES,WHAT IS LOST): when CHECK fails, apt-get installs PACKAGES as root;
# anyone else is told the command to run. (No commas inside the arguments: they would split them.)
debian = @{ $(1); } || { \
  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
  else echo "Missing Debian packages: run 'sudo apt-get install $(2)' ($(3))"; fi; }

# WeasyPrint (the overview's PDFs) draws text with Debian's Pango and embeds DejaVu Sans from its fonts folder.
pdf-libs:
	$(call debian,ldconfig -p | grep -q libpangoft2-1.0 && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf,libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core,PDFs cannot be made)

# Debian's Chromium for the browser tests (never a test tool's own download).
browser:
	$(call debian,command -v chromium >/dev/null,chromium,browser tests will be skipped)

# The benchmarks load a served site with Debian's wrk and keep the shared cache in redis-server.
bench-tools:
	$(call debian,command -v wrk >/dev/null && command -v redis-server >/dev/null,wrk redis-server,those benchmarks will be skipped)

migrate: setup
	$(DEMO_ENV) $(BIN)/mestring migrate --no-input
	$(DEMO_ENV) $(BIN)/mestring collectstatic --no-input --verbosity 0

demo: migrate
	$(DEMO_ENV) $(BIN)/mestring load_structure
	$(DEMO_ENV) $(BIN)/mestring load_demo
	$(DEMO_ENV) $(BIN)/mestring serve --host $(HOST) --port $(PORT)

test: setup browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup bench-tools
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules var/static var/cache
