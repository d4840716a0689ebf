"""The note block every workflow ends with: the composed 4E note, Save to history, Copy.

The note reaches the clipboard only after history has committed it, so Copy is
enabled once the note is saved: a note pasted into the CRM is always on record.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.views.widgets.clipboard import copy_text
from desktop.views.widgets.text import fit_lines, wrap


class NoteBlock(QWidget):
    """Preview, Save and Copy; the owner step saves when ``saveRequested`` fires."""

    saveRequested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel()
        self.preview = QPlainTextEdit()
        self.preview.setObjectName(f"{name}Preview")
        self.preview.setReadOnly(True)
        self.preview.setTabChangesFocus(True)
        fit_lines(self.preview, 10)  # scrolls inside beyond ten lines: all of it stays reachable at 150 %
        self.label.setBuddy(self.preview)
        self.save_button = QPushButton()
        self.save_button.setObjectName(f"{name}Save")
        self.save_button.clicked.connect(self.saveRequested)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName(f"{name}Copy")
        self.copy_button.clicked.connect(self.copy)
        self.status = wrap(QLabel())
        self.status.setObjectName(f"{name}Status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.preview, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.copy_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self._saved = False
        self._problem = ""

    def retranslate(self) -> None:
        self.label.setText(_("N&ote (also sent to the Notes page):"))
        self.save_button.setText(_("Sa&ve to history"))
        self.copy_button.setText(_("Cop&y note"))
        self._render_status()

    def show_note(self, text: str, *, saved: bool, problem: str = "") -> None:
        """Show ``text`` (empty while the note cannot be composed yet) and whether it is saved.

        ``problem`` says why the last save did not happen; it stays until the next save.
        """
        if self.preview.toPlainText() != text:
            self.preview.setPlainText(text)
        self._saved = saved
        self._problem = problem
        self.save_button.setEnabled(bool(text) and not saved)
        self.copy_button.setEnabled(bool(text) and saved)
        self._render_status()

    def _render_status(self) -> None:
        if self._saved:
            self.status.setText(_("Saved to the account history and sent to the Notes page."))
        else:
            self.status.setText(self._problem)

    def copy(self) -> None:
        if self._saved:
            copy_text(self.preview.toPlainText())
