"""How the focus walk completes each override-coaching step, per path through the flow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from desktop.models.override.flow import OverrideStep
from desktop.views.override.page import OverridePage
from desktop.views.page import Page
from tests import keyboard
from tests.views.helpers import choose, tick
from tests.views.override.drive import CODE, WHEN, type_into
from tests.views.walks import Walk


def _complete(*, waive: bool) -> Callable[[Page, str], None]:
    def complete(page: Page, step: str) -> None:
        assert isinstance(page, OverridePage)
        if step == OverrideStep.PRECONDITIONS:
            pre = page.preconditions
            for check in (pre.confirm_client, pre.inbound, pre.perm, pre.with_vehicle, pre.ready):
                if not check.isChecked():
                    tick(check)
            type_into(pre.lockout, "4821")
            box = pre.appointment
            if not box.enter_one.isChecked():
                tick(box.enter_one)
            choose(box.kind, "calibration")
            day, clock = WHEN["en"]
            type_into(box.date, day)
            type_into(box.time, clock)
            if not box.confirmed.isChecked():
                tick(box.confirmed)
        elif step == OverrideStep.PRICE:
            price = page.price
            if waive:
                if not price.waive.isChecked():
                    tick(price.waive)
                type_into(price.waiver_reason, "First lockout")
            else:
                type_into(price.price, "45.00")
        elif step == OverrideStep.COACHING:
            type_into(page.coaching.code, CODE)
            keyboard.press(Qt.Key.Key_Return)
            for _ in range(7):
                keyboard.press(Qt.Key.Key_Space)
        elif step == OverrideStep.DONE:
            done = page.done
            if done.payment_confirm.isVisible() and not done.payment_confirm.isChecked():
                tick(done.payment_confirm)
            if done.note.save_button.isEnabled():
                keyboard.click(done.note.save_button)

    return complete


M9 = {"cid": "M90001", "name": "Rosa Vega", "brand": "m9", "device_model": "AMS2000"}
MONITECH = {"cid": "MT0001", "name": "Luis Soto", "brand": "monitech"}

WALKS = (
    Walk("override", "m9-price", M9, _complete(waive=False)),
    Walk("override", "m9-waiver", M9, _complete(waive=True)),
    Walk("override", "monitech", MONITECH, _complete(waive=False)),
)
