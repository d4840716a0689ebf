"""A shift on the real main window: the process lives, everything still works, memory stays flat.

Everything goes through the keyboard helper, as an agent's keys and clicks would.
Memory is measured after a warm-up (every workflow built once, one client opened,
one language round trip), so what is compared is growth during the shift itself.

The shift aims at 300 client opens, 3,000 note characters and 20 language
switches.  On a busy machine it ends early to stay within the suite's time, but
never before 100 opens, and it always makes the 20 switches; ``make soak`` runs
the long, fixed-size shift.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.views.workflows import WORKFLOWS as PAGES
from tests import keyboard
from tests.soak_driver import Shift, demo_window, rss_bytes

OPENS = 300
MIN_OPENS = 100
NOTE_CHARACTERS = 3_000
LANGUAGE_SWITCHES = 20
SHIFT_SECONDS = 46  # of the 60 s the whole test may take; start-up and checks take the rest
MAX_GROWTH = 40 * 1024 * 1024

pytestmark = pytest.mark.soak


def test_a_shift_of_300_clients_leaves_the_window_working(
    qtbot: Any, tmp_path: Path, template_db: Path, capsys: Any
) -> None:
    with demo_window(tmp_path, template_db) as window:
        qtbot.waitActive(window)
        warm_up = Shift(window)
        for index in range(len(PAGES)):
            warm_up.visit(index)
        warm_up.open_client(warm_up.cids[0])
        warm_up.switch_language()
        warm_up.switch_language()
        gc.collect()
        before = rss_bytes()

        shift = Shift(window)
        log = shift.run(
            OPENS, NOTE_CHARACTERS, LANGUAGE_SWITCHES,
            deadline=time.monotonic() + SHIFT_SECONDS, min_opens=MIN_OPENS,
        )

        gc.collect()
        grown = rss_bytes() - before
        with capsys.disabled():
            print(
                f"\nsoak: {log.opens} opens, {log.keystrokes} keystrokes, {log.language_switches} language "
                f"switches, {log.workflow_visits} workflow visits; RSS {before / 2**20:.0f} MiB "
                f"+{grown / 2**20:.1f} MiB"
            )
        assert log.opens >= MIN_OPENS and log.language_switches == LANGUAGE_SWITCHES
        assert log.workflow_visits >= log.opens
        assert log.keystrokes >= log.opens * 7 + NOTE_CHARACTERS * log.opens // OPENS

        # The lookup still opens what is typed, by CID and by name.
        assert shift.open_client("300101").cid == "300101"
        named = shift.names[5]
        assert shift.open_client(named).name == named
        # Every workflow still comes up on its shortcut.
        for index, spec in enumerate(PAGES):
            shown = shift.visit(index)
            assert shown is window.page(spec.page_id) and shown.isVisible(), spec.page_id
        # Notes still take typing where the agent clicks, and the preview follows.
        notes = window.page("notes")
        shift.visit(3)
        keyboard.click(notes.follow_up)
        keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        keyboard.type_text("Call back Friday")
        assert notes.follow_up.text() == "Call back Friday"
        # The language still switches both ways.
        assert {shift.switch_language(), shift.switch_language()} == {"en", "es"}
        assert grown < MAX_GROWTH, f"RSS grew {grown / 2**20:.1f} MiB over the shift"
