"""How the override tests drive the page: only through the keyboard helper and clicks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.models.store.clients import ClientInfo
from desktop.views.override.page import OverridePage
from tests import keyboard
from tests.views.helpers import choose, tick

CODE = "K7QX-9B2M"
CODE_FORMS = ("K7QX9B2M", "K7QX-9B2M", "K7QX 9B2M", "k7qx9b2m")
#: The appointment typed in each language's format, after the tests' fixed now (9:00 AM in Chicago).
WHEN = {"en": ("11/23/26", "3:30 PM"), "es": ("23/11/26", "15:30")}


def m9(add_client: Callable[..., ClientInfo], **overrides: Any) -> ClientInfo:
    values: dict[str, Any] = {"cid": "M90001", "name": "Rosa Vega", "brand": "m9", "device_model": "AMS2000"}
    values.update(overrides)
    return add_client(**values)


def type_into(field: QWidget, text: str) -> None:
    """Click the field, select what is in it, and type ``text`` over it."""
    keyboard.click(field)
    assert QApplication.focusWidget() is field, keyboard.focused_name()
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text(text)


def go_next(page: OverridePage) -> None:
    button = page.steps.next_button
    assert button.isEnabled(), (page.step(), page.steps.blockers.text())
    keyboard.click(button)


def enter_appointment(page: OverridePage, language: str, kind: str = "reset") -> None:
    box = page.preconditions.appointment
    tick(box.enter_one)
    choose(box.kind, kind)
    day, clock = WHEN[language]
    type_into(box.date, day)
    type_into(box.time, clock)
    tick(box.confirmed)


def pass_preconditions(page: OverridePage, language: str = "en") -> None:
    pre = page.preconditions
    for box in (pre.confirm_client, pre.inbound, pre.perm, pre.with_vehicle, pre.ready):
        if not box.isChecked():
            tick(box)
    type_into(pre.lockout, "4821")
    enter_appointment(page, language)


def to_coaching(page: OverridePage, language: str = "en", *, price: str = "45.00", waive_reason: str = "") -> None:
    pass_preconditions(page, language)
    go_next(page)
    if waive_reason:
        tick(page.price.waive)
        type_into(page.price.waiver_reason, waive_reason)
    else:
        type_into(page.price.price, price)
    go_next(page)
    assert page.step() == "coaching"
    assert QApplication.focusWidget() is page.coaching.code  # the step's first field


def read_whole_code(page: OverridePage, code: str = CODE) -> None:
    type_into(page.coaching.code, code)
    keyboard.press(Qt.Key.Key_Return)
    assert page.coaching.reader.hasFocus()
    assert page.flow is not None and page.flow.cursor is not None
    for _ in range(page.flow.cursor.total - 1):
        keyboard.press(Qt.Key.Key_Space)
