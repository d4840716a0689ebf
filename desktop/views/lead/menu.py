"""The File menu entries of the lead dialogs, added one way.

Why here and not in each dialog: the roster import and the SOP packs dialog
each added an action to the window's File menu and registered its text for the
language switch; one function keeps the two (and any next lead dialog) alike.

Why team mode hides them from agents: there the server is the system of record
and refuses an agent's writes to clients and SOP packs; an entry that can only
say "refused" is a trap on a live call.  The server's refusal stays the rule,
the hidden entry only spares the agent the detour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from desktop.views.shell.team_link import link_of

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow
    from desktop.views.shell.team_link import TeamLink


def add_file_action(window: MainWindow, object_name: str, text: str, opens: Callable[[MainWindow], object]) -> QAction:
    """A File menu entry that calls ``opens(window)``; ``text`` is ``N_`` marked, the window translates it.

    Standalone it always shows; in team mode only once the server has named this login a lead's.
    """
    action = QAction(window)
    action.setObjectName(object_name)
    action.triggered.connect(lambda: opens(window))
    window.file_menu.addAction(action)
    window.extra_actions.append((action, text))  # the window sets its text per language
    link = link_of(window.ctx)
    if link is not None:
        LeadsOnly(action, link)
    return action


class LeadsOnly(QObject):
    """Shows ``action`` while the team server names this desk's login a lead's; hides it otherwise.

    A QObject owned by the action, so the connection ends with the window's menu.
    """

    def __init__(self, action: QAction, link: TeamLink) -> None:
        super().__init__(action)
        self.action = action
        link.statusChanged.connect(self.render)
        self.render(link.status)

    def render(self, status: object) -> None:
        self.action.setVisible(getattr(status, "role", None) == "lead")
