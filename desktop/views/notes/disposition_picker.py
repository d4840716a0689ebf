"""The disposition picker of the Notes page (SOP N4): type to filter, arrows to move, Enter to choose.

A note has exactly one disposition, and agents pick it by typing a few letters
of it in either language, so the list is filtered as they type and driven from
the filter box; the mouse is never needed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import _, current_language
from desktop.models.notes.dispositions import filter_dispositions, find_disposition


class DispositionPicker(QWidget):
    """The chosen disposition and the filtered list; the filter row goes into the fields' form."""

    chosen = Signal()  # the agent chose a disposition

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.disposition = ""  # a reason id (or any text a workflow offered)
        self.filter_label = QLabel()
        self.filter = QLineEdit()
        self.filter.setObjectName("dispositionFilter")
        self.filter_label.setBuddy(self.filter)
        self.selected = QLabel()
        self.selected.setObjectName("dispositionSelected")
        self.selected.setWordWrap(True)
        bold = self.selected.font()
        bold.setBold(True)
        self.selected.setFont(bold)
        self.list = QListWidget()
        self.list.setObjectName("dispositionList")
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.selected)
        layout.addWidget(self.list, 1)

        self.filter.textChanged.connect(lambda _t: self.fill())
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(self._choose_item)
        self.list.itemDoubleClicked.connect(self._choose_item)

    def retranslate(self) -> None:
        self.filter_label.setText(_("&Disposition:"))
        self.filter.setPlaceholderText(_("Type to filter, ↓ to choose, Enter to select"))
        self.list.setAccessibleName(_("Dispositions"))
        self.fill()

    def show_disposition(self, reason_id: str) -> None:
        """Show ``reason_id`` as chosen (a draft being shown: not the agent's choice)."""
        self.disposition = reason_id
        self.filter.clear()
        self.fill()

    def choose(self, reason_id: str) -> None:
        """The agent's choice, by id (keyboard users and tests use the picker itself)."""
        self.disposition = reason_id
        self.fill()
        self.chosen.emit()

    def fill(self) -> None:
        language = current_language()
        self.list.clear()
        for item in filter_dispositions(self.filter.text(), language):
            row = QListWidgetItem(item.label(language))
            row.setData(Qt.ItemDataRole.UserRole, item.reason_id)
            self.list.addItem(row)
            if item.reason_id == self.disposition:
                self.list.setCurrentItem(row)
        found = find_disposition(self.disposition) if self.disposition else None
        chosen = found.label(language) if found is not None else (self.disposition or _("none yet"))
        self.selected.setText(_("Selected: {disposition}").format(disposition=chosen))

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.choose(str(item.data(Qt.ItemDataRole.UserRole)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys and Enter in the filter box drive the list, so the mouse is never needed."""
        if watched is self.filter and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            count = self.list.count()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and count:
                row = self.list.currentRow()
                step = 1 if key == Qt.Key.Key_Down else -1
                row = 0 if row < 0 else max(0, min(count - 1, row + step))
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and count:
                self._choose_item(self.list.currentItem() or self.list.item(0))
                return True
        return super().eventFilter(watched, event)
