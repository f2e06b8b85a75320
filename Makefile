# UnionHub developer tasks. `make help` lists them; README.md explains them.
#
# Everything runs inside .venv, which `make venv` creates on first use. Every other target
# depends on it.
# Settings come from the environment (see .env.example): variables you export
# (DATABASE_URL, ...) pass through to manage.py and pytest unchanged.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Touched after a successful install, so pip runs again only when pyproject.toml changes.
STAMP  := $(VENV)/.installed

# Django 6.1 needs Python 3.12 or newer. Candidates are tried in this order. The pyenv paths
# cover machines whose default python3 is older but pyenv has a newer one installed.
PYTHON_CANDIDATES := python3.12 python3.13 python3 \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python) \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python)

# Local development: DEBUG on (console e-mail, plain static storage, dev secret key).
DEV_ENV  := DEBUG=true
# Tests: DEBUG on so the SSL redirect and secure cookies stay off under the test client.
# TESTING=true keeps the manifest static storage out of tests. Browser tests run Django's
# live_server inside Playwright's event loop and need DJANGO_ALLOW_ASYNC_UNSAFE.
TEST_ENV := DEBUG=true TESTING=true DJANGO_ALLOW_ASYNC_UNSAFE=true TASK_BACKEND=immediate
# Production-like settings for check-deploy and collectstatic. SECRET_KEY is freshly random
# on every run: the check wants 50+ varied characters, and no key is committed.
# DATABASE_URL is inherited unchanged.
DEPLOY_ENV := DEBUG=false \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=unionhub.example.org \
	EMAIL_URL=smtp://mail.example.org:587

# Directories that makemessages and compilemessages must not walk into. .venv alone holds
# hundreds of third-party locale folders.
I18N_IGNORE := --ignore=.venv --ignore=static --ignore=staticfiles --ignore=node_modules

.PHONY: help venv run test bench lint fmt messages compilemessages check-deploy collectstatic clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

# --- Environment -----------------------------------------------------------------------

venv: $(STAMP) .env ## Create .venv with Python >= 3.12 and install the project with dev tools

# A checkout for development runs in DEBUG mode, so plain `.venv/bin/python manage.py …` works
# without a SECRET_KEY. Production never runs make: there the environment sets DEBUG and SECRET_KEY,
# and a variable set in the environment always wins over .env.
.env:
	@printf '# Made by make for local development; see .env.example for every setting.\nDEBUG=true\n' > $@
	@echo "Created .env with DEBUG=true for local development."

$(PY):
	@py=""; \
	for c in $(PYTHON_CANDIDATES); do \
		if command -v "$$c" >/dev/null 2>&1 \
			&& "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
			py="$$c"; break; \
		fi; \
	done; \
	if [ -z "$$py" ]; then \
		echo "UnionHub needs Python 3.12 or newer (Django 6.1 does not run on older versions)." >&2; \
		echo "Tried: python3.12, python3.13, python3, and pyenv's ~/.pyenv/versions/3.12*/3.13*." >&2; \
		echo "Install Python 3.12+ (e.g. 'pyenv install 3.12') and run 'make venv' again." >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py ($$("$$py" --version))"; \
	"$$py" -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "$(VENV) runs $$($(PY) --version); UnionHub needs Python 3.12 or newer." \
		     "Remove $(VENV) and run 'make venv' again." >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# --- Everyday work ---------------------------------------------------------------------

# Compiled .mo files are not committed: they are built here from locale/vi/LC_MESSAGES/django.po.
# Without gettext's msgfmt the site still runs, in English. Say so rather than fail.
compilemessages: venv
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(DEV_ENV) $(MANAGE) compilemessages $(I18N_IGNORE); \
	else \
		echo "msgfmt not found (apt-get install gettext): skipping compilemessages;" \
		     "pages will show untranslated English." >&2; \
	fi

# The background worker runs beside the development server and stops with it (Ctrl-C).
PORT ?= 8000
run: venv compilemessages ## Migrate, load demo data, start the worker and serve on http://127.0.0.1:8000 (PORT=8001 for another)
	$(DEV_ENV) $(MANAGE) migrate
	$(DEV_ENV) $(MANAGE) seed_demo
	@$(DEV_ENV) $(MANAGE) worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(MANAGE) runserver 127.0.0.1:$(PORT)

# Extra pytest options: make test PYTEST_ARGS='-k outsider -x'
test: venv compilemessages ## Run the test suite (SQLite unless DATABASE_URL is set)
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Not part of CI: timings belong to the machine they ran on (bench/README.md keeps a run).
bench: venv compilemessages ## Time every page at district and city scale, a load run, the export, the certificates and the import
	$(DEV_ENV) $(PY) bench/run.py

lint: venv ## Check style without changing files
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: venv ## Format the code and apply safe lint fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: venv ## Update locale/vi/LC_MESSAGES/django.po from the source, then compile it
	$(DEV_ENV) $(MANAGE) makemessages -l vi $(I18N_IGNORE)
	$(DEV_ENV) $(MANAGE) compilemessages $(I18N_IGNORE)

# --- Deployment checks -----------------------------------------------------------------

check-deploy: venv ## Run Django's deployment checks with production-like settings
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING

# Uses the production storage (compressed, hashed manifest). This catches files that
# reference a missing file, e.g. a vendored script whose source map is not shipped.
collectstatic: venv ## Collect static files into staticfiles/ as production does
	$(DEPLOY_ENV) $(MANAGE) collectstatic --noinput

clean: ## Remove generated files (keeps .venv, db.sqlite3 and media/)
	rm -rf staticfiles build .pytest_cache .ruff_cache *.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
	[ ! -d locale ] || find locale -name '*.mo' -delete
