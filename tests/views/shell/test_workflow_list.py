"""The workflow list is as wide as its titles, and wraps them rather than scroll sideways."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.views.shell.workflow_list import MOST_CHARS, WorkflowList

TITLES = ("Solicitud de POC    Ctrl+1", "Guía del código de anulación    Ctrl+2", "Notas    Ctrl+4")


def _list(qtbot: Any, titles: tuple[str, ...]) -> WorkflowList:
    nav = WorkflowList()
    for title in titles:
        nav.addItem(title)
    nav.retitled()
    qtbot.addWidget(nav)
    nav.show()
    return nav


def test_it_asks_for_its_longest_title_and_no_more(qtbot: Any) -> None:
    nav = _list(qtbot, ("POC request    Ctrl+1", "Notes    Ctrl+4"))
    widest = nav.fontMetrics().horizontalAdvance("POC request    Ctrl+1")
    assert widest < nav.maximumWidth() < widest + 60


def test_a_long_title_wraps_instead_of_scrolling_sideways(qtbot: Any) -> None:
    nav = _list(qtbot, TITLES)
    assert nav.maximumWidth() <= nav.fontMetrics().averageCharWidth() * MOST_CHARS + 60
    nav.resize(nav.minimumWidth(), 300)
    QApplication.processEvents()
    assert nav.horizontalScrollBar().maximum() == 0
    long_row = nav.visualItemRect(nav.item(1))
    assert long_row.width() <= nav.viewport().width()
    assert long_row.height() > nav.visualItemRect(nav.item(2)).height()  # on more than one line
