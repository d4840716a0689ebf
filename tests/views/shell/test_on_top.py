"""Always on top with the keyboard in a field: what the agent types after Ctrl+Shift+T still lands there.

Changing the flag through ``QWidget.setWindowFlag`` re-creates the native window,
which hides it and, shown again, leaves no window active: the next key goes
nowhere.  On a real X server (``make test`` runs this again under Xvfb with Qt's
``xcb`` platform) and offscreen, the window must stay shown and active with the
focus in the same field, so the very next key lands there.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.views.shell.main_window import MainWindow
from tests import keyboard

ON_TOP = Qt.WindowType.WindowStaysOnTopHint


def _still_in(window: MainWindow, field: QLineEdit) -> None:
    """The window stayed shown and active, the keyboard in the field: the very next key lands there."""
    assert window.isVisible() and window.isActiveWindow(), QGuiApplication.platformName()
    assert QApplication.focusWidget() is field, (keyboard.focused_name(), QGuiApplication.platformName())


@pytest.mark.parametrize("language", ["en", "es"])
def test_typing_reaches_the_field_after_ctrl_shift_t_on_and_off(
    qtbot: Any, window: MainWindow, ctx: Any, language: str
) -> None:
    ctx.set_language(language)
    keyboard.shortcut("Ctrl+3")  # the courtesy credit page
    field = window.pages["credit"].what.amount  # type: ignore[attr-defined]
    assert isinstance(field, QLineEdit)
    keyboard.click(field)
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.press(Qt.Key.Key_Backspace)
    keyboard.type_text("1")

    keyboard.shortcut("Ctrl+Shift+T")  # pressed from inside the field
    assert window.windowFlags() & ON_TOP and ctx.prefs.always_on_top
    handle = window.windowHandle()
    assert handle is not None and handle.flags() & ON_TOP  # the native window carries it too
    _still_in(window, field)
    keyboard.type_text("5")
    assert field.text() == "15", (field.text(), keyboard.focused_name(), QGuiApplication.platformName())

    keyboard.shortcut("Ctrl+Shift+T")
    assert not window.windowFlags() & ON_TOP and not ctx.prefs.always_on_top
    _still_in(window, field)
    keyboard.type_text(".50")
    assert field.text() == "15.50", (field.text(), keyboard.focused_name(), QGuiApplication.platformName())
