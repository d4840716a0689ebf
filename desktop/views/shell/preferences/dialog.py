"""The Preferences dialog: one section per subject, saved together or not at all.

The dialog only gathers each section's changes and applies them through the
context, so every screen hears of them (``prefsChanged``, a language switch).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.team import credentials
from desktop.models.team.settings import check_server
from desktop.views.context import AppContext
from desktop.views.page import translate_ui
from desktop.views.shell.preferences.agent import AgentSection
from desktop.views.shell.preferences.checker import CheckFunction
from desktop.views.shell.preferences.language import LanguageSection
from desktop.views.shell.preferences.server import ServerSection
from desktop.views.shell.preferences.window_defaults import WindowSection
from desktop.views.shell.team_link import link_of
from desktop.views.widgets.screen_fit import fit_to_screen


class PreferencesDialog(QDialog):
    #: The size it opens at, on a screen with room for it (else the screen's).
    SIZE = QSize(560, 640)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, check: CheckFunction = check_server) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("preferencesDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.notice = ""  # what Save said about the team server, also shown in the window's status bar
        prefs = ctx.prefs
        body = QWidget()
        column = QVBoxLayout(body)
        self.agent = AgentSection(prefs)
        self.languages = LanguageSection(prefs)
        self.window_defaults = WindowSection(prefs)
        link = link_of(ctx)  # the running desk says when the server refused its saved password
        self.server = ServerSection(prefs, check=check, login_problem=link.login_problem if link else None)
        for section in (self.agent, self.languages, self.window_defaults, self.server):
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, self.SIZE)
        translate_ui(self, self.retranslate)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Preferences"))

    def save(self) -> None:
        """Apply every section, or nothing while a field shows a problem."""
        server = self.server.to_save()
        if server is None:
            return
        server_changes, settings, password = server
        if settings is not None and password and not credentials.save_password(settings, password):
            self.server.show_problem("password", "credential_store")
            self.server.focus_first_problem()
            return
        before = self.ctx.prefs
        old = self.server.saved
        if old is not None and (settings is None or settings.credential_key != old.credential_key):
            credentials.forget_password(old)  # no password kept for a server no longer used
        values = {
            **self.agent.changes(),
            **self.languages.changes(),
            **self.window_defaults.changes(),
            **server_changes,
        }
        language = str(values.pop("language"))
        self.ctx.update_prefs(**values)
        self.ctx.set_language(language)
        if self.ctx.prefs.server_url != before.server_url:
            self.notice = (
                _("Team server saved: team mode starts at the next start of the app.")
                if self.ctx.prefs.server_url
                else _("Team server removed: the app works on this computer alone from its next start.")
            )
            window = self.parent()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(self.notice, 20_000)
        self.accept()
