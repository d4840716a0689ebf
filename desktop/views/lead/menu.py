"""The File menu entries of the lead dialogs, added one way.

Why here and not in each dialog: the roster import and the SOP packs dialog
each added an action to the window's File menu and registered its text for the
language switch; one function keeps the two (and any next lead dialog) alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow


def add_file_action(window: MainWindow, object_name: str, text: str, opens: Callable[[MainWindow], object]) -> QAction:
    """A File menu entry that calls ``opens(window)``; ``text`` is ``N_`` marked, the window translates it."""
    action = QAction(window)
    action.setObjectName(object_name)
    action.triggered.connect(lambda: opens(window))
    window.file_menu.addAction(action)
    window.extra_actions.append((action, text))  # the window sets its text per language
    return action
