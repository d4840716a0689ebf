"""Fixtures for view tests: a shown, active page or main window built on the test's context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QWidget

from desktop.models.store.clients import ClientInfo
from desktop.views.shell.main_window import MainWindow

W = TypeVar("W", bound=QWidget)


@pytest.fixture
def make_page(qtbot: Any, ctx: Any) -> Callable[..., Any]:
    """``make_page(PageClass, client, language)``: the page shown and active, as the agent sees it.

    Active matters: shortcuts fire only in the active window, and a key typed
    goes where the focus is.
    """

    def _make(cls: type[W], client: ClientInfo | None = None, language: str = "en") -> W:
        ctx.set_language(language)
        ctx.set_client(client)
        page = cls(ctx)
        qtbot.addWidget(page)
        page.resize(1000, 680)
        page.show()
        with qtbot.waitActive(page):
            page.activateWindow()
        return page

    return _make


@pytest.fixture
def make_window(qtbot: Any, ctx: Any) -> Callable[..., MainWindow]:
    """``make_window(client)``: the main window shown and active, with ``client`` open before it is built."""

    def _make(client: ClientInfo | None = None) -> MainWindow:
        if client is not None:
            ctx.set_client(client)
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        with qtbot.waitActive(win):
            win.activateWindow()
        return win

    return _make


@pytest.fixture
def window(make_window: Callable[..., MainWindow], add_client: Callable[..., ClientInfo]) -> MainWindow:
    """The main window, shown and active, with a client open."""
    return make_window(add_client())
