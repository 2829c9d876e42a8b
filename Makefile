# Truce: `make run` installs and starts the demo; `make test` installs and runs every check.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
# The set the tests passed with (make constraints writes it): every install keeps to it.
CONSTRAINTS := constraints.txt
DB     ?= $(HOME)/.local/share/truce/demo.sqlite

.PHONY: run demo test install install-test system-test-deps web-assets lint typecheck pytest bench clean constraints

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Truce with the parts `make run` uses: the server, PostgreSQL's driver, the PDF report and
# the offline model `truce verify` uses (int8 ONNX, no PyTorch).
$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) install -q -c $(CONSTRAINTS) -e '.[server,postgres,pdf,verify]'
	touch $@

# Byte-compiled once here (as pip does for a wheel; an editable install is not), so no run
# compiles Truce's modules again where bytecode is not written (PYTHONDONTWRITEBYTECODE).
install: $(VENV)/.installed web-assets
	$(BIN)/python -m compileall -q src

# torch first, from the CPU build, so the embedding model does not pull a CUDA build.
$(VENV)/.installed-test: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) install -q -c $(CONSTRAINTS) torch==2.13.0
	$(PIP) install -q -c $(CONSTRAINTS) -e '.[dev,server,postgres,pdf,verify,embeddings,cluster]'
	touch $@ $(VENV)/.installed

install-test: $(VENV)/.installed-test system-test-deps web-assets
	$(BIN)/python -m compileall -q src

# Leaflet and Natural Earth country borders for the web map, copied into the package from npm
# (web/package-lock.json); nothing is fetched from a CDN when Truce runs.
WEB_VENDOR := src/truce/server/web/static/vendor
web-assets: $(WEB_VENDOR)/.built

$(WEB_VENDOR)/.built: web/package.json web/package-lock.json web/build.mjs
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: apt-get install npm (the web map needs it)"; exit 1; }
	npm ci --prefix web --no-audit --no-fund --silent
	npm run --prefix web --silent build
	touch $@

# Debian's chromium for the browser tests (never `playwright install`).
system-test-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium (browser tests will skip)"; fi; }

# Loads the demo afresh into $(DB), the store the README's examples read.
demo: install
	$(BIN)/truce --db $(DB) demo --fresh

# The demo, then serves it and prints the URL and a demo login (new password each run).
run: demo
	$(BIN)/truce --db $(DB) serve --demo-login

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy
	$(BIN)/mypy bench

pytest:
	$(BIN)/pytest -n 2 --dist loadfile

test: install-test lint typecheck pytest

bench: install-test
	$(PIP) install -q -c $(CONSTRAINTS) -e '.[bench]'
	$(BIN)/python -m bench.run

# Pins the environment the tests just passed in (run after `make test`; torch without the
# local "+cpu" label, which PyPI's wheel lacks and the pin still matches).
constraints:
	{ echo "# The set the whole test suite passed with; written by make constraints."; \
	  $(PIP) freeze --exclude-editable | sed -E 's/^(torch==[^+]*)\+.*/\1/'; } > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) build dist src/*.egg-info .mypy_cache .ruff_cache .pytest_cache
