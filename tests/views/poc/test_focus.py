"""Keyboard truth on every POC step: typing in a field keeps the keyboard in that field.

Each step is reached as an agent reaches it; in each enabled text or number
field the test clicks the field and types several characters through the
keyboard helper, and fails if the focus left the field on the way.  The date
and time pickers are typed into as well (digits go to their current section).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QWidget

from desktop.models.poc.flow import PocStep
from desktop.models.store.clients import ClientInfo
from desktop.views.poc.page import PocPage
from desktop.views.widgets.steps import focusable
from tests import keyboard
from tests.views.poc.calls import go_next, to_when
from tests.views.poc.walk import CLIENT, complete

TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox)


def typing_fields(page: PocPage) -> list[QWidget]:
    view = page.steps.current_view()
    assert view is not None
    found: list[QWidget] = []
    for widget in view.findChildren(QWidget):
        if not isinstance(widget, TEXT_FIELDS) or not focusable(widget):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox):
            continue
        if isinstance(widget, QPlainTextEdit) and widget.isReadOnly():
            continue
        found.append(widget)
    return found


def type_in_each_field(page: PocPage, text: str) -> int:
    fields = typing_fields(page)
    for field in fields:
        keyboard.click(field)
        for ch in text:
            keyboard.type_text(ch)
            now = QApplication.focusWidget()
            assert now is not None and (now is field or field.isAncestorOf(now)), (
                f"{page.step()}: typing {ch!r} in {field.objectName()} moved focus to {keyboard.focused_name()}"
            )
    return len(fields)


@pytest.mark.parametrize("language", ["en", "es"])
def test_typing_never_leaves_the_field_on_any_step(
    language: str, ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client(**CLIENT), language)
    typed: dict[str, int] = {}
    while True:
        step = page.step()
        assert step is not None
        complete(page, step)  # conditional fields show once the step is filled in
        typed[step] = type_in_each_field(page, "1440ab")
        complete(page, step)  # back to a complete step after the typing
        if step == PocStep.NOTE:
            break
        go_next(page)
    assert list(typed) == list(PocStep)
    assert typed[PocStep.ELIGIBILITY] >= 1  # the fee
    assert typed[PocStep.WHEN] >= 3  # drive time, date, time
    assert typed[PocStep.UTR] >= 2  # the ticket text and its number


def test_the_clock_tick_does_not_move_the_keyboard(
    add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client())
    to_when(page)
    keyboard.click(page.when.drive)
    keyboard.type_text("3")
    page.refresh_live()
    keyboard.type_text("0")
    assert page.when.drive.text() == "30"
    assert keyboard.focused_name() == "pocDriveMinutes"
