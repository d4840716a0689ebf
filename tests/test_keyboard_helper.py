"""The typing helper sends every key to the widget that has focus at that moment."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from tests.keyboard import click, focused_name, press, type_text


def test_keys_follow_focus_not_a_named_widget(qtbot: Any) -> None:
    window = QWidget()
    first, second = QLineEdit(), QLineEdit()
    first.setObjectName("first")
    second.setObjectName("second")
    layout = QVBoxLayout(window)
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    click(first)
    assert focused_name() == "first"
    type_text("ab é１")
    press(Qt.Key.Key_Tab)
    type_text("cd")
    assert first.text() == "ab é１"
    assert second.text() == "cd"
