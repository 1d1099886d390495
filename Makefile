# Staffroom — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: run test lint format bench install migrate seed clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# `make run` serves on PORT; e-mails, feeds and Wagtail's own links name it.
# DEBUG is off so the site's own 404/403/500 pages show, as a person sees them.
RUN_ENV := BASE_URL=http://127.0.0.1:$(PORT) DEBUG=false

migrate: $(STAMP)
	@$(PY) manage.py migrate --noinput -v 0

seed: migrate
	@$(RUN_ENV) $(PY) manage.py sync_site > /dev/null
	@$(RUN_ENV) $(PY) manage.py seed_demo

run: seed
	@echo "  Staffroom is running at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	@$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT) --skip-checks

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) tests/perf/bench_pages.py
	$(PY) tests/perf/bench_sqlite.py
	$(PY) tests/perf/bench_recognition.py

clean:
	rm -rf $(VENV) db.sqlite3* media static_collected
