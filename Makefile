# Two commands do all set-up on a machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install lint translations clean

$(BIN)/flask: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/flask

MO := portal/translations/vi/LC_MESSAGES/messages.mo

$(MO): portal/translations/vi/LC_MESSAGES/messages.po $(BIN)/flask
	$(BIN)/pybabel compile -d portal/translations

install: $(BIN)/flask $(MO)

run: install
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) db upgrade
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) demo load
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	PORTAL_BASE_URL=http://$(HOST):$(PORT) $(FLASK) run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check portal tests bench

translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_pgettext:1c,2 -o portal/translations/messages.pot --no-location --sort-output --project portal .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d portal/translations

clean:
	rm -rf $(VENV) instance .pytest_cache
