"""The list of workflows at the left of the full window, as narrow as its titles allow.

Why its own width rule: a fixed width left most of the list empty in English and
still scrolled sideways in Spanish ("Guía del código de anulación    Ctrl+2") once
a wide page squeezed it.  The list asks for its longest title's width, up to
:data:`MOST_CHARS` average characters, and wraps a title over two lines rather
than scroll when it is given less.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListView, QListWidget, QWidget

#: Widest the list asks to be, in average characters (a longer title wraps).
MOST_CHARS = 30
#: Narrowest it gets: two short words of a title side by side.
LEAST_CHARS = 12


class WorkflowList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workflowList")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # wrapped rows follow the width
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * LEAST_CHARS)

    def _chrome(self) -> int:
        """Frame, item margins and the vertical scroll bar a long list may show."""
        return self.frameWidth() * 2 + self.verticalScrollBar().sizeHint().width() + 8

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.item(i).text()) for i in range(self.count())), default=0)
        width = min(widest, metrics.averageCharWidth() * MOST_CHARS) + self._chrome()
        return QSize(max(width, self.minimumWidth()), super().sizeHint().height())

    def retitled(self) -> None:
        """The titles changed (a language switch): take the new longest one's width."""
        self.setMaximumWidth(self.sizeHint().width())
        self.updateGeometry()
