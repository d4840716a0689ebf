"""Preferences: the agent, languages, window defaults and the team server, in one dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desktop.i18n import N_, _
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.preferences.dialog import PreferencesDialog

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow

SHORTCUT = "Ctrl+,"
ACTION_TEXT = N_("&Preferences…")

__all__ = ["SHORTCUT", "PreferencesDialog", "install_actions", "open_preferences"]


def open_preferences(parent: QWidget, ctx: AppContext) -> PreferencesDialog:
    """Show the dialog (window-modal, without a nested event loop), or bring the open one forward."""
    for existing in parent.findChildren(PreferencesDialog):
        if existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
    dialog = PreferencesDialog(ctx, parent)
    dialog.open()
    dialog.activateWindow()  # keys typed next go to the dialog, with or without a window manager
    return dialog


def install_actions(window: MainWindow) -> None:
    """Edit → Preferences… (Ctrl+,), working with the menu bar hidden too."""
    menu = QMenu(window.menuBar())
    window.menuBar().insertMenu(window.view_menu.menuAction(), menu)
    menu.setObjectName("editMenu")
    translate_ui(menu, lambda: menu.setTitle(_("&Edit")))
    action = QAction(window)
    action.setObjectName("preferencesAction")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.triggered.connect(lambda: open_preferences(window, window.ctx))
    window.addAction(action)
    menu.addAction(action)
    window.extra_actions.append((action, ACTION_TEXT))
