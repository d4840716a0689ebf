"""A simulated shift on the real main window, typed through the keyboard helper.

Shared by ``tests/test_soak.py`` (a short shift that must pass) and ``bench/soak.py``
(a long one that prints figures).  An agent's day is: find a client (Ctrl+L, type a
CID or a name, Enter), move between workflows (Ctrl+1 … Ctrl+5), write notes, and
switch the interface language for a Spanish-speaking caller.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from tests import keyboard

# Monday 2026-11-23 10:00 US Eastern, as in the other tests.
SHIFT_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
WORKFLOW_KEYS = ("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5")
NOTE_TEXT = "Client called about the device; confirmed the CID and name, explained the next steps. "


def rss_bytes() -> int:
    """Resident memory of this process now (Linux ``/proc``; peak RSS elsewhere)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@dataclass
class ShiftLog:
    opens: int = 0
    keystrokes: int = 0
    language_switches: int = 0
    workflow_visits: int = 0
    lookup_clicks: int = 0  # Ctrl+L left focus elsewhere, so the agent clicked the lookup
    latencies_ms: list[float] = field(default_factory=list)


@contextmanager
def demo_window(folder: Path, template: Path | None = None) -> Iterator[Any]:
    """The real main window on a freshly seeded demo database in ``folder``."""
    from desktop.models.store import demo
    from desktop.models.store.db import open_store
    from desktop.views.context import AppContext
    from desktop.views.shell.main_window import MainWindow

    db = folder / "demo.sqlite3"
    if template is not None:
        shutil.copy(template, db)
    store = open_store(f"sqlite:///{db}", migrate=template is None)
    ctx = AppContext(store, clock=lambda: SHIFT_NOW, prefs_path=folder / "prefs.json", demo=True)
    ctx.set_language("en")
    with ctx.session() as s:  # as desktop.app does for --demo
        demo.seed_if_empty(s, ctx.now())
    window = MainWindow(ctx)
    window.show()
    window.activateWindow()
    window.raise_()
    QApplication.processEvents()
    try:
        yield window
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
        store.engine.dispose()


class Shift:
    """Drives one window the way an agent does, key by key."""

    def __init__(self, window: Any, *, measure: bool = False) -> None:
        self.window = window
        self.ctx = window.ctx
        self.measure = measure
        self.log = ShiftLog()
        from desktop.models.store import demo

        clients = demo.demo_clients()
        self.cids = [c.cid for c in clients]
        self.names = [c.name for c in clients]

    # -- single keys, timed when measuring --------------------------------------
    def _typed(self, text: str) -> None:
        for ch in text:
            started = time.perf_counter()
            keyboard.type_text(ch)  # processes events: the key's work is done when it returns
            if self.measure:
                self.log.latencies_ms.append((time.perf_counter() - started) * 1000)
        self.log.keystrokes += len(text)

    def _shortcut(self, sequence: str) -> None:
        keyboard.shortcut(sequence)
        self.log.keystrokes += 1

    # -- what an agent does -----------------------------------------------------
    def focus_lookup(self) -> QLineEdit:
        lookup: QLineEdit = self.window.client_bar.lookup
        self._shortcut("Ctrl+L")
        if QApplication.focusWidget() is not lookup:
            self.log.lookup_clicks += 1
            keyboard.click(lookup)
        keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # replace what is there
        self.log.keystrokes += 1
        return lookup

    def open_client(self, typed: str) -> Any:
        """Ctrl+L, type, Enter; the client the window then shows."""
        self.focus_lookup()
        self._typed(typed + "\n")
        self.log.opens += 1
        return self.ctx.client

    def typed_for(self, n: int) -> str:
        """What the agent types for the n-th call: mostly the CID, every third a name.

        A name is typed as an agent does, first name and the start of the last name.
        """
        if n % 3 != 2:
            return self.cids[n % len(self.cids)]
        first, _, last = self.names[n % len(self.names)].partition(" ")
        return f"{first} {last[:2]}"

    def visit(self, index: int) -> QWidget:
        self._shortcut(WORKFLOW_KEYS[index])
        self.log.workflow_visits += 1
        return self.window.stack.currentWidget()

    def type_note(self, characters: int) -> int:
        """Click note fields of the Notes page and type ``characters`` keys in all."""
        page = self.window.page("notes")
        self.visit(3)
        fields: list[QWidget] = [page.reason, page.resolution, page.additional_info, page.follow_up]
        typed = 0
        i = 0
        while typed < characters:
            target = fields[i % len(fields)]
            i += 1
            keyboard.click(target)
            chunk = NOTE_TEXT[: min(len(NOTE_TEXT), characters - typed)]
            self._typed(chunk)
            typed += len(chunk)
        return typed

    def switch_language(self) -> str:
        """Ctrl+L, Tab to the language list, one arrow key (no popup: the list changes in place)."""
        combo: QComboBox = self.window.client_bar.language
        self.focus_lookup()
        keyboard.press(Qt.Key.Key_Tab)
        if QApplication.focusWidget() is not combo:
            raise AssertionError(f"Tab from the lookup went to {keyboard.focused_name()}, not the language list")
        going_to_spanish = combo.currentData() == "en"
        keyboard.press(Qt.Key.Key_Down if going_to_spanish else Qt.Key.Key_Up)
        self.log.keystrokes += 2
        self.log.language_switches += 1
        return str(self.ctx.prefs.language)

    def run(
        self,
        opens: int,
        note_characters: int,
        language_switches: int,
        *,
        deadline: float | None = None,
        min_opens: int = 0,
        progress: Callable[[ShiftLog], None] | None = None,
    ) -> ShiftLog:
        """The shift, in rounds that each mix opens, workflow visits, note typing and a language switch.

        ``deadline`` (a ``time.monotonic()`` value) ends the shift early on a slow or
        busy machine, but never before ``min_opens`` opens; the note characters
        shrink in proportion and every language switch is still made.  The log says
        what was done.
        """
        rounds = max(1, language_switches)
        per_round = max(1, opens // rounds)
        chars_per_open = note_characters / max(1, opens)
        done_rounds = 0
        n = 0
        notes_typed = 0
        while n < opens:
            started = time.monotonic()
            for _ in range(min(per_round, opens - n)):
                self.open_client(self.typed_for(n))
                self.visit(n % len(WORKFLOW_KEYS))
                n += 1
            notes_due = min(note_characters, round(n * chars_per_open)) - notes_typed
            if notes_due > 0:
                notes_typed += self.type_note(notes_due)
            if done_rounds < language_switches:
                self.switch_language()
            done_rounds += 1
            if progress is not None:
                progress(self.log)
            took = time.monotonic() - started
            if deadline is not None and n >= min_opens and time.monotonic() + took > deadline:
                break
        while self.log.language_switches < language_switches:
            self.switch_language()
        return self.log


def percentile(values: list[float], pct: int) -> float:
    """The ``pct``-th percentile (1-99) of ``values``; 0 when there are too few."""
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]
