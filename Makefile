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
PYTEST_ARGS ?=

.PHONY: help serve test build deps chromium nginx fonts wrk lint bench clean

help:
	@echo "make serve   build the site and serve it at http://$(HOST):$(PORT) (reloads on edits)"
	@echo "make test    install what is missing (Chromium included) and run every test"
	@echo "make build   build the site into site/"
	@echo "make lint    ruff + flow lint"
	@echo "make bench   run the benchmarks (writes bench/results.md)"

$(PY_OK): requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.lock
	@touch $@

$(NPM_OK): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(PY_OK) $(NPM_OK)

# Debian packages, installed only when missing (CI runs as root, no stdin).
define apt_install
	@command -v $(1) >/dev/null 2>&1 || { \
	  echo "installing Debian package $(2)"; \
	  $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $(2) >/dev/null; }
endef

chromium:
	$(call apt_install,chromium,chromium)

nginx:
	$(call apt_install,nginx,nginx)
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

test: deps chromium nginx fonts
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

bench: deps chromium nginx wrk
	$(PY) -m bench
	$(PY) -m bench.load_nginx

clean:
	rm -rf site .cache build *.egg-info test-artifacts
