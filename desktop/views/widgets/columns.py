"""Columns side by side when the step is wide enough, one under the other when it is not.

Why: a step with a checklist on the left and "what is still missing" on the
right fits a full-width window, but at 125-150 % scaling or in Spanish the two
columns together are wider than the window, and the right one ends up off
screen behind a sideways scroll bar.  Stacked, everything is reached by
scrolling down, which a step does anyway.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QBoxLayout, QWidget


class Columns(QBoxLayout):
    """A box layout that is left-to-right when its items' preferred widths fit, else top-to-bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight, parent)
        self._pending = False

    def side_by_side_width(self) -> int:
        items = [self.itemAt(i) for i in range(self.count())]
        widths = [item.sizeHint().width() for item in items if item is not None and not item.isEmpty()]
        return sum(widths) + max(self.spacing(), 0) * max(len(widths) - 1, 0)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        needed = self.side_by_side_width()
        if self.direction() == QBoxLayout.Direction.LeftToRight:
            wanted = QBoxLayout.Direction.TopToBottom if rect.width() < needed else None
        else:  # a margin, so a scroll bar showing or going does not flip it back and forth
            wanted = QBoxLayout.Direction.LeftToRight if rect.width() >= needed + _HYSTERESIS else None
        owner = self.parentWidget()
        if wanted is not None and not self._pending and owner is not None:
            # Changed after this layout pass, never inside it (a change re-enters setGeometry).
            self._pending = True
            QTimer.singleShot(0, owner, lambda: self._turn(wanted))

    def _turn(self, direction: QBoxLayout.Direction) -> None:
        self._pending = False
        if direction != self.direction():
            self.setDirection(direction)


_HYSTERESIS = 40
