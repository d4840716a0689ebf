"""Compact mode: every step of every workflow fits one narrow column, in English and Spanish, at 100-150 %.

A scale factor is emulated by the window's logical size: the column stays
440 px wide, and the height of a 1366x768 screen shrinks to 768/1.25 and
768/1.5.  On every step of every path (tests/views/walks.py), and on each tab
of Notes and Chat, the window is checked at each height: a horizontal scroll
bar or a widget reaching past the window fails the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from desktop.models.store.clients import ClientInfo
from desktop.views.shell.compact import COMPACT_WIDTH
from desktop.views.shell.main_window import MainWindow
from desktop.views.widgets.steps import StepContainer
from desktop.views.workflows import workflow
from tests import keyboard
from tests.views.shell.fit import HEIGHTS, problems
from tests.views.walks import Walk, all_walks

LANGUAGES = ("en", "es")


@pytest.fixture
def window(qtbot: Any, ctx: Any) -> Iterator[MainWindow]:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitActive(win):
        win.activateWindow()
    keyboard.click(win.client_bar.lookup)
    keyboard.shortcut("Ctrl+Shift+C")
    assert win.is_compact()
    yield win


def check_heights(window: MainWindow, where: str) -> list[str]:
    found: list[str] = []
    for scale, height in HEIGHTS.items():
        window.resize(COMPACT_WIDTH, int(height))
        QApplication.processEvents()
        assert window.width() <= COMPACT_WIDTH, f"{where} at {scale}: the window grew to {window.width()} px"
        found += [f"{where} at {scale}: {p}" for p in problems(window)]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("walk", all_walks(), ids=str)
def test_every_step_fits_the_compact_column(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo], walk: Walk, language: str
) -> None:
    ctx.set_language(language)
    ctx.set_client(add_client(**walk.client))
    keyboard.shortcut(workflow(walk.page_id).shortcut)
    page = window.pages[walk.page_id]
    container = page.findChild(StepContainer)
    assert container is not None and container.flow is not None
    found: list[str] = []
    visited = 0
    while True:
        view = container.current_view()
        assert view is not None
        found += check_heights(window, f"{walk}/{view.step_id} (empty)")
        walk.complete(page, view.step_id)
        found += check_heights(window, f"{walk}/{view.step_id}")
        visited += 1
        if container.flow is None or container.flow.current == container.flow.steps[-1]:
            break
        assert container.next_button.isEnabled(), container.blockers.text()
        keyboard.click(container.next_button)
    assert visited == len(container.flow.steps) if container.flow else visited > 0
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_id", ["notes", "chat"])
def test_notes_and_every_chat_tab_fit_the_compact_column(
    window: MainWindow, ctx: Any, add_client: Callable[..., ClientInfo], page_id: str, language: str
) -> None:
    ctx.set_language(language)
    ctx.set_client(add_client())
    keyboard.shortcut(workflow(page_id).shortcut)
    page = window.pages[page_id]
    found = check_heights(window, page_id)
    tabs = page.findChild(QTabWidget)
    if tabs is not None:
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            found += check_heights(window, f"{page_id}/tab {index}")
    assert not found, "\n".join(found)
