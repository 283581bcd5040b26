# Huiwu: one command each. `make demo` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
UV := $(shell command -v uv 2>/dev/null || echo .venv-tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
# the test suite runs in parallel processes (pytest-xdist), one per CPU; TEST_PROCESSES=0 runs it in one
TEST_PROCESSES ?= auto
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

.PHONY: help install demo serve test bench lint fmt messages sysdeps clean

help:
	@echo "make demo     install, load the demo organisation, serve on http://127.0.0.1:$${HUIWU_PORT:-8000}"
	@echo "make test     install, then run the whole test suite"
	@echo "make bench    print performance figures"
	@echo "make lint | fmt | messages | install"

# --- install: Python environment, front-end assets, translations (quick when nothing changed) ---
install: $(BIN)/.synced node_modules/.installed locale-compiled fonts

.venv-tools/bin/uv:
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/pip install -q "uv==$(UV_VERSION)"

$(BIN)/.synced: pyproject.toml uv.lock | $(if $(shell command -v uv 2>/dev/null),,.venv-tools/bin/uv)
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update -q && $(APT_INSTALL) nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: locale-compiled
locale-compiled: $(BIN)/.synced
	@$(BIN)/huiwu compilemessages --verbosity 0 >/dev/null

# --- Fonts for PDF reports and badges: Chinese (Noto CJK) and emoji in WeChat names (Noto Color
#     Emoji), and HarfBuzz's subsetter (WeasyPrint embeds only the glyphs used), from Debian when the
#     machine lacks them ---
.PHONY: fonts
fonts:
	@missing=""; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || missing="$$missing fonts-noto-color-emoji"; \
	ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0" || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  echo "installing fonts and PDF libraries:$$missing"; \
	  apt-get update -q >/dev/null && $(APT_INSTALL) $$missing >/dev/null; \
	fi

# --- system packages the tests drive: Chromium (browser tests), Redis (multi-process live
#     updates), gettext (catalogue completeness). Installed from Debian when missing. ---
sysdeps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  apt-get update -q >/dev/null && $(APT_INSTALL) $$missing >/dev/null; \
	fi

demo: install
	$(BIN)/huiwu demo
	$(BIN)/huiwu serve

serve: install
	$(BIN)/huiwu serve

test: install sysdeps
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

bench: install sysdeps benchdeps
	$(BIN)/python -m bench

# --- the check-in benchmark runs `huiwu serve` on a throw-away PostgreSQL cluster ---
.PHONY: benchdeps
benchdeps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing PostgreSQL (for the check-in benchmark)"; \
	  apt-get update -q >/dev/null && $(APT_INSTALL) postgresql >/dev/null; }

# lint: style (ruff), the floors between apps (import-linter), types of services, selectors and
#       the API (mypy + django-stubs), templates (djLint's linter; its formatter is not adopted)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/djlint src --lint --quiet

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/huiwu makemessages -l zh_Hans --no-obsolete --add-location=file \
	  --ignore "node_modules/*" --ignore ".venv*" --ignore "tests/*" --ignore "data/*" --ignore "bench/*"
	$(BIN)/huiwu compilemessages

clean:
	rm -rf $(VENV) .venv-tools node_modules data
