# Interlock Assist — the two commands a new user needs are `make run` and `make test`.
# Both install whatever is missing first (system libraries for Qt when run as root,
# the virtualenv and its pinned packages, compiled catalogs).

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# What PySide6 needs on a bare Debian/Ubuntu (offscreen and frozen), plus a font and venv;
# gcc links the trimmed ICU data library of the frozen build (build/icu_data.py).
SYS_PKGS := libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core python3-venv hunspell hunspell-es gettext gcc
MO := i18n/es/LC_MESSAGES/messages.mo
PO := i18n/es/LC_MESSAGES/messages.po
POT := i18n/messages.pot

.PHONY: run test sysdeps install i18n catalogs lint typecheck pytest package icons locks bench clean screenshots

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

# Every screen of the layout test (tests/views/test_layout_screens.py) as a PNG, plus the
# problems it found (layout-report.txt), in docs/screenshots/.  Only the pictures the README
# shows are committed.  Layout problems do not stop the pictures being written.
SHOTS := docs/screenshots
screenshots: install catalogs
	rm -f $(SHOTS)/full-*.png $(SHOTS)/layout-report.txt
	-INTERLOCK_ASSIST_SCREENSHOTS=$(SHOTS) QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/views/test_layout_screens.py
	cp $(SHOTS)/full-en-100-poc-csg-when.png $(SHOTS)/window.png
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m build.compact_shot $(SHOTS)/compact.png
	@grep '^layout' $(SHOTS)/layout-report.txt

lint: install
	$(BIN)/ruff check desktop tests build bench

typecheck: install
	$(BIN)/mypy

pytest: install catalogs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# --- Release build and benchmarks -----------------------------------------------------
# package: the frozen one-folder build, then its size by part against the budget (fails
#          when the total is over; build/size_budget.py).
# icons:   re-render the window PNGs and the multi-size Windows .ico from app.svg (committed).
# locks:   the pinned versions per platform: constraints.txt (Linux, what this venv runs)
#          and constraints-windows.txt (same pins plus the Windows-only packages and the
#          project's build requirements, pinned through PIP_CONSTRAINT in the workflow).
# bench:   lookup/search speed, then every goal against its floor (bench/goals.py): start-ups
#          (small, demo and big cache), lookups, build size, frozen start.
package: install catalogs
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/work build/interlock-assist.spec
	$(BIN)/python build/size_budget.py

icons: install
	$(BIN)/python build/make_icons.py

locks: install
	$(BIN)/python -m pip install -q uv
	printf 'setuptools>=68\nwheel\n' | $(BIN)/uv pip compile pyproject.toml - --extra dev --extra build \
	  -c constraints.txt --python-platform windows --python-version 3.12 --no-annotate \
	  --custom-compile-command "make locks" -o constraints-windows.txt

# bench.run keeps its generated cache (200,000 clients, 2,000,000 notes, about 600 MB) for
# bench.goals' big-cache start-ups and lookups; a missed lookup goal still prints the goals.
BENCH_DB := bench/out/bench.sqlite3
bench: install catalogs
	mkdir -p bench/out && rm -rf $(BENCH_DB) $(BENCH_DB)-wal $(BENCH_DB)-shm bench/out/backups
	-$(BIN)/python -m bench.run --keep $(BENCH_DB)
	$(BIN)/python -m bench.goals --big-db $(BENCH_DB)
# --- end of release build and benchmarks ----------------------------------------------

clean:
	rm -rf dist build/work $(MO)

# --- GUI tests on a real X server, and the long shift -------------------------------------
# `make test` runs the GUI tests (those using a Qt fixture, marked `gui` in tests/conftest.py)
# a second time under Xvfb with Qt's xcb platform, because focus and shortcuts can behave
# differently there than offscreen.  The soak test is left to the offscreen run.
# XCB_PKGS: Xvfb and the libraries Qt 6.11's xcb plugin loads (ldd of libqxcb.so and
# libQt6XcbQpa.so.6 on Debian 12; QT_DEBUG_PLUGINS=1 shows a missing one), installed by
# `sysdeps` like the other system packages.
XCB_PKGS := xvfb xauth libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 \
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0
SYS_PKGS += $(XCB_PKGS)

.PHONY: pytest-xcb soak
test: pytest-xcb

pytest-xcb: install catalogs
	xvfb-run -a -s "-screen 0 1600x1200x24" env QT_QPA_PLATFORM=xcb \
	  $(BIN)/python -m pytest -m "gui and not soak"

# A long shift (2,000 opens, 30,000 keystrokes): RSS and keystroke-to-idle latency at start and end.
soak: install catalogs
	$(BIN)/python -m bench.soak
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
