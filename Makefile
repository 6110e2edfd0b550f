# Keyguide: `make serve` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

VENV    := .venv
PY      := $(VENV)/bin/python
PY_OK   := $(VENV)/.installed
NPM_OK  := node_modules/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000
APT     := DEBIAN_FRONTEND=noninteractive apt-get
# The slowest tests are listed at the end of every run, so where the time goes is on record.
PYTEST_ARGS ?= --durations=15
# A test file stays on one worker, so its module fixtures are made once,
# except browser files: their tests go one by one to whichever worker is free
# (tests/schedule.py). Unit tests run first, while the controller builds the
# site once, in the background. Unit tests are CPU work: one worker per core.
# Browser tests also wait (page loads, timers, Python starting in a web
# worker), so the full run gets two workers per core (at most eight): on two
# cores, four workers keep the CPUs busy from start to end; with them a fresh
# clone's run went from 10:38 to 7:10 of pytest (same machine).
CORES   := $(shell nproc 2>/dev/null || echo 2)
WORKERS ?= $(shell n=$$(( $(CORES) * 2 )); echo $$(( n > 8 ? 8 : n )))
XDIST   := --dist loadfile

.PHONY: help serve test test-fast build deps chromium nginx fonts wrk lint bench fuzz clean

help:
	@echo "make serve   build the site and serve it at http://$(HOST):$(PORT) (reloads on edits)"
	@echo "make test    install what is missing (Chromium included) and run every test"
	@echo "make test-fast  the tests that need no browser and no site build (about a minute)"
	@echo "make build   build the site into site/"
	@echo "make lint    ruff + flow lint + schema current with the checks registry"
	@echo "make bench   run the benchmarks (writes bench/results.md)"
	@echo "make fuzz    100,000 generated inputs through check_code, the composer, flows, the API"

# Each stamp holds a copy of the lockfile it installed: a newer file time alone
# (a git checkout, a second work tree) does not reinstall, changed contents do.
$(PY_OK): requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@cmp -s $< $@ || { $(PY) -m pip install -q -r $< && cp $< $@; }
	@touch $@

$(NPM_OK): package-lock.json
	@cmp -s $< $@ || { npm ci --no-audit --no-fund --loglevel=error && cp $< $@; }
	@touch $@

deps: $(PY_OK) $(NPM_OK)

# Debian packages, installed only when missing (CI runs as root, no stdin).
define apt_install
	@command -v $(1) >/dev/null 2>&1 || { \
	  echo "installing Debian package $(2)"; \
	  $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $(2) >/dev/null; }
endef

# chromium for the benchmarks (the browser readers have), its headless shell for the tests.
chromium:
	$(call apt_install,chromium,chromium)
	$(call apt_install,chromium-headless-shell,chromium-headless-shell)

nginx:
	$(call apt_install,nginx,nginx)
	$(call apt_install,openssl,openssl)
	@test -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || { \
	  echo "installing Debian package libnginx-mod-http-brotli-static"; \
	  $(APT) update -qq && $(APT) install -y -qq --no-install-recommends libnginx-mod-http-brotli-static >/dev/null; }

# Fonts for the site's three languages, so that zh screenshots show glyphs and
# layout tests measure real text: DejaVu (Latin, Cyrillic), Noto CJK (Chinese).
# A fresh machine has only the few fonts Chromium pulls in, none of them CJK.
define font_install
	@{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=$(1) family | grep -q .; } || { \
	  echo "installing Debian package $(2) (fonts for $(1))"; \
	  $(APT) update -qq && $(APT) install -y -qq --no-install-recommends fontconfig $(2) >/dev/null; }
endef

fonts:
	$(call font_install,ru,fonts-dejavu-core)
	$(call font_install,zh-cn,fonts-noto-cjk)

wrk:
	$(call apt_install,wrk,wrk)

build: deps
	$(PY) -m mkdocs build --strict

serve: deps
	$(PY) -m mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

lint: deps
	$(PY) -m ruff check .
	$(PY) -m wizard lint
	$(PY) -m wizardtools.schema_gen --check

test: deps chromium nginx fonts
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(WORKERS) $(XDIST) $(PYTEST_ARGS)

# The inner loop: unit tests and doctests only (tests/unit, wizard/, wizardtools/, sitebuild/).
test-fast: deps
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(CORES) $(XDIST) -m unit $(PYTEST_ARGS)

bench: deps chromium nginx wrk
	$(PY) -m bench
	$(PY) -m bench.load_nginx
	$(PY) -m bench.inputs

# Not part of `make test`: a few minutes of generated input (bench/fuzz.py).
fuzz: deps
	$(PY) -m bench.fuzz

clean:
	rm -rf site .cache build *.egg-info test-artifacts
