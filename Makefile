# Interlock Assist — the two commands a new user needs are `make run` and `make test`.
# Both install whatever is missing first (system libraries for Qt when run as root,
# the virtualenv and its pinned packages, compiled catalogs).

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# What PySide6 needs on a bare Debian/Ubuntu (offscreen and frozen), plus a font and venv.
SYS_PKGS := libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core python3-venv
MO := i18n/es/LC_MESSAGES/messages.mo
PO := i18n/es/LC_MESSAGES/messages.po
POT := i18n/messages.pot

.PHONY: run test sysdeps install i18n catalogs lint typecheck pytest package bench clean

run: install catalogs
	$(BIN)/python -m desktop --demo

test: install catalogs lint typecheck pytest test-team

sysdeps:
	@missing=""; \
	if command -v dpkg >/dev/null 2>&1; then \
	  for p in $(SYS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages Qt needs:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with:  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

install: sysdeps $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev,build]"
	@touch $(STAMP)

# Compile the Spanish catalog (the .mo is generated, never committed).
catalogs: $(MO)
$(MO): $(PO) | $(STAMP)
	$(BIN)/pybabel compile -d i18n -D messages

# Re-extract strings and merge them into the Spanish catalog (developers, after changing strings).
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output \
	  --project="Interlock Assist" --copyright-holder="Interlock Assist" -o $(POT) desktop
	$(BIN)/python build/i18n_update.py es
	$(BIN)/pybabel compile -d i18n -D messages

lint: install
	$(BIN)/ruff check desktop tests build bench

typecheck: install
	$(BIN)/mypy

pytest: install catalogs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

package: install catalogs
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/work build/interlock-assist.spec

bench: install catalogs
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.startup

clean:
	rm -rf dist build/work $(MO)

# --- Team mode: a throwaway PostgreSQL (Debian's `postgresql`, installed when missing, as root) ---
# tests/team/pg_server.py runs initdb + pg_ctl in a temp folder on a free loopback port (as the
# `postgres` user under root), exports INTERLOCK_ASSIST_TEST_PG_URL, runs the command, and always
# stops the server afterwards.  Plain `pytest` skips the team tests when no server URL is set.
.PHONY: pgdeps test-team bench-team
pgdeps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing the PostgreSQL server for the team tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; \
	  else \
	    echo "Missing PostgreSQL server programs. Install them with:  sudo apt-get install -y postgresql"; \
	    exit 1; \
	  fi; \
	fi

test-team: install catalogs pgdeps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.team.pg_server -- $(BIN)/python -m pytest -m team tests/team

bench-team: install pgdeps
	$(BIN)/python -m tests.team.pg_server -- $(BIN)/python -m bench.team
