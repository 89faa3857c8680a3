# The two commands of the README: `make maps` builds everything, `make test` runs the suite.
# Each works on a fresh Debian machine that has Python 3.11+ and nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: maps test lint system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

maps: $(STAMP)
	$(BIN)/shieldmap build

# Debian's chromium (browser tests) and gdal-bin (ogrinfo), installed when running as root.
system-deps:
	@if [ "$$(id -u)" = 0 ] && { ! command -v chromium >/dev/null || ! command -v ogrinfo >/dev/null; }; then \
		echo "installing Debian packages chromium and gdal-bin" >&2; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gdal-bin >/dev/null; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check geo tests benchmarks
	$(BIN)/ruff format --check geo tests benchmarks
	$(BIN)/mypy

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
