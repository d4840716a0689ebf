"""Scroll areas for pages of two panes: each pane scrolls on its own when side by side,
the whole page scrolls as one when the panes are stacked.

Side by side (a wide window), the Notes fields scroll beside a preview that stays
put, and a chat template's fields scroll inside their tab.  Stacked (compact mode,
or the full window at 150 % beside the history), a pane that scrolls on its own
would be a slot a few lines high between the panes: there :class:`PaneScroll`
unfolds to its content's whole height and :func:`page_scroll` around the page
takes the scrolling.  Both only ever scroll up and down.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def _vertical_only(area: QScrollArea) -> QScrollArea:
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def page_scroll(content: QWidget) -> QScrollArea:
    """``content`` in an up-and-down scroll area that only scrolls once the page is taller than the window."""
    area = _vertical_only(QScrollArea())
    area.setObjectName("pageScroll")
    area.setWidget(content)
    return area


class PaneScroll(QScrollArea):
    """A pane's own scroll area; unfolded (:meth:`set_unfolded`), as tall as its content."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unfolded = False
        _vertical_only(self)
        self.setWidget(content)
        content.installEventFilter(self)

    def set_unfolded(self, unfolded: bool) -> None:
        if unfolded != self._unfolded:
            self._unfolded = unfolded
            # Unfolded it is as tall as its content: a scroll bar would only narrow the content.
            policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if unfolded else Qt.ScrollBarPolicy.ScrollBarAsNeeded
            self.setVerticalScrollBarPolicy(policy)
            self.updateGeometry()

    def is_unfolded(self) -> bool:
        return self._unfolded

    def _content_height(self) -> int:
        content = self.widget()
        if content is None:
            return 0
        width = self.viewport().width()
        height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        if height < 0:
            height = content.sizeHint().height()
        return max(height, content.minimumSizeHint().height()) + self.frameWidth() * 2

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), self._content_height()) if self._unfolded else hint

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._content_height()) if self._unfolded else hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._unfolded and event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped lines take another height at another width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The content's layout changed (a message shown or hidden): its whole height changed too."""
        if self._unfolded and watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)
