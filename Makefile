# kyr: `make run` for the main job, `make test` for the tests (see README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
KYR := $(VENV)/bin/kyr
STAMP := $(VENV)/.installed

.PHONY: run examples test lint install fonts run-deps system-deps browser-deps golden bench extract clean

run: run-deps install fonts  ## the web front end on http://127.0.0.1:8000 with the example jurisdiction
	$(KYR) register upgrade
	@echo "kyr: open http://$${KYR_HOST:-127.0.0.1}:$${KYR_PORT:-8000}/ (Ctrl-C stops it)"
	$(VENV)/bin/gunicorn -c python:web.gunicorn_conf "web:create_app()"

examples: run-deps install fonts  ## render the example documents in every language into out/
	$(KYR) examples -o out
	@echo "The example documents are in out/"

test: system-deps install fonts lint  ## lint, check the catalogs, then the whole test suite
	$(KYR) catalog check
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

fonts: install  ## cut the static font weights once (about a minute on 2 cores)
	$(KYR) fonts prepare >/dev/null

run-deps:  ## fonts-noto-core (the Gurmukhi and Armenian fonts), from Debian
	sh scripts/system-deps.sh run

system-deps:  ## that, and poppler-utils, qpdf, gettext, zbar-tools, Chromium for the tests
	sh scripts/system-deps.sh test

golden: install fonts  ## rewrite tests/golden/*.txt from the current output; review the diff
	$(PY) tests/make_golden.py

bench: install fonts  ## speed, size and load figures (scripts/benchmark.py, loadtest.py, rosterload.py)
	$(PY) scripts/benchmark.py
	$(PY) scripts/loadtest.py
	$(PY) scripts/rosterload.py

extract: install  ## refresh locales/kyr.pot from forms/ and kyr/, then merge it into the catalogs
	$(KYR) catalog extract
	$(KYR) catalog update

clean:
	rm -rf out build dist *.egg-info .pytest_cache .ruff_cache
