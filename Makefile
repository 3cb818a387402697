# Two commands for a newcomer: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
FLASK := $(PY) -m flask --app wsgi
#: The port `make run` serves on: `make run PORT=8080`.
PORT ?= 5000
PIP_FLAGS := --disable-pip-version-check --quiet

.PHONY: run test test-e2e lint migrate screenshots bench bench-load clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install $(PIP_FLAGS) -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install $(PIP_FLAGS) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

## Migrate the SQLite database in instance/, seed the demo practice once, serve :$(PORT).
run: $(VENV)/.runtime-installed
	$(FLASK) db upgrade
	$(FLASK) demo-logins --url http://127.0.0.1:$(PORT)
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

#: Each run ends with the slowest tests and pytest's own line with the whole run's time.
TIMINGS := --durations=15 --durations-min=0.5

## The whole suite on SQLite, then on PostgreSQL too when TEST_DATABASE_URL is set.
test: $(VENV)/.dev-installed
	TEST_DATABASE_URL= $(PY) -m pytest $(TIMINGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on $${TEST_DATABASE_URL%%@*}@... (the browser journeys run once, above:"; \
		echo "   they serve their own SQLite demo database)"; \
		$(PY) -m pytest -m "not e2e" $(TIMINGS); \
	fi

## The browser journeys alone (Playwright driving /usr/bin/chromium); `make test` runs them too.
test-e2e: $(VENV)/.dev-installed
	$(PY) -m pytest tests/e2e -q $(TIMINGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

migrate: $(VENV)/.runtime-installed
	$(FLASK) db upgrade

screenshots: $(VENV)/.dev-installed
	$(PY) -m tests.e2e.screenshots

bench: $(VENV)/.dev-installed
	$(PY) -m bench.run
	$(MAKE) bench-load

#: The large practice the load benchmark runs on: seeded once (seed-large), kept for next time.
LARGE_DB ?= instance/large.sqlite3
LARGE_URL := sqlite:///$(abspath $(LARGE_DB))
#: The accounts seed-large printed, one file per database seeded.
LARGE_ACCOUNTS ?= $(if $(findstring postgresql,$(LARGE_URL)),instance/large-postgresql.accounts,$(LARGE_DB).accounts)

## wrk against gunicorn on the large practice (apt-get install wrk); LARGE_URL=postgresql+psycopg://...
bench-load: $(VENV)/.dev-installed
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }
	DATABASE_URL=$(LARGE_URL) $(FLASK) db upgrade
	@test -s $(LARGE_ACCOUNTS) || DATABASE_URL=$(LARGE_URL) $(FLASK) seed-large \
		--password large-password-1 > $(LARGE_ACCOUNTS)
	$(PY) -m bench.load --database-url $(LARGE_URL) --accounts $(LARGE_ACCOUNTS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
