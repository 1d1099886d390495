# Staffroom — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: run test lint format bench install migrate seed clean

# Installing and migrating say nothing unless they fail; then their whole log shows.
LOG     = $(VENV)/make.log
QUIETLY = > $(LOG) 2>&1 || { cat $(LOG); exit 1; }

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "  Installing Staffroom into $(VENV) (a minute or two the first time)"
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip $(QUIETLY)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]" $(QUIETLY)
	@touch $(STAMP)

install: $(STAMP)

# `make run` serves on PORT; e-mails, feeds and Wagtail's own links name it.
# DEBUG is off so the site's own 404/403/500 pages show, as a person sees them.
RUN_ENV := BASE_URL=http://127.0.0.1:$(PORT) DEBUG=false

migrate: $(STAMP)
	@$(PY) manage.py migrate --noinput $(QUIETLY)
	@$(PY) manage.py createcachetable $(QUIETLY)

seed: migrate
	@echo "  Loading the demo content"
	@$(RUN_ENV) $(PY) manage.py sync_site $(QUIETLY)
	@$(RUN_ENV) $(PY) manage.py seed_demo

run: seed
	@echo "  Staffroom is running at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	@$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT) --skip-checks

# The suite runs on every core (pytest-xdist); whole test files stay on one
# worker, so fixtures built once per module are built once. TEST_WORKERS=0
# runs it in one process (for a debugger).
TEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Figures, not tests (about four minutes): pages in-process, then served by
# gunicorn (BENCH_MIXED_SECONDS=300 for the five-minute mixed load), SQLite
# under concurrent writers, recognition. Exits non-zero if a goal is missed.
bench: $(STAMP)
	$(PY) tests/perf/bench_pages.py
	$(PY) tests/perf/bench_server.py
	$(PY) tests/perf/bench_sqlite.py
	$(PY) tests/perf/bench_recognition.py

clean:
	rm -rf $(VENV) db.sqlite3* media static_collected page_cache .bench
