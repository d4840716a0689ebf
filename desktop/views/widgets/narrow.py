"""Rows that become columns when a page is narrow (compact mode, or the full window at 150 %).

A step lays out side by side what fits side by side in the full window (the
inputs left, what is still missing right; a row of amount buttons).  In the
compact column the same layouts turn top-to-bottom instead, so nothing needs
horizontal scrolling.  A view marks such a layout once with
:func:`stack_when_narrow`; the window calls :func:`set_narrow` on its pages, and
a page given to :func:`follow_width` also turns whenever its own width drops
below :data:`NARROW_CHARS` characters.  Panes in a :class:`PaneScroll` unfold
then, and the page scrolls as one (:mod:`desktop.views.widgets.folding`).
Why a mark and not a rule on every row: Back/Next and similar short rows read
best side by side even when narrow.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QLayout, QSplitter, QWidget

from desktop.views.widgets.folding import PaneScroll

_MARK = "stacksWhenNarrow"
#: Below this many average characters of width, a page lays its side-by-side parts top to bottom.
NARROW_CHARS = 90
#: Widest a label beside its field gets in a narrow window; it wraps, and the field keeps the room.
NARROW_LABEL_WIDTH = 130
_ANY_WIDTH = 16_777_215
_T = TypeVar("_T", QBoxLayout, QSplitter)


def stack_when_narrow(layout: _T) -> _T:
    """Mark ``layout`` (a row, or a side-by-side splitter) to turn top to bottom in a narrow window."""
    layout.setProperty(_MARK, True)
    return layout


def mark_side_by_side(page: QWidget) -> None:
    """Mark what a page lays side by side without marks of its own: its left/right splitters
    and the rows of its own layout (the rows inside each pane fit one pane's width)."""
    for splitter in page.findChildren(QSplitter):
        if splitter.orientation() == Qt.Orientation.Horizontal:
            stack_when_narrow(splitter)
    own = page.layout()
    for row in page.findChildren(QBoxLayout):
        if row.direction() != QBoxLayout.Direction.LeftToRight:
            continue
        if _item_of(own, row):
            stack_when_narrow(row)


def too_narrow(widget: QWidget, width: int | None = None) -> bool:
    """Whether ``widget`` (at ``width``, else its own) is too narrow for parts side by side."""
    width = widget.width() if width is None else width
    return width < widget.fontMetrics().averageCharWidth() * NARROW_CHARS


class _WidthWatch(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            set_narrow(watched, too_narrow(watched))
        return False


def follow_width(page: QWidget) -> None:
    """Lay ``page``'s marked parts top to bottom whenever it is narrow, not only in compact mode:
    the full window at 150 % beside the history leaves a page too narrow for two panes."""
    if page.property("followsWidth"):
        return
    page.setProperty("followsWidth", True)
    page.installEventFilter(_WidthWatch(page))


def _item_of(layout: QLayout | None, child: QLayout) -> bool:
    return layout is not None and any(layout.itemAt(i).layout() is child for i in range(layout.count()))  # type: ignore[union-attr]


def _marked(root: QWidget) -> list[QBoxLayout]:
    found = [lay for lay in root.findChildren(QBoxLayout) if lay.property(_MARK)]
    own = root.layout()
    if isinstance(own, QBoxLayout) and own.property(_MARK):
        found.append(own)
    return found


def set_narrow(root: QWidget, narrow: bool) -> None:
    """Turn every marked layout under ``root`` top to bottom (narrow) or back left to right."""
    direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
    orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
    for splitter in root.findChildren(QSplitter):
        if splitter.property(_MARK) and splitter.orientation() != orientation:
            splitter.setOrientation(orientation)
        if splitter.property(_MARK):
            for index in range(splitter.count()):
                pane = splitter.widget(index)
                if isinstance(pane, PaneScroll):
                    pane = pane.widget()  # the margins are the content's
                if pane is not None:
                    _tight(pane, narrow)
    for grid in root.findChildren(QGridLayout):
        _cap_labels(grid, narrow)
    for pane in root.findChildren(PaneScroll):
        pane.set_unfolded(narrow)  # the page scrolls as one, not each pane in a slot
    _tight(root, narrow)
    for layout in _marked(root):
        if layout.direction() != direction:
            layout.setDirection(direction)
            # Stretches that pushed buttons apart in a row would open gaps in a column.
            _invalidate(layout)


def _tight(widget: QWidget, narrow: bool) -> None:
    """No side margins on a page or a pane when narrow: the column around it already has them."""
    own = widget.layout()
    if own is None:
        return
    if narrow and widget.property("wideMargins") is None:
        margins = own.contentsMargins()
        widget.setProperty("wideMargins", (margins.left(), margins.top(), margins.right(), margins.bottom()))
    wide = widget.property("wideMargins")
    if wide is not None:
        left, top, right, bottom = wide
        own.setContentsMargins(*((0, top, 0, bottom) if narrow else (left, top, right, bottom)))


def _cap_labels(grid: QGridLayout, narrow: bool) -> None:
    """Wrapping labels in a grid's first column give way to their fields when narrow.

    A grid shares out missing width in proportion to each column's preferred
    width, and a wrapping label prefers one long line: without a cap the label
    column keeps half the row and the combo box beside it is cut off.
    """
    for index in range(grid.count()):
        item = grid.itemAt(index)
        label = item.widget() if item is not None else None
        if not isinstance(label, QLabel) or not label.wordWrap():
            continue
        position: tuple[int, int, int, int] = grid.getItemPosition(index)  # type: ignore[assignment]
        if position[1] == 0 and position[3] == 1:  # first column, one column wide
            label.setMaximumWidth(NARROW_LABEL_WIDTH if narrow else _ANY_WIDTH)


def _invalidate(layout: QLayout) -> None:
    layout.invalidate()
    parent = layout.parentWidget()
    if parent is not None:
        parent.updateGeometry()



class FitRow(QWidget):
    """A row of buttons that turns into a column only when the buttons do not fit side by side.

    Push buttons never wrap their words, so three of them in a long language can
    be wider than a narrow column.  Why not :func:`stack_when_narrow`: this row
    stays a row in compact mode as long as its buttons fit, and keeps the
    Back/Repeat/Next reading order when it has to stack.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        self.row.addWidget(widget, stretch)

    def add_stretch(self) -> None:
        """Room after the buttons in a row (none is taken in a column)."""
        self.row.addStretch(1)

    def _shown(self) -> list[QWidget]:
        items = (self.row.itemAt(i) for i in range(self.row.count()))
        return [w for item in items if item is not None and (w := item.widget()) is not None and not w.isHidden()]

    def _one_line(self) -> int:
        widgets = self._shown()
        return sum(w.sizeHint().width() for w in widgets) + self.row.spacing() * max(0, len(widgets) - 1)

    def minimumSizeHint(self) -> QSize:
        width = max((w.minimumSizeHint().width() for w in self._shown()), default=0)
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def event(self, event: QEvent) -> bool:
        """A button or box changed its words (a language switch) at the same width: fit again."""
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit(self.width())
        return super().event(event)

    def _fit(self, width: int) -> None:
        direction = (
            QBoxLayout.Direction.LeftToRight if width >= self._one_line() else QBoxLayout.Direction.TopToBottom
        )
        if self.row.direction() != direction:
            self.row.setDirection(direction)
            self.updateGeometry()
