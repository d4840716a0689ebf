"""The agent's name is asked once, at the first start on a desk, and never over a name or in tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.i18n import gettext_for
from desktop.models.store.db import Store
from desktop.views.context import AppContext
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.preferences import first_run
from desktop.views.shell.preferences.first_run import FirstRunDialog, ask_if_first_run, should_ask
from tests import keyboard
from tests.conftest import FIXED_NOW


def fresh_ctx(store: Store, path: Path) -> AppContext:
    return AppContext(store, clock=lambda: FIXED_NOW, prefs_path=path)


def shown_window(qtbot: Any, ctx: AppContext) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


@pytest.mark.parametrize("language", ["en", "es"])
def test_first_start_asks_the_name_and_saves_it(
    qtbot: Any, qapp: Any, store: Store, tmp_path: Path, language: str
) -> None:
    ctx = fresh_ctx(store, tmp_path / "prefs.json")
    ctx.set_language(language)
    assert ctx.first_run
    window = shown_window(qtbot, ctx)
    dialog = ask_if_first_run(window, ctx)
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.windowTitle() == gettext_for(language)("Welcome to Interlock Assist")
    assert QApplication.focusWidget() is dialog.name, keyboard.focused_name()
    keyboard.type_text("  Ana Ruiz ")
    keyboard.press(Qt.Key.Key_Return)
    assert json.loads((tmp_path / "prefs.json").read_text(encoding="utf-8"))["agent_name"] == "Ana Ruiz"
    later = fresh_ctx(store, tmp_path / "prefs.json")
    assert not later.first_run and not should_ask(later, interactive=True)


def test_skipping_is_remembered(qtbot: Any, qapp: Any, store: Store, tmp_path: Path) -> None:
    ctx = fresh_ctx(store, tmp_path / "prefs.json")
    window = shown_window(qtbot, ctx)
    dialog = ask_if_first_run(window, ctx)
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    keyboard.type_text("Ana")
    keyboard.press(Qt.Key.Key_Escape)  # Skip
    assert (tmp_path / "prefs.json").exists() and ctx.prefs.agent_name == ""
    assert ask_if_first_run(window, fresh_ctx(store, tmp_path / "prefs.json")) is None


def test_never_asked_over_a_name_or_when_not_interactive(qapp: Any, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "prefs.json"
    ctx = fresh_ctx(store, path)
    assert not should_ask(ctx, interactive=False)  # --smoke
    ctx.update_prefs(agent_name="Ana")
    ctx.first_run = True
    assert not should_ask(ctx, interactive=True)


def test_the_main_window_never_asks_by_itself(qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[object] = []
    monkeypatch.setattr(first_run.FirstRunDialog, "open", lambda self: asked.append(self))
    assert ctx.first_run  # the test's preferences file does not exist yet
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert asked == [] and window.findChild(FirstRunDialog) is None


def test_a_smoke_start_never_asks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from desktop import app

    asked: list[object] = []
    monkeypatch.setattr(first_run.FirstRunDialog, "open", lambda self: asked.append(self))
    assert app.main(["--db", str(tmp_path / "smoke.sqlite3"), "--smoke"]) == 0
    assert asked == []
