"""The one question asked at the first start on a desk: the agent's name.

Why ask: the account history records who did what on a call, and an empty name
there helps nobody.  Asked once only: skipping also saves the preferences, so
the question does not come back (the name stays editable in Preferences).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.preferences.agent import NAME_LENGTH


def should_ask(ctx: AppContext, *, interactive: bool) -> bool:
    """Only in an interactive start on a desk without preferences yet, and never over a name."""
    return interactive and ctx.first_run and not ctx.prefs.agent_name.strip()


class FirstRunDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("firstRunDialog")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("firstRunName")
        self.name.setMaxLength(NAME_LENGTH)
        self.question.setBuddy(self.name)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.skip = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.name)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.finished.connect(self._remember)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Welcome to Interlock Assist"))
        self.question.setText(_("What is your &name? The account history records it with each call."))
        self.name.setAccessibleName(_("Your name"))
        self.hint.setText(_("You can change it, and your agent profile, in Edit → Preferences (Ctrl+,)."))
        self.skip.setText(_("S&kip"))

    def _remember(self, result: int) -> None:
        name = self.name.text().strip() if result == QDialog.DialogCode.Accepted else ""
        if name:
            self.ctx.update_prefs(agent_name=name)
        else:
            self.ctx.update_prefs()  # saved all the same: the question is asked once


def ask_if_first_run(parent: QWidget, ctx: AppContext, *, interactive: bool = True) -> FirstRunDialog | None:
    """Open the question beside the window (without blocking the start) when :func:`should_ask`."""
    if not should_ask(ctx, interactive=interactive):
        return None
    dialog = FirstRunDialog(ctx, parent)
    dialog.open()
    dialog.activateWindow()
    return dialog
