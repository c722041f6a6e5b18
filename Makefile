# Two commands on a fresh machine: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
FRONTEND := dashboard/web/frontend
PORT ?= 8501
DATA ?= data

.PHONY: setup run test test-fast lint format draft-eval draft-time bench bench-quick bench-publish bench-interchange bench-state fuzz load load-sweep validate schema basemap clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

run: setup
	$(PY) -m dashboard validate --data $(DATA)
	$(PY) -m dashboard prepare --data $(DATA)
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) -- --data $(DATA)

test: setup
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check dashboard tests benchmarks scripts
	$(PY) -m ruff format --check dashboard tests benchmarks scripts
	$(PY) -m mypy

format: setup
	$(PY) -m ruff check --fix dashboard tests benchmarks scripts
	$(PY) -m ruff format dashboard tests benchmarks scripts

draft-eval: setup
	$(PY) benchmarks/draft_eval.py --set tests/data/articles_frozen --set tests/data/articles_frozen2 --set tests/data/articles_frozen3 --set tests/data/articles_frozen4 --set tests/data/articles_holdout --set tests/data/articles_frozen5 --set tests/data/articles_dev3 --set tests/data/articles_holdout3 --set tests/data/articles_holdout4 --set tests/data/articles_holdout5 --set tests/data/articles_holdout6 --set tests/data/articles_holdout7 --set tests/data/articles_holdout8 --set tests/data/articles_holdout9 --set tests/data/articles_holdout10 --set tests/data/articles_holdout11 --set tests/data/articles_holdout12 --set tests/data/articles_holdout13 --set tests/data/articles_unseen --set tests/data/articles
	$(PY) benchmarks/draft_edits.py --set tests/data/articles_frozen --set tests/data/articles_frozen2 --set tests/data/articles_frozen3 --set tests/data/articles_frozen4 --set tests/data/articles_holdout --set tests/data/articles_frozen5 --set tests/data/articles_dev3 --set tests/data/articles_holdout3 --set tests/data/articles_holdout4 --set tests/data/articles_holdout5

# The draft's time per article with the dependency parser and with the keyword rules alone (issue 18, round 5).
draft-time: setup
	$(PY) benchmarks/draft_time.py

test-fast: setup
	$(PY) -m pytest -m "not browser"

validate: setup
	$(PY) -m dashboard validate --data $(DATA)

schema: setup
	$(PY) -m dashboard schema --out schema/dataset.schema.json

basemap: setup
	$(PY) scripts/build_basemap.py
	$(PY) scripts/build_area_outlines.py

bench: setup
	$(PY) benchmarks/run.py
	$(PY) benchmarks/interchange.py

bench-quick: setup
	$(PY) benchmarks/run.py --quick

# The published site: publish time, size, first view, key press -> date in Chromium (bundled, 10,000 movements).
bench-publish: setup
	$(PY) benchmarks/publish_bench.py

# Import and export (issue 16 targets: 10,000 CSV rows and KML at 10,000 movements <= 2 s, 100,000 ACLED rows <= 5 s).
bench-interchange: setup
	$(PY) benchmarks/interchange.py

# State at a date with uncertain dates alone (issue 14 targets: <= 5 ms at 10,000, <= 50 ms at 100,000).
bench-state: setup
	$(PY) benchmarks/state_uncertain.py --sizes 10000,100000

fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -m fuzz tests/core/test_fuzz_loader.py

load: setup
	$(PY) benchmarks/load_test.py

# How many viewers one server holds within 500 ms at p95 (issue 19): 2, 5, 10, 20 viewers, 30 s each,
# the server pinned to CPU 0 and the browsers to CPU 1; writes benchmarks/load_sweep.json.
load-sweep: setup
	$(PY) benchmarks/load_test.py --sweep 2,5,10,20 --seconds 30

clean:
	rm -rf $(VENV) $(FRONTEND)/node_modules .pytest_cache .hypothesis
