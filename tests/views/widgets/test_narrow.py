"""A row of boxes that becomes a column when its words no longer fit, also after a language switch."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.views.widgets.narrow import FitRow


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_a_row_whose_words_grow_at_the_same_width_turns_into_a_column(qtbot: Any) -> None:
    window = QWidget()  # the row inside a window, as in a step: a window of its own would widen
    row = FitRow()
    QVBoxLayout(window).addWidget(row)
    buttons = [QPushButton("Back"), QPushButton("Next")]
    for button in buttons:
        row.add(button)
    qtbot.addWidget(window)
    window.resize(300, 80)
    window.show()
    _settle()
    assert row.row.direction() == QBoxLayout.Direction.LeftToRight
    for button in buttons:  # the same width, longer words (another language)
        button.setText("Volver al paso anterior de la guía")
    _settle()
    assert row.row.direction() == QBoxLayout.Direction.TopToBottom
    assert all(button.width() >= button.sizeHint().width() for button in buttons)
    for button, text in zip(buttons, ("Back", "Next"), strict=True):
        button.setText(text)
    _settle()
    assert row.row.direction() == QBoxLayout.Direction.LeftToRight
