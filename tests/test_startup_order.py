"""Start-up paints the window first, then opens the store, then builds what reads it.

Run in a fresh process, so "imported yet?" means what it says.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from desktop import app
from desktop.models.store import sqlite_files, store_checks
from tests.models.store.test_store_checks import damage_pages
from tests.test_startup import NOW, seed

ROOT = Path(__file__).resolve().parents[1]

RECORD = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from desktop import app, startup
from desktop.views.shell import main_window

events = []

def windows():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, main_window.MainWindow)]

real_open = startup.open_checked
def open_checked(*args, **kwargs):
    events.append({"step": "store", "painted": [w.painted for w in windows()],
                   "orm": "sqlalchemy.orm" in sys.modules})
    return real_open(*args, **kwargs)
startup.open_checked = open_checked

real_attach = main_window.MainWindow.attach
def attach(self, ctx, **kwargs):
    events.append({"step": "attach", "painted": self.painted, "pages": len(self.pages),
                   "lead": "desktop.views.lead.sop_packs" in sys.modules})
    real_attach(self, ctx, **kwargs)
    events.append({"step": "attached", "pages": len(self.pages), "lead": "desktop.views.lead.sop_packs" in sys.modules})
main_window.MainWindow.attach = attach

code = app.main(sys.argv[1:])
events.append({"step": "done", "lead": "desktop.views.lead.sop_packs" in sys.modules})
print(json.dumps({"code": code, "events": events}))
"""


def run_recorded(tmp_path: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               INTERLOCK_ASSIST_HOME=str(tmp_path / "home"))
    out = subprocess.run([sys.executable, "-c", RECORD, *args], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return int(result["code"]), list(result["events"])


def test_the_window_paints_before_the_store_opens_and_the_orm_loads(tmp_path: Path) -> None:
    db = tmp_path / "order.sqlite3"
    seed(db)
    code, events = run_recorded(tmp_path, "--smoke", "--db", str(db))
    assert code == 0
    steps = [e["step"] for e in events]
    assert steps == ["store", "attach", "attached", "done"]
    store, attach, attached, done = events
    assert store["painted"] == [True]  # the one main window has painted before the store opens
    assert store["orm"] is False  # and the ORM is not imported yet
    assert attach["painted"] is True
    # The lead dialogs and the first workflow page come after the window's own paint.
    assert attached["pages"] == 0 and attached["lead"] is False
    assert done["lead"] is True


def test_the_first_paint_smoke_stops_with_the_store_open_and_no_orm(tmp_path: Path) -> None:
    db = tmp_path / "paint.sqlite3"
    seed(db)
    code, events = run_recorded(tmp_path, "--smoke", "--until-first-paint", "--db", str(db))
    assert code == 0
    assert [e["step"] for e in events] == ["store", "done"]
    assert events[0]["painted"] == [True] and events[0]["orm"] is False


def test_damage_found_after_the_paint_is_reported_without_stopping_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(store_checks, "INLINE_CHECK_BYTES", 0)
    db = tmp_path / "later.sqlite3"
    seed(db, notes=40, when=NOW - timedelta(days=1))
    damage_pages(db)
    with caplog.at_level(logging.WARNING, logger="desktop"):
        assert app.main(["--db", str(db), "--smoke"]) == 0
    assert "smoke ok" in capsys.readouterr().out
    assert "after start-up: check_failed" in caplog.text
    assert sqlite_files.check_failed(db)
