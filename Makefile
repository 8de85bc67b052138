# Two commands: `make reports` and `make test`. Both create the virtual environment if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2

.PHONY: reports test venv data arbetsbocker clean bench browser skarmbilder

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

# Headless Chromium (Debian package) lets the tests open a report in a real browser, print PDFs
# (`lagesbild kor --pdf`) and run axe-core (npm) for the accessibility test; poppler-utils reads the
# PDFs back in the tests. Best effort: Debian packages only where apt-get runs as root, axe-core only
# where npm exists; without them those tests are skipped.
browser:
	-@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  timeout 900 sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils' \
	  >/dev/null 2>&1 && echo "chromium installerat för webbläsartesterna"; } || echo "chromium saknas: webbläsartesterna hoppas över"
	-@test -f $(VENV)/axe/node_modules/axe-core/axe.min.js || { command -v npm >/dev/null 2>&1 && \
	  timeout 300 npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4 >/dev/null 2>&1 && \
	  echo "axe-core installerat för tillgänglighetstestet"; } || echo "axe-core saknas: tillgänglighetstestet hoppas över"

# Screenshots of Heby's and Uppsala's step-1 reports at 390 and 1 280 px (rapporter/skarmbilder/).
SKARM := rapporter/skarmbilder
skarmbilder: $(STAMP) browser
	$(BIN)/lagesbild kor --kommun Heby --kommun Uppsala --jobb $(JOBS) --tyst
	$(BIN)/python -m lagesbild_methods.runner.a11y $(SKARM) rapporter/0331_heby_steg1-lagesbild.html \
	  rapporter/0380_uppsala_steg1-lagesbild.html

data: $(STAMP)
	$(BIN)/lagesbild ovningsdata

arbetsbocker: $(STAMP)
	$(BIN)/lagesbild arbetsbok --ovningsdata

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf rapporter .pytest_cache
