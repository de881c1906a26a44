# The two commands that matter: `make run` (quick start) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
# Test processes side by side (pytest-xdist); each has its own test database and Redis database.
TEST_PROCESSES ?= 2
DEMO_PASSWORD ?=

.PHONY: install run test clean messages compilemessages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# The French catalogue, compiled (gettext's msgfmt) for `make run`, `make test` and the deployment.
compilemessages: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

# After adding or changing interface text (and after merging branches): re-extract the French catalogue
# and keep it complete (see resilience/management/commands/update_messages.py). Commit locale/.
messages: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py update_messages
	$(MAKE) compilemessages

# Quick start: SQLite, console email, tasks in-process (a Celery worker and beat too when REDIS_URL is set).
run: install compilemessages
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo $(if $(DEMO_PASSWORD),--password $(DEMO_PASSWORD))
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker and beat on $$REDIS_URL"; \
		DEBUG=$${DEBUG:-true} $(BIN)/celery -A resilience worker --beat --loglevel=info --concurrency=2 & \
	fi; \
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite on PostgreSQL and Redis (DATABASE_URL and REDIS_URL override the local defaults).
test: install compilemessages
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz} \
	DJANGO_ALLOW_ASYNC_UNSAFE=true \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	SECRET_KEY=$${SECRET_KEY:-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz} \
	DJANGO_ALLOW_ASYNC_UNSAFE=true \
	$(BIN)/pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles

# The load benchmark's driver (locust) lives in its own environment, out of the test suite's.
.venv-bench/.installed: requirements-bench.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r requirements-bench.txt
	touch $@

# On-demand benchmarks (never part of `make test`): figures and ratios to a baseline measured in the same run.
.PHONY: bench
bench: $(VENV)/.installed .venv-bench/.installed
	$(BIN)/python -m bench $(BENCH_ARGS)
