"""Always on top: the window stays above the CRM while the agent works in the CRM."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.views.page import translate_ui

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+T"


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
        shown = window.isVisible()
        # Changing a window flag re-creates the native window, which hides it: show it again
        # where it was, with the keyboard where it was.
        focus = window.focusWidget()
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        if shown:
            window.show()
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
            # Once the new native window exists: bring it forward with the keyboard in it.
            QTimer.singleShot(0, window, lambda: self._activate(focus))

    def _activate(self, focus: QWidget | None) -> None:
        self.window.raise_()
        self.window.activateWindow()
        if focus is not None and self.window.isAncestorOf(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def retranslate(self) -> None:
        self.action.setText(_("Always on &top"))
