"""Preferences by keyboard: opened with Ctrl+, from a field, changed with keys, saved, shown in the badge."""

from __future__ import annotations

import json
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox

from desktop import i18n
from desktop.i18n import gettext_for
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.preferences import PreferencesDialog
from tests import keyboard

LANGS = pytest.mark.parametrize("language", ["en", "es"])
OTHER = {"en": "es", "es": "en"}


def closed(dialog: PreferencesDialog) -> bool:
    """Gone from the screen (the dialog deletes itself once closed)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def open_from_lookup(window: MainWindow, qtbot: Any) -> PreferencesDialog:
    keyboard.click(window.client_bar.lookup)
    keyboard.shortcut("Ctrl+,")
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


@LANGS
def test_change_everything_by_keyboard_and_save(window: MainWindow, qtbot: Any, ctx: Any, language: str) -> None:
    ctx.set_language(language)
    dialog = open_from_lookup(window, qtbot)
    assert dialog.windowTitle() == {"en": "Preferences", "es": "Preferencias"}[language]
    assert QApplication.focusWidget() is dialog.agent.name, keyboard.focused_name()
    keyboard.type_text("Ana Ruiz")
    keyboard.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.agent.profile
    keyboard.press(Qt.Key.Key_Down)  # Full service -> Check/change
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Space)  # trained to give override codes
    keyboard.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.languages.ui_language
    keyboard.press(Qt.Key.Key_Down if language == "en" else Qt.Key.Key_Up)
    keyboard.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.languages.client_language
    keyboard.press(Qt.Key.Key_End)  # Same as the interface -> Español
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Space)  # start in compact mode
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Space)  # always on top
    assert QApplication.focusWidget() is dialog.window_defaults.on_top
    keyboard.press(Qt.Key.Key_Return)  # Enter saves

    assert closed(dialog)
    other = OTHER[language]
    saved = json.loads(ctx.prefs_path.read_text(encoding="utf-8"))
    assert saved["agent_name"] == "Ana Ruiz"
    assert saved["profile"] == "check_change" and saved["trained_override"] is True
    assert saved["language"] == other and saved["client_language"] == "es"
    assert saved["compact"] is True and saved["always_on_top"] is True
    assert saved["server_url"] == ""
    assert i18n.current_language() == other
    assert window.client_bar.language.currentData() == other  # the top bar's switch follows
    tr = gettext_for(other)
    badge = window.status.agent.text()
    assert badge == f"Ana Ruiz · {tr('Check/change')} · {tr('Trained')}"


@LANGS
def test_cancel_changes_nothing(window: MainWindow, qtbot: Any, ctx: Any, language: str) -> None:
    ctx.set_language(language)
    before = ctx.prefs
    dialog = open_from_lookup(window, qtbot)
    keyboard.type_text("Somebody")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.press(Qt.Key.Key_Down)
    keyboard.press(Qt.Key.Key_Escape)
    assert closed(dialog)
    assert ctx.prefs == before and i18n.current_language() == language


def test_the_dialog_shows_the_saved_preferences(window: MainWindow, qtbot: Any, ctx: Any) -> None:
    ctx.update_prefs(agent_name="Luis", profile="check_change", trained_override=True, client_language="en",
                     compact=True)
    dialog = open_from_lookup(window, qtbot)
    assert dialog.agent.name.text() == "Luis"
    assert dialog.agent.profile.currentData() == "check_change" and dialog.agent.trained.isChecked()
    assert dialog.languages.client_language.currentData() == "en"
    assert dialog.window_defaults.compact.isChecked() and not dialog.window_defaults.on_top.isChecked()


def test_ctrl_comma_brings_the_open_dialog_forward(window: MainWindow, qtbot: Any) -> None:
    first = open_from_lookup(window, qtbot)
    window.activateWindow()
    keyboard.click(window.client_bar.lookup)
    keyboard.shortcut("Ctrl+,")
    assert window.findChildren(PreferencesDialog) == [first]


def test_profile_and_training_left_the_top_bar(window: MainWindow) -> None:
    assert window.client_bar.findChildren(QCheckBox) == []
    combos = window.client_bar.findChildren(QComboBox)
    assert [c.currentData() for c in combos] == ["en"]  # the language switch stays


@LANGS
def test_badge_shows_profile_and_training(window: MainWindow, ctx: Any, language: str) -> None:
    ctx.set_language(language)
    tr = gettext_for(language)
    assert window.status.agent.text() == f"{tr('Full service')} · {tr('Not trained')}"
    ctx.update_prefs(profile="check_change", trained_override=True)
    assert window.status.agent.text() == f"{tr('Check/change')} · {tr('Trained')}"
    ctx.set_language(OTHER[language])
    tr = gettext_for(OTHER[language])
    assert window.status.agent.text() == f"{tr('Check/change')} · {tr('Trained')}"


@LANGS
def test_the_open_dialog_follows_a_language_switch(window: MainWindow, qtbot: Any, ctx: Any, language: str) -> None:
    dialog = open_from_lookup(window, qtbot)
    ctx.set_language(language)
    tr = gettext_for(language)
    assert dialog.windowTitle() == tr("Preferences")
    assert dialog.agent.profile.itemText(1) == tr("Check/change")
    assert dialog.server.title() == tr("Team server")
