"""Preferences section: the team server (address, user, SSL mode, password) and its check.

Every problem is shown under its own field, worded from the model's reason code
(so it follows a live language switch).  "Test connection" runs off the GUI
thread and never waits longer than the connect timeout.  The password goes to
the OS credential store only; the preferences file keeps the address.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.models.store.prefs import Preferences
from desktop.models.team import credentials
from desktop.models.team.server_form import read_form, split_saved
from desktop.models.team.settings import (
    DEFAULT_TIMEOUT,
    SSLMODES,
    ParsedSettings,
    ServerCheck,
    ServerSettings,
    check_server,
    parse_server_url,
    reason_text,
    with_timeout,
)
from desktop.views.page import translate_ui
from desktop.views.shell.preferences.checker import CheckFunction, start_check
from desktop.views.widgets.outcome import Tone, glyph


def split_password(saved_url: str) -> str | None:
    """A password typed into the saved address itself (then the credential store is not asked)."""
    return parse_server_url(saved_url).password if saved_url.strip() else None

FIELDS: tuple[str, ...] = ("url", "user", "sslmode", "password")

#: What the password field says when the saved password is what keeps the desk from the server.
LOGIN_REASONS: dict[str, str] = {
    "no_saved_password": N_("No password is saved on this computer for this server: type it here, then Save."),
    "saved_password_refused": N_(
        "The server refused the password saved on this computer: type the current one here, then Save."
    ),
}


class ServerSection(QGroupBox):
    def __init__(
        self, prefs: Preferences, parent: QWidget | None = None, check: CheckFunction = check_server,
        login_problem: str | None = None,
    ) -> None:
        """``login_problem``: ``wrong_password`` when the running desk was refused with the saved password."""
        super().__init__(parent)
        self.check = check
        self._problems: dict[str, str] = {}
        self._status: tuple[str, str] = ("", "")  # (what, detail): the line under the button
        address, user = split_saved(prefs.server_url)
        self.saved = parse_server_url(prefs.server_url, sslmode=prefs.server_sslmode).settings

        self.address = QLineEdit(address)
        self.user = QLineEdit(user)
        self.sslmode = QComboBox()
        for mode in SSLMODES:
            self.sslmode.addItem(mode, mode)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(prefs.server_sslmode)))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.has_saved_password = self.saved is not None and credentials.load_password(self.saved) is not None
        self.fields: dict[str, QWidget] = {
            "url": self.address, "user": self.user, "sslmode": self.sslmode, "password": self.password,
        }
        names = {"url": "serverAddress", "user": "serverUser", "sslmode": "serverSslmode", "password": "serverPassword"}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        form = QFormLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        for field in FIELDS:
            widget = self.fields[field]
            widget.setObjectName(names[field])
            label = QLabel()
            label.setBuddy(widget)
            message = QLabel()
            message.setObjectName(names[field] + "Message")
            message.setWordWrap(True)
            message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            message.hide()
            self.labels[field], self.messages[field] = label, message
            form.addRow(label, widget)
            form.addRow("", message)
        for field, line in (("url", self.address), ("user", self.user), ("password", self.password)):
            line.textEdited.connect(lambda _text, f=field: self.clear_problem(f))
        self.sslmode.activated.connect(lambda _i: self.clear_problem("sslmode"))
        self.test_button = QPushButton()
        self.test_button.setObjectName("testServer")
        self.test_button.setAutoDefault(False)  # Enter in any field saves the dialog
        self.test_button.clicked.connect(self.test_connection)
        self.status = QLabel()
        self.status.setObjectName("serverStatus")
        self.status.setWordWrap(True)
        form.addRow(self.test_button, self.status)
        if self.saved is not None and not self.has_saved_password and not split_password(prefs.server_url):
            self._problems["password"] = "no_saved_password"
        elif self.saved is not None and login_problem == "wrong_password":
            self._problems["password"] = "saved_password_refused"
        translate_ui(self, self.retranslate)

    # -- texts ------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("Team server"))
        self.hint.setText(
            _("Leave the address empty to work on this computer alone. A new server is used from the next start of the app.")
        )
        self.labels["url"].setText(_("&Address:"))
        self.address.setPlaceholderText("postgresql://server/interlock")
        self.address.setAccessibleName(_("Team server address"))
        self.labels["user"].setText(_("&User:"))
        self.user.setAccessibleName(_("Team server user"))
        self.labels["sslmode"].setText(_("&SSL mode:"))
        self.sslmode.setAccessibleName(_("SSL mode"))
        self.labels["password"].setText(_("Pass&word:"))
        self.password.setAccessibleName(_("Team server password"))
        self.password.setPlaceholderText(
            _("Saved in this computer's credential store; type to replace it") if self.has_saved_password else ""
        )
        self.test_button.setText(_("Test conn&ection"))
        for field in FIELDS:
            self._render_problem(field)
        self._render_status()

    def _render_problem(self, field: str) -> None:
        code = self._problems.get(field)
        words = _(LOGIN_REASONS[code]) if code in LOGIN_REASONS else reason_text(code) if code else ""
        text = glyph(Tone.WARN) + " " + words if code else ""
        self.messages[field].setText(text)
        self.messages[field].setVisible(bool(code))
        self.fields[field].setAccessibleDescription(text)

    def _render_status(self) -> None:
        what, detail = self._status
        texts = {
            "": "",
            "checking": _("Checking {server} (up to {seconds} s)…").format(server=detail, seconds=DEFAULT_TIMEOUT),
            "agent": _("Connected: the server knows you as an agent."),
            "lead": _("Connected: the server knows you as a lead."),
            "failed": _("Not connected: see the message above."),
        }
        self.status.setText(texts.get(what, ""))

    # -- problems at the fields -------------------------------------------
    def show_problem(self, field: str, code: str) -> None:
        field = field if field in self.fields else "url"
        self._problems[field] = code
        self._render_problem(field)

    def clear_problem(self, field: str) -> None:
        if self._problems.pop(field, None) is not None:
            self._render_problem(field)

    def clear_problems(self) -> None:
        for field in list(self._problems):
            self.clear_problem(field)

    def problem(self, field: str) -> str | None:
        return self._problems.get(field)

    def focus_first_problem(self) -> None:
        for field in FIELDS:
            if field in self._problems:
                self.fields[field].setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def read(self) -> ParsedSettings:
        """The form as settings, with every problem shown at its field."""
        self.clear_problems()
        parsed = read_form(self.address.text(), self.user.text(), str(self.sslmode.currentData()), self.password.text())
        for problem in parsed.problems:
            self.show_problem(problem.field, problem.code)
        return parsed

    # -- the check ---------------------------------------------------------
    def test_connection(self) -> None:
        parsed = self.read()
        if parsed.settings is None:
            self._set_status("failed")
            self.focus_first_problem()
            return
        password = parsed.password or credentials.load_password(parsed.settings)
        self.test_button.setEnabled(False)
        self._set_status("checking", parsed.settings.host)
        start_check(self.check, with_timeout(parsed.settings, DEFAULT_TIMEOUT), password, self._checked)

    def _checked(self, result: ServerCheck) -> None:
        self.test_button.setEnabled(True)
        if result.ok:
            self._set_status("lead" if result.role == "lead" else "agent")
            return
        self.show_problem(result.field or "url", result.code or "unreachable")
        self._set_status("failed")
        self.focus_first_problem()

    def checking(self) -> bool:
        return self._status[0] == "checking"

    def _set_status(self, what: str, detail: str = "") -> None:
        self._status = (what, detail)
        self._render_status()

    # -- saving ------------------------------------------------------------
    def to_save(self) -> tuple[dict[str, object], ServerSettings | None, str | None] | None:
        """(preference changes, settings, password to keep) or ``None`` when a field has a problem.

        An empty address is not a problem here: it means working standalone.
        """
        if not self.address.text().strip():
            self.clear_problems()
            return {"server_url": "", "server_sslmode": str(self.sslmode.currentData())}, None, None
        parsed = self.read()
        if parsed.settings is None:
            self.focus_first_problem()
            return None
        changes: dict[str, object] = {"server_url": parsed.settings.address, "server_sslmode": parsed.settings.sslmode}
        return changes, parsed.settings, parsed.password
