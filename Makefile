# Two commands: `make reports` and `make test`. Both create the virtual environment if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2

.PHONY: reports test venv data clean bench

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $(STAMP)

venv: $(STAMP)

reports: $(STAMP)
	$(BIN)/lagesbild kor --alla --jobb $(JOBS)

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

data: $(STAMP)
	$(BIN)/lagesbild ovningsdata

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf rapporter .pytest_cache
