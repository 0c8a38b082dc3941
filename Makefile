# Two commands do all set-up on a machine with Python 3.11+ (Debian: python3-venv) and make: `make run` (the demo,
# on Flask's development server: never production, see the README) and `make test`. `make run PORT=8080` picks the port.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install lint translations clean

$(BIN)/flask: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed; $(PYTHON) is $$($(PYTHON) --version 2>&1). Try: make PYTHON=python3.12"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { rm -rf $(VENV); echo "Cannot make .venv: on Debian or Ubuntu, apt-get install python3-venv first."; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/flask

MO := portal/translations/vi/LC_MESSAGES/messages.mo

$(MO): portal/translations/vi/LC_MESSAGES/messages.po $(BIN)/flask
	$(BIN)/pybabel compile -d portal/translations

install: $(BIN)/flask $(MO)

run: install
	@echo "make run: the DEMO (sample units, officials and plans) on Flask's development server, for trying the portal."
	@echo "Not for production: see the README's 'Running in production'."
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) db upgrade
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) demo load
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) run --host $(HOST) --port $(PORT)

# The browser journeys run in a process of their own: they serve the portal from a thread with its own app, and a
# session left in Flask-SQLAlchemy's registry by the backup tests' second app broke their setup when they shared one.
test: install
	$(BIN)/pytest --ignore=tests/browser
	$(BIN)/pytest tests/browser

lint: install
	$(BIN)/ruff check portal tests bench

translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_pgettext:1c,2 -o portal/translations/messages.pot --no-location --sort-output --project portal .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d portal/translations

# instance/ holds the database, the uploaded files and the secret key that opens the sealed contact details.
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist portal.egg-info
	@if [ -d instance ]; then \
	  printf "Also delete instance/ (the database, uploaded files and secret key)? Type yes to delete: "; \
	  read answer || answer=; \
	  if [ "$$answer" = yes ]; then rm -rf instance && echo "instance/ deleted."; else echo "instance/ kept."; fi; \
	fi
