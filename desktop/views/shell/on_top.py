"""Always on top: the window stays above the CRM while the agent works in the CRM."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.i18n import _
from desktop.views.page import translate_ui

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+T"
ON_TOP = Qt.WindowType.WindowStaysOnTopHint


class AlwaysOnTop(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(window)
        self.action.setObjectName("alwaysOnTopAction")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setChecked(window.ctx.prefs.always_on_top)
        self.action.toggled.connect(self.set_on_top)
        window.addAction(self.action)
        window.view_menu.addAction(self.action)
        if self.action.isChecked():
            self._apply(True)
        translate_ui(window.status, self.retranslate)

    def is_on_top(self) -> bool:
        return bool(self.window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)

    def set_on_top(self, on: bool) -> None:
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # comes back here through toggled
            return
        self._apply(on)
        if self.window.ctx.prefs.always_on_top != on:
            self.window.ctx.update_prefs(always_on_top=on)

    def _apply(self, on: bool) -> None:
        if self.is_on_top() == on:
            return
        window = self.window
        flags = window.windowFlags()
        flags = flags | ON_TOP if on else flags & ~ON_TOP
        handle = window.windowHandle()
        if handle is None:  # no native window yet: it is made with the flag
            window.setWindowFlags(flags)
            return
        # Why not QWidget.setWindowFlag: on a shown window it re-creates the native window,
        # which hides it; shown again, Qt does not make it the active window (offscreen, and
        # on X until the server's focus moves), so the next key the agent types goes nowhere.
        # The native window changes the flag in place (X: _NET_WM_STATE_ABOVE; Windows:
        # HWND_TOPMOST) and stays shown, active, with the keyboard in the agent's field;
        # the widget is told the same flags so windowFlags() and a later re-creation agree.
        window.overrideWindowFlags(flags)
        handle.setFlags(flags)

    def retranslate(self) -> None:
        self.action.setText(_("Always on &top"))
