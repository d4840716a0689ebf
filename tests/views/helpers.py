"""Keyboard-and-mouse steps that view tests share, built on :mod:`tests.keyboard`."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox

from tests import keyboard


def choose(combo: QComboBox, value: object) -> None:
    """Pick the entry whose data is ``value`` as an agent does: click, arrow keys, Enter."""
    index = combo.findData(value)
    if index < 0:
        raise AssertionError(f"{combo.objectName()} has no entry {value!r}")
    keyboard.click(combo)  # opens the list; keys now go to it
    step = Qt.Key.Key_Down if index >= combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(index - combo.currentIndex())):
        keyboard.press(step)
    keyboard.press(Qt.Key.Key_Return)
    if combo.currentIndex() != index:
        raise AssertionError(f"{combo.objectName()}: chose {combo.currentText()!r}, not {value!r}")


def tick(box: QAbstractButton) -> None:
    """Click a check box on its box (a full-width row is not clickable at its centre)."""
    keyboard.click(box, QPoint(8, box.height() // 2))
