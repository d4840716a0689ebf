"""Typing stays in every field of the Notes and Chat pages, which have no steps (keyboard truth).

The stepped workflows are walked by test_focus_walk; these two pages are forms
the agent fills in any order, so every enabled text field is clicked and typed
into through the keyboard helper, in the real main window with a client open.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTabWidget, QWidget

from desktop.views.shell.main_window import MainWindow
from desktop.views.workflows import workflow
from tests import keyboard

TYPED = "4513"


def _fields(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, QLineEdit | QPlainTextEdit) and w.isVisible() and w.isEnabled() and not w.isReadOnly()
    ]


def _text(field: QWidget) -> str:
    return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()  # type: ignore[attr-defined]


@pytest.mark.parametrize("page_id", ["notes", "chat"])
def test_typing_stays_in_every_field_of_the_page(window: MainWindow, page_id: str) -> None:
    keyboard.click(window.client_bar.lookup)
    keyboard.shortcut(workflow(page_id).shortcut)
    page = window.pages[page_id]
    tabs = page.findChild(QTabWidget)
    rounds = range(tabs.count()) if tabs is not None else range(1)
    typed_into = 0
    for index in rounds:
        if tabs is not None:
            keyboard.click(tabs.tabBar(), tabs.tabBar().tabRect(index).center())
        for field in _fields(page):
            name = field.objectName() or type(field).__name__
            keyboard.click(field)
            assert QApplication.focusWidget() is field, f"clicking {name} focused {keyboard.focused_name()}"
            before = _text(field)
            keyboard.type_text(TYPED)
            assert QApplication.focusWidget() is field, f"typing in {name} moved focus to {keyboard.focused_name()}"
            assert len(_text(field)) >= len(before), name
            assert TYPED not in window.client_bar.lookup.text()
            typed_into += 1
    assert typed_into >= 5
