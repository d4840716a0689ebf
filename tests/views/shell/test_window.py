"""The window beside the CRM, by keyboard: compact mode, always on top, and the layout kept per screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.models import window_layouts as wl
from desktop.models.store.clients import ClientInfo
from desktop.views.shell.compact import COMPACT_WIDTH
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.window_state import FILE_NAME
from tests import keyboard

LANGUAGES = ("en", "es")


def _open(qtbot: Any, ctx: Any) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitActive(win):
        win.activateWindow()
    return win


@pytest.fixture
def window(qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo]) -> Iterator[MainWindow]:
    ctx.set_client(add_client())
    yield _open(qtbot, ctx)


def _field(window: MainWindow) -> QWidget:
    keyboard.shortcut("Ctrl+3")
    field = window.pages["credit"].what.amount  # type: ignore[attr-defined]
    assert isinstance(field, QWidget)
    keyboard.click(field)
    return field


@pytest.mark.parametrize("language", LANGUAGES)
def test_ctrl_shift_c_turns_the_window_into_one_column_and_back(window: MainWindow, ctx: Any, language: str) -> None:
    ctx.set_language(language)
    field = _field(window)
    keyboard.type_text("12")
    full_width = window.width()
    keyboard.shortcut("Ctrl+Shift+C")
    assert window.is_compact() and ctx.prefs.compact
    assert window.width() <= COMPACT_WIDTH < full_width
    assert not window.nav.isVisible() and not window.history_dock.isVisible()
    switcher = window.shell.compact.switcher
    assert switcher.isVisible() and switcher.currentData() == "credit"
    # The agent keeps typing where they were; nothing was rebuilt.
    assert QApplication.focusWidget() is field
    keyboard.type_text("3")
    assert "123" in window.pages["credit"].what.amount.text()  # type: ignore[attr-defined]
    # The workflow keys still work, and the switcher follows them.
    keyboard.shortcut("Ctrl+1")
    assert switcher.currentData() == "poc"
    keyboard.shortcut("Ctrl+Shift+C")
    assert not window.is_compact() and not ctx.prefs.compact
    assert window.width() == full_width
    assert window.nav.isVisible() and window.history_dock.isVisible()
    assert window.history_dock.widget() is not None and window.history_dock.widget().isVisible()


def test_the_switcher_chooses_a_workflow_by_keyboard(window: MainWindow) -> None:
    window.set_compact(True)
    switcher = window.shell.compact.switcher
    keyboard.click(switcher)  # opens its list
    keyboard.press(Qt.Key.Key_Down)
    keyboard.press(Qt.Key.Key_Return)
    assert getattr(window.stack.currentWidget(), "page_id", None) == switcher.currentData()


def test_the_history_folds_open_and_shut_with_the_space_bar(window: MainWindow) -> None:
    window.set_compact(True)
    toggle = window.shell.compact.history_toggle
    panel = window.shell.compact.history_panel()
    assert panel is not None and not panel.isVisible()  # folded: the step keeps the room
    keyboard.click(toggle)
    assert panel.isVisible()
    assert QApplication.focusWidget() is toggle
    keyboard.press(Qt.Key.Key_Space)
    assert not panel.isVisible()


def test_compact_mode_is_remembered_for_the_next_start(qtbot: Any, window: MainWindow, ctx: Any) -> None:
    keyboard.click(window.client_bar.lookup)
    keyboard.shortcut("Ctrl+Shift+C")
    window.close()
    again = _open(qtbot, ctx)
    assert again.is_compact() and again.width() <= COMPACT_WIDTH


@pytest.mark.parametrize("language", LANGUAGES)
def test_ctrl_shift_t_keeps_the_window_on_top_and_is_remembered(
    qtbot: Any, window: MainWindow, ctx: Any, language: str
) -> None:
    ctx.set_language(language)
    field = _field(window)
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    keyboard.shortcut("Ctrl+Shift+T")
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint and ctx.prefs.always_on_top
    assert window.isVisible() and window.focusWidget() is field  # the flag change kept the agent's place
    window.close()
    again = _open(qtbot, ctx)
    assert again.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    keyboard.click(again.client_bar.lookup)
    keyboard.shortcut("Ctrl+Shift+T")
    assert not again.windowFlags() & Qt.WindowType.WindowStaysOnTopHint and not ctx.prefs.always_on_top


def test_geometry_and_docks_come_back_on_the_same_screen(qtbot: Any, window: MainWindow, ctx: Any) -> None:
    window.set_compact(True)
    window.setGeometry(QRect(window.screen().availableGeometry().topLeft() + QPoint(30, 40), QSize(400, 500)))
    window.set_compact(False)
    window.history_dock.hide()
    window.set_compact(True)
    where = window.geometry()
    window.close()
    kept = wl.load(ctx.prefs_path.parent / FILE_NAME)
    assert kept.last in kept.screens and kept.screens[kept.last].compact_geometry
    again = _open(qtbot, ctx)
    assert again.is_compact() and again.geometry() == where
    again.set_compact(False)
    assert not again.history_dock.isVisible()  # the dock layout of the full window came back too


def test_the_full_layout_is_kept_while_compact(qtbot: Any, window: MainWindow, ctx: Any) -> None:
    window.set_compact(True)
    window.close()
    again = _open(qtbot, ctx)
    assert again.is_compact() and again.width() <= COMPACT_WIDTH
    again.set_compact(False)
    # The full window as kept (fitted to this screen by Qt), not the compact column widened.
    assert again.width() >= again.minimumWidth() > COMPACT_WIDTH
    assert again.nav.isVisible() and again.history_dock.isVisible()


def test_a_window_saved_off_screen_reopens_on_a_visible_screen(qtbot: Any, window: MainWindow, ctx: Any) -> None:
    screen = window.screen().availableGeometry()
    window.setGeometry(QRect(screen.right() + 3000, screen.bottom() + 2000, 900, 600))  # a monitor since unplugged
    window.close()
    again = _open(qtbot, ctx)
    frame = again.frameGeometry()
    assert wl.reachable(wl.Rect(frame.x(), frame.y(), frame.width(), frame.height()),
                        [wl.Rect(screen.x(), screen.y(), screen.width(), screen.height())]), frame


def test_bring_on_screen_moves_a_window_only_when_it_is_lost(window: MainWindow) -> None:
    state = window.shell.state
    screen = window.screen().availableGeometry()
    visible = [wl.Rect(screen.x(), screen.y(), screen.width(), screen.height())]
    window.move(screen.x() + 10, screen.y() + 10)
    assert not state.bring_on_screen(visible)
    window.move(-5000, -5000)
    assert state.bring_on_screen(visible)
    frame = window.frameGeometry()
    assert screen.contains(frame.topLeft())
