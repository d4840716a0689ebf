"""How a focus walk completes each POC step through the keyboard helper, so Next becomes available.

Shared by this folder's focus test and by any walk over every workflow: a walk
calls :func:`complete` on each step before and after typing into its fields.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.models.poc.flow import PocStep
from desktop.views.page import Page
from desktop.views.poc.page import PocPage
from tests import keyboard
from tests.views.helpers import tick

CLIENT: dict[str, Any] = {"cid": "100200", "name": "Maria Lopez", "state": "TX"}


def _retype(field: QLineEdit, text: str) -> None:
    keyboard.click(field)
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text(text)


def complete(page: Page, step: str) -> None:
    """Fill ``step`` the way an agent would on a plain CSG request (SOP P1-P6)."""
    assert isinstance(page, PocPage)
    if step == PocStep.ELIGIBILITY:
        e = page.eligibility
        for box in (e.perm, e.sop_confirmed):
            if box.isVisible() and not box.isChecked():
                tick(box)
        _retype(e.fee, "45.00")
        tick(e.quoted)
    elif step == PocStep.WHEN:
        _retype(page.when.drive, "30")
        keyboard.click(page.when.earliest)
    elif step == PocStep.UTR:
        _retype(page.utr.utr, "UTR778899")
    elif step == PocStep.CHECKLIST:
        for box in (*page.checklist.checks, page.checklist.explained):
            if not box.isChecked():
                tick(box)
    elif step == PocStep.NOTE and page.note.note.save_button.isEnabled():
        keyboard.click(page.note.note.save_button)
