"""A labelled input with its error message right under it, laid out in a shared grid.

Not a widget of its own: the rows of one step share a grid so their fields line
up, and a row shows or hides its label, field and error together.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop.views.widgets.announce import announce
from desktop.views.widgets.colors import Role, css, style_text


def error_color() -> str:
    """The one error red, chosen for the colour scheme: readable on light and dark windows."""
    return css(Role.ERROR)


def error_label(name: str) -> QLabel:
    """The hidden message under a field that says what is wrong with what was typed."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    style_text(label, Role.ERROR)
    label.hide()
    return label


class FieldRow:
    """Label (the field's buddy, so its mnemonic focuses the field) + field + error under it."""

    def __init__(self, field: QWidget, name: str = "") -> None:
        self.field = field
        if name:
            field.setObjectName(name)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setBuddy(field)
        self.error = error_label(f"{field.objectName()}Error")
        self._visible = True

    def place(self, grid: QGridLayout, row: int) -> int:
        """Put the row at ``row`` of ``grid`` (two grid rows); returns the next free row."""
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.field, row, 1)
        grid.addWidget(self.error, row + 1, 1)
        grid.setColumnStretch(1, 1)
        return row + 2

    def place_above(self, grid: QGridLayout, row: int, columns: int = 2) -> int:
        """The label over the field, both across ``columns``: for fields that show whole sentences
        (a narrow window has no room beside them).  Three grid rows; returns the next free row."""
        grid.addWidget(self.label, row, 0, 1, columns)
        grid.addWidget(self.field, row + 1, 0, 1, columns)
        grid.addWidget(self.error, row + 2, 0, 1, columns)
        return row + 3

    def set_label(self, text: str) -> None:
        self.label.setText(text)

    def show_error(self, text: str | None) -> None:
        """Show ``text`` under the field, or hide the message when None or empty.

        A new message is announced to screen readers once: it blocks the step,
        and it appears beside the field without taking the keyboard.
        """
        new = bool(text) and text != self.error.text()
        self.error.setText(text or "")
        self.error.setVisible(bool(text) and self._visible)
        if new and self._visible:
            self.error.setAccessibleName(text or "")
            announce(self.error, text or "")

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        self.label.setVisible(visible)
        self.field.setVisible(visible)
        if not visible:
            self.error.hide()
        elif self.error.text():
            self.error.show()
