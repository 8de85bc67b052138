# Two commands: `make reports` and `make test`. Both create the virtual environment if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2

.PHONY: reports test venv data arbetsbocker clean bench browser

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,dask]'
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $(STAMP)

venv: $(STAMP)

reports: $(STAMP)
	$(BIN)/lagesbild kor --alla --jobb $(JOBS)

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Headless Chromium (Debian package) lets the tests open a report in a real browser. Best effort:
# installed only where apt-get runs as root; without it that one test is skipped.
browser:
	-@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  timeout 900 sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium' \
	  >/dev/null 2>&1 && echo "chromium installerat för webbläsartestet"; } || echo "chromium saknas: webbläsartestet hoppas över"

data: $(STAMP)
	$(BIN)/lagesbild ovningsdata

arbetsbocker: $(STAMP)
	$(BIN)/lagesbild arbetsbok --ovningsdata

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf rapporter .pytest_cache
