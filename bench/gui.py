"""What the agent feels in the window: history of 10,000 entries, a language switch, keystrokes.

Run as its own process by :mod:`bench.goals` (``python -m bench.gui``), so "first"
means the first of a process, as at the start of a shift.  Prints one JSON line:

- ``history_open_ms``: opening a client with 10,000 history entries until the
  panel has painted its first rows (goal <= 100 ms);
- ``language_switch_ms``: a live switch to Spanish with that history open, until
  everything has repainted (goal <= 100 ms);
- ``first_key_ms`` and ``later_keys``: each keystroke in the lookup bar until its
  suggestions are shown, after start-up's warm-up, on the big cache when given.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.views.shell.history_model import HistoryListModel

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HISTORY_ENTRIES = 10_000


def _settle(app: object) -> None:
    from PySide6.QtCore import QCoreApplication

    for _ in range(3):
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()


def _timed(fn: Callable[[], None], app: object) -> float:
    started = time.perf_counter()
    fn()
    _settle(app)
    return (time.perf_counter() - started) * 1000


def _until_painted(action: Callable[[], None], model: HistoryListModel, paints: list[int], *,
                   formats: bool = True) -> float:
    """Milliseconds from ``action`` until the history list has painted (rows formatted after it,
    unless ``formats`` is false: texts already kept for that language)."""
    from PySide6.QtCore import QCoreApplication

    before, painted = model.formatted, paints[0]
    started = time.perf_counter()
    action()
    deadline = started + 10
    while time.perf_counter() < deadline and (paints[0] <= painted or (formats and model.formatted <= before)):
        QCoreApplication.processEvents()
    return (time.perf_counter() - started) * 1000


def _count_paints(widget: QWidget) -> list[int]:
    """A counter of ``widget``'s paint events (the list's viewport: where rows are drawn)."""
    from PySide6.QtCore import QEvent, QObject

    count = [0]

    class Counter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                count[0] += 1
            return False

    counter = Counter(widget)
    widget.installEventFilter(counter)
    return count


def _history_db(path: Path) -> int:
    """A fresh store with one client holding :data:`HISTORY_ENTRIES` entries; returns its id."""
    from bench.run import NOW, note_text
    from desktop.models.store.db import open_store

    store = open_store(f"sqlite:///{path}")
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(
            "INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, preferred_language, "
            "critical_flags) VALUES ('7000001', 'Maria Lopez', 'maria lopez', 'plus', 'TX', 'America/Chicago', "
            "0, 'en', '[]')"
        )
        client_id = int(cur.execute("SELECT id FROM clients WHERE cid = '7000001'").fetchone()[0])
        rnd = random.Random(3)
        base = NOW.replace(tzinfo=None) - timedelta(days=900)
        cur.executemany(
            "INSERT INTO history (client_id, kind, created_at, agent, summary, note_text, amount, details) "
            "VALUES (?, ?, ?, 'bench', ?, ?, ?, '{}')",
            [
                (client_id, "courtesy_credit" if j % 7 == 0 else "note",
                 (base + timedelta(minutes=j * 13)).strftime("%Y-%m-%d %H:%M:%S.%f"),
                 "Courtesy credit" if j % 7 == 0 else "Note", note_text(rnd), 1500 if j % 7 == 0 else None)
                for j in range(HISTORY_ENTRIES)
            ],
        )
        raw.commit()
    finally:
        raw.close()
    store.engine.dispose()
    return client_id


def measure(big_db: Path | None) -> dict[str, object]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop import app as desktop_app
    from desktop.models.store import clients
    from desktop.models.store.db import open_store
    from desktop.views.context import AppContext
    from desktop.views.shell.history_panel import HistoryPanel
    from desktop.views.shell.main_window import MainWindow

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="ia-gui-"))
    try:
        client_id = _history_db(tmp / "history.sqlite3")
        store = open_store(f"sqlite:///{tmp / 'history.sqlite3'}", migrate=False)
        ctx = AppContext(store, prefs_path=tmp / "prefs.json")
        ctx.set_language("en")
        window = MainWindow(ctx)
        window.show()
        desktop_app.wait_for_first_paint(window)
        desktop_app.warm_up(ctx, window).join()  # what start-up does after the first paint
        _settle(qapp)
        with ctx.session() as s:
            client = clients.get(s, client_id)
        panel = window.history_dock.widget()
        assert isinstance(panel, HistoryPanel)
        model = panel.model
        paints = _count_paints(panel.list.viewport())
        history_ms = _until_painted(lambda: ctx.set_client(client), model, paints)
        _settle(qapp)
        switch_ms = _until_painted(lambda: ctx.set_language("es"), model, paints)
        _settle(qapp)
        back_ms = _until_painted(lambda: ctx.set_language("en"), model, paints, formats=False)
        window.close()
        store.engine.dispose()

        db = big_db if big_db is not None else tmp / "history.sqlite3"
        store = open_store(f"sqlite:///{db}", migrate=False)
        ctx = AppContext(store, prefs_path=tmp / "prefs2.json")
        window = MainWindow(ctx)
        window.show()
        desktop_app.wait_for_first_paint(window)
        desktop_app.warm_up(ctx, window).join()  # what start-up does after the first paint
        _settle(qapp)
        lookup = window.client_bar.lookup
        lookup.setFocus()
        keys: list[float] = []
        for word in ("maria lopez", "jsoe garcia", "1234567"):
            for ch in word:
                keys.append(_timed(partial(QTest.keyClick, lookup, ch), qapp))
            QTest.keyClick(lookup, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClick(lookup, Qt.Key.Key_Delete)
            _settle(qapp)
        window.close()
        store.engine.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    later = sorted(keys[1:])
    return {
        "history_open_ms": history_ms,
        "language_switch_ms": switch_ms,
        "language_back_ms": back_ms,
        "first_key_ms": keys[0],
        "later_key_p50": statistics.median(later),
        "later_key_p95": later[int(0.95 * (len(later) - 1))],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.gui", description=__doc__)
    parser.add_argument("--big-db", type=Path)
    args = parser.parse_args(argv)
    big = args.big_db if args.big_db and args.big_db.exists() else None
    print(json.dumps(measure(big)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
