"""How the focus walk completes each courtesy-credit step, per path through the flow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.models.credits.flow import CreditStep
from desktop.views.credits.page import CreditPage
from desktop.views.page import Page
from tests import keyboard
from tests.views.helpers import choose, tick
from tests.views.walks import Walk


def _retype(field: QWidget, text: str) -> None:
    keyboard.click(field)
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text(text)


def _complete(kind: str, amount: str) -> Callable[[Page, str], None]:
    def complete(page: Page, step: str) -> None:
        assert isinstance(page, CreditPage)
        if step == CreditStep.WHAT_HAPPENED:
            what = page.what
            if not what.reviewed.isChecked():
                tick(what.reviewed)
            choose(what.kind, kind)
            for combo in (what.assessed, what.paid):
                if combo.isVisible():
                    choose(combo, True)
            if what.violation.isVisible():
                choose(what.violation, False)
            _retype(what.amount, amount)
        elif step == CreditStep.DECISION:
            decision = page.decision
            if decision.allow_box.isVisible():
                _retype(decision.credit_amount, "10.00")
            if decision.details.isVisible() and not decision.details.toPlainText().strip():
                keyboard.click(decision.details)
                keyboard.type_text("Closed on arrival twice.")
        elif step == CreditStep.APPLY:
            apply = page.apply
            for box in (apply.action_done, apply.education_given):
                if box.isVisible() and not box.isChecked():
                    tick(box)
        elif step == CreditStep.NOTE and page.note.note.save_button.isEnabled():
            keyboard.click(page.note.note.save_button)

    return complete


CLIENT = {"cid": "100200", "name": "Maria Lopez", "state": "TX"}

WALKS = (
    Walk("credit", "allow", CLIENT, _complete("missed_appointment_fee", "25.00")),
    Walk("credit", "escalate", CLIENT, _complete("inconvenience", "50")),
    Walk("credit", "utr", CLIENT, _complete("double_charge", "95.00")),
)
