"""Two panes that scroll on their own side by side, and as one page when stacked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.views.widgets.folding import PaneScroll, page_scroll
from desktop.views.widgets.narrow import follow_width, mark_side_by_side

WORDS = "Una línea por acción: pasos realizados, montos, plazos, cambios y transferencias. " * 4


def _pane(boxes: int) -> QWidget:
    pane = QWidget()
    column = QVBoxLayout(pane)
    label = QLabel(WORDS)
    label.setWordWrap(True)
    column.addWidget(label)
    for _ in range(boxes):
        box = QPlainTextEdit()
        box.setFixedHeight(80)
        column.addWidget(box)
    return pane


@pytest.fixture
def page(qtbot: Any) -> Iterator[QWidget]:
    page = QWidget()
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for name, boxes in (("tall", 6), ("short", 1)):
        pane = PaneScroll(_pane(boxes))
        pane.setObjectName(name)
        splitter.addWidget(pane)
    QVBoxLayout(page).addWidget(page_scroll(splitter))
    mark_side_by_side(page)
    follow_width(page)
    qtbot.addWidget(page)
    page.show()
    yield page


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _areas(page: QWidget) -> tuple[QScrollArea, list[PaneScroll]]:
    outer = page.findChild(QScrollArea, "pageScroll")
    panes = [page.findChild(PaneScroll, name) for name in ("tall", "short")]
    assert outer is not None
    return outer, [pane for pane in panes if pane is not None]


def test_side_by_side_each_pane_scrolls_and_the_page_does_not(page: QWidget) -> None:
    page.resize(1200, 300)
    _settle()
    outer, panes = _areas(page)
    splitter = page.findChild(QSplitter)
    assert splitter is not None and splitter.orientation() == Qt.Orientation.Horizontal
    assert not any(pane.is_unfolded() for pane in panes)
    assert panes[0].verticalScrollBar().maximum() > 0  # six boxes do not fit 300 px: the pane scrolls
    assert outer.verticalScrollBar().maximum() == 0


def test_stacked_each_pane_shows_all_of_itself_and_the_page_scrolls(page: QWidget) -> None:
    page.resize(300, 300)
    _settle()
    outer, panes = _areas(page)
    splitter = page.findChild(QSplitter)
    assert splitter is not None and splitter.orientation() == Qt.Orientation.Vertical
    for pane in panes:
        content = pane.widget()
        assert pane.is_unfolded() and content is not None
        assert pane.verticalScrollBar().maximum() == 0
        # wrapped words included: the content has the height it needs at this width
        assert pane.viewport().height() >= content.heightForWidth(content.width())
    assert outer.verticalScrollBar().maximum() > 0
    assert outer.horizontalScrollBar().maximum() == 0


def test_widening_again_puts_the_panes_back_side_by_side(page: QWidget) -> None:
    page.resize(300, 300)
    _settle()
    page.resize(1200, 300)
    _settle()
    splitter = page.findChild(QSplitter)
    assert splitter is not None and splitter.orientation() == Qt.Orientation.Horizontal
    assert not any(pane.is_unfolded() for pane in page.findChildren(PaneScroll))
