"""What the call adds to the main window: F2, F12, the timer in the status bar, the Today panel.

One function so the window gains the call with one line, and the keys are bound
once (two bindings of one key make Qt do nothing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QDockWidget

from desktop.i18n import _
from desktop.views.page import translate_ui
from desktop.views.shell.call import CallController
from desktop.views.shell.call_status import CallStatus
from desktop.views.shell.history_panel import HistoryPanel
from desktop.views.shell.today import TodayPanel

if TYPE_CHECKING:
    from desktop.models.notes.call_note import PageNote
    from desktop.views.notes.page import NotesPage
    from desktop.views.shell.main_window import MainWindow

START_KEY = "F2"
END_KEY = "F12"
TODAY_KEY = "Ctrl+Shift+Y"
_DOCK_BUTTONS = {"qt_dockwidget_closebutton": "Close", "qt_dockwidget_floatbutton": "Float"}


class CallWindowParts:
    """The call's controller, status label, Today dock and actions, as installed on a window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        ctx = window.ctx
        self.controller = CallController(ctx, window)
        self.status = CallStatus(ctx, self.controller)
        window.status.insertPermanentWidget(0, self.status, 1)  # takes the room left, never widens the window
        self.controller.message.connect(lambda text: window.status.showMessage(text, 10_000))
        self.today = TodayPanel(ctx)
        self.today_dock = QDockWidget(window)
        self.today_dock.setObjectName("todayDock")
        self.today_dock.setWidget(self.today)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.today_dock)
        # Below the history rather than tabbed with it: the compact column has no room for a tab bar.
        window.splitDockWidget(window.history_dock, self.today_dock, Qt.Orientation.Vertical)
        self.today_dock.hide()  # until Ctrl+Shift+Y
        history_panel = window.history_dock.widget()
        if isinstance(history_panel, HistoryPanel):  # the call chosen in Today is the row the history shows
            self.today.callReopened.connect(history_panel.show_entry)
        self.controller.page_note = self._page_note  # F12's summary holds the agent's own note
        self.controller.summarised.connect(self._start_next_note)
        self.start_action = self._action(START_KEY, self.controller.start)
        self.end_action = self._action(END_KEY, self.controller.end)
        self.today_action = self._action(TODAY_KEY, self.show_today)
        translate_ui(self.today, self.retranslate)

    def _action(self, key: str, slot: object) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda *_a: slot())  # type: ignore[operator]
        self.window.addAction(action)  # works with the menu bar hidden, too
        self.window.view_menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.start_action.setText(_("Start a &call"))
        self.end_action.setText(_("&End the call and copy its summary"))
        self.today_action.setText(_("&Today's calls"))
        self.today_dock.setWindowTitle(_("Today"))
        # Qt names the dock's own buttons once, at creation: a screen reader would keep
        # announcing them in the old language after a live switch.
        for button in self.today_dock.findChildren(QAbstractButton):
            name = _DOCK_BUTTONS.get(button.objectName())
            if name is not None:
                button.setAccessibleName(QCoreApplication.translate("QDockWidget", name))

    def _notes_page(self) -> NotesPage | None:
        from desktop.views.notes.page import NotesPage  # built when first needed, like every page

        page = self.window.pages.get("notes")
        return page if isinstance(page, NotesPage) else None

    def _page_note(self) -> PageNote | None:
        page = self._notes_page()
        return page.call_note() if page is not None else None

    def _start_next_note(self) -> None:
        page = self._notes_page()
        if page is not None:
            page.start_next_call()

    def show_today(self) -> None:
        """Ctrl+Shift+Y: the Today panel in front, the keyboard on its list."""
        self.today_dock.show()
        self.today_dock.raise_()
        self.today.reload()
        self.today.focus_list()


def install(window: MainWindow) -> CallWindowParts:
    return CallWindowParts(window)
