# The two commands a new user needs (see README):
#   make demo   installs everything, turns the bundled samples into dossiers, then serves them
#   make test   installs everything and runs the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_OUT ?= demo-out

.PHONY: setup system python demo demo-batch test test-fast bench samples clean

setup: system python

system:
	bash scripts/install-system-deps.sh

python: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: setup
	DEMO_OUT=$(DEMO_OUT) bash scripts/demo.sh

demo-batch: setup
	$(BIN)/intake process samples/batch/scan_* --out $(DEMO_OUT)

test: setup
	$(BIN)/pytest

test-fast: python
	$(BIN)/pytest -m "not slow"

bench: setup
	$(BIN)/python -m benchmarks.run

samples: python
	$(BIN)/python -m samples.generate --out samples/batch --dossiers 3 --level mild --seed 225

clean:
	rm -rf $(DEMO_OUT) demo-data .pytest_cache
