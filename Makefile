# The two commands of the README: `make maps` builds everything, `make test` runs the suite.
# Each works on a fresh Debian machine that has Python 3.11+ and nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core, which the browser tests inline into pages to check them for WCAG violations: pinned
# with its checksum in tests/js/package-lock.json, installed into tests/js/node_modules (ignored)
AXE := tests/js/node_modules/axe-core/axe.min.js

.PHONY: maps test lint catalogs runtime system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

maps: $(STAMP)
	$(BIN)/shieldmap build

# Debian's chromium (browser tests), npm (axe-core for them), gdal-bin (ogrinfo) and
# python3-qgis (the layers opened in QGIS), installed when running as root. QGIS is large and only its tests need it: if it cannot
# be installed, those tests are skipped rather than the whole run failing.
system-deps:
	@if [ "$$(id -u)" = 0 ] && { ! command -v chromium >/dev/null || ! command -v ogrinfo >/dev/null || ! command -v npm >/dev/null; }; then \
		echo "installing Debian packages chromium, gdal-bin and npm" >&2; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gdal-bin npm >/dev/null; \
	fi
	@if [ "$$(id -u)" = 0 ] && ! /usr/bin/python3 -c "import qgis.core" 2>/dev/null; then \
		echo "installing Debian package python3-qgis" >&2; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-qgis >/dev/null; } \
			|| echo "python3-qgis could not be installed: the QGIS tests will be skipped" >&2; \
	fi

# The page runtime as the maps inline it: geo/maps/templates/runtime.js minified, its local names
# shortened, into runtime.min.js (committed; tests/test_assets.py checks it is current).
runtime: $(STAMP)
	$(BIN)/python -m geo.maps.minify

# The UI strings: compile every geo/maps/locales/*/LC_MESSAGES/shieldmap.po to the .mo shipped
# beside it (committed; tests/test_i18n.py checks they match).
catalogs: $(STAMP)
	$(BIN)/pybabel compile -d geo/maps/locales -D shieldmap

$(AXE): tests/js/package.json tests/js/package-lock.json | system-deps
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $(AXE)

lint: $(STAMP)
	$(BIN)/ruff check geo tests benchmarks
	$(BIN)/ruff format --check geo tests benchmarks
	$(BIN)/mypy

test: $(STAMP) system-deps lint $(AXE)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
