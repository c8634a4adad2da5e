# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench-quick cluster cluster-stop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: start the hub on its embedded defaults (SQLite + managed local OpenBao) at http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/hub serve

## test: start what the tests need (PostgreSQL if down) and run the whole suite
test: $(STAMP)
	@pg_isready -q -h 127.0.0.1 -p 5432 || \
	  (command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start) || true
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## cluster: a local 3-node OpenBao Raft cluster in var/cluster (127.0.0.1:8210-8215), bootstrapped for the hub
cluster: $(STAMP)
	$(BIN)/python -m keys.cluster start var/cluster

cluster-stop: $(STAMP)
	$(BIN)/python -m keys.cluster stop var/cluster

lint: $(STAMP)
	$(BIN)/ruff check hub crypto keys redaction connectors tests bench
	$(BIN)/mypy

bench-quick: $(STAMP)
	$(BIN)/python bench/ingest.py --quick
	$(BIN)/python bench/redaction.py --quick

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
