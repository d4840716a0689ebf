"""Team server settings: each bad input has its message at its field, the check never blocks the
dialog, and the password goes to the credential store, never to the preferences file."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.i18n import gettext_for
from desktop.models.team import credentials
from desktop.models.team.settings import REASONS, ServerCheck, ServerSettings, check_server
from desktop.views.shell.preferences import PreferencesDialog
from desktop.views.shell.preferences.checker import wait_for_checks
from desktop.views.widgets.outcome import Tone, glyph
from tests import keyboard
from tests.memory_keyring import MemoryKeyring

LANGS = pytest.mark.parametrize("language", ["en", "es"])
Check = Callable[[ServerSettings, "str | None"], ServerCheck]


def message(code: str, language: str) -> str:
    return glyph(Tone.WARN) + " " + gettext_for(language)(REASONS[code])


@pytest.fixture
def open_dialog(qtbot: Any, ctx: Any) -> Iterator[Callable[..., PreferencesDialog]]:
    def _open(language: str = "en", check: Check = check_server) -> PreferencesDialog:
        ctx.set_language(language)
        dialog = PreferencesDialog(ctx, check=check)
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitActive(dialog):
            dialog.activateWindow()
        return dialog

    yield _open
    assert wait_for_checks(30_000)
    QApplication.processEvents()


def fill(dialog: PreferencesDialog, address: str, user: str = "", password: str = "") -> None:
    server = dialog.server
    for field, text in ((server.address, address), (server.user, user), (server.password, password)):
        keyboard.click(field)
        keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        keyboard.press(Qt.Key.Key_Delete)
        keyboard.type_text(text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answer(result: ServerCheck) -> Check:
    return lambda _settings, _password: result


@LANGS
@pytest.mark.parametrize(
    ("address", "user", "field", "code"),
    [
        ("", "ana", "url", "empty"),
        ("http://team-server/interlock", "ana", "url", "http_url"),
        ("team-server/interlock", "ana", "url", "not_postgresql"),
        ("postgresql://team-server/interlock", "", "user", "missing_user"),
        ("postgresql://team-server", "ana", "url", "missing_database"),
    ],
)
def test_bad_input_is_told_at_its_field(
    open_dialog: Callable[..., PreferencesDialog], language: str, address: str, user: str, field: str, code: str
) -> None:
    dialog = open_dialog(language, check=answer(ServerCheck(True, role="agent")))
    fill(dialog, address, user)
    keyboard.click(dialog.server.test_button)
    shown = dialog.server.messages[field]
    assert shown.isVisible() and shown.text() == message(code, language)
    assert language == "en" or shown.text() != message(code, "en")  # really in Spanish
    assert QApplication.focusWidget() is dialog.server.fields[field]  # the agent lands on the field to fix
    assert dialog.server.fields[field].accessibleDescription() == message(code, language)
    others = [f for f in dialog.server.messages if f != field]
    assert not any(dialog.server.messages[f].isVisible() for f in others)


@LANGS
def test_an_unreachable_host_is_told_at_the_address(
    open_dialog: Callable[..., PreferencesDialog], qtbot: Any, language: str
) -> None:
    dialog = open_dialog(language)  # the real check, against a port where nothing listens
    fill(dialog, f"postgresql://127.0.0.1:{free_port()}/interlock", "ana", "pw")
    keyboard.click(dialog.server.test_button)
    qtbot.waitUntil(lambda: dialog.server.messages["url"].isVisible(), timeout=20_000)
    assert dialog.server.messages["url"].text() == message("unreachable", language)
    assert dialog.server.test_button.isEnabled()


@LANGS
def test_a_wrong_password_is_told_at_the_password(
    open_dialog: Callable[..., PreferencesDialog], qtbot: Any, language: str
) -> None:
    dialog = open_dialog(language, check=answer(ServerCheck(False, "wrong_password", "password")))
    fill(dialog, "postgresql://team-server/interlock", "ana", "nope")
    keyboard.click(dialog.server.test_button)
    qtbot.waitUntil(lambda: dialog.server.messages["password"].isVisible())
    assert dialog.server.messages["password"].text() == message("wrong_password", language)
    assert not dialog.server.messages["url"].isVisible()
    keyboard.click(dialog.server.password)
    keyboard.type_text("x")  # typing again clears the message
    assert not dialog.server.messages["password"].isVisible()


@LANGS
def test_the_check_runs_off_the_gui_thread_and_the_dialog_keeps_answering(
    open_dialog: Callable[..., PreferencesDialog], qtbot: Any, language: str
) -> None:
    release = threading.Event()
    seen: dict[str, Any] = {}

    def slow_check(settings: ServerSettings, password: str | None) -> ServerCheck:
        seen.update(thread=threading.get_ident(), settings=settings, password=password)
        release.wait(30)
        return ServerCheck(False, "wrong_password", "password")

    dialog = open_dialog(language, check=slow_check)
    fill(dialog, "postgresql://team-server:5433/interlock", "ana", "s3cret")
    keyboard.click(dialog.server.test_button)
    qtbot.waitUntil(lambda: "thread" in seen)
    try:
        assert not dialog.server.test_button.isEnabled()
        assert dialog.server.status.text() == gettext_for(language)("Checking {server} (up to {seconds} s)…").format(
            server="team-server", seconds=5
        )
        keyboard.click(dialog.agent.name)
        keyboard.type_text("Ana")  # keys are handled while the check still waits
        assert dialog.agent.name.text() == "Ana"
        assert not dialog.server.messages["password"].isVisible()
    finally:
        release.set()
    qtbot.waitUntil(lambda: dialog.server.messages["password"].isVisible())
    assert seen["thread"] != threading.get_ident()
    assert seen["password"] == "s3cret" and seen["settings"].connect_timeout == 5
    assert dialog.server.test_button.isEnabled()


def test_a_check_ending_after_the_dialog_closed_harms_nothing(
    open_dialog: Callable[..., PreferencesDialog], qtbot: Any
) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow_check(_settings: ServerSettings, _password: str | None) -> ServerCheck:
        started.set()
        release.wait(30)
        return ServerCheck(True, role="lead")

    dialog = open_dialog(check=slow_check)
    fill(dialog, "postgresql://team-server/interlock", "ana")
    keyboard.click(dialog.server.test_button)
    qtbot.waitUntil(started.is_set)
    keyboard.press(Qt.Key.Key_Escape)
    QApplication.sendPostedEvents(None, 0)  # the closed dialog deletes itself (DeferredDelete)
    assert not shiboken6.isValid(dialog)
    release.set()
    assert wait_for_checks(30_000)
    QApplication.processEvents()  # the answer arrives for a dialog that is gone


@LANGS
def test_a_good_connection_says_who_you_are(
    open_dialog: Callable[..., PreferencesDialog], qtbot: Any, language: str
) -> None:
    dialog = open_dialog(language, check=answer(ServerCheck(True, role="lead")))
    fill(dialog, "postgresql://team-server/interlock", "lena", "pw")
    keyboard.click(dialog.server.test_button)
    expected = gettext_for(language)("Connected: the server knows you as a lead.")
    qtbot.waitUntil(lambda: dialog.server.status.text() == expected)
    assert not any(m.isVisible() for m in dialog.server.messages.values())


@LANGS
def test_save_keeps_the_password_in_the_credential_store_only(
    open_dialog: Callable[..., PreferencesDialog], ctx: Any, memory_keyring: MemoryKeyring, language: str
) -> None:
    dialog = open_dialog(language)
    fill(dialog, "postgresql://team-server:5433/interlock", "ana", "s3cret-Pw")
    keyboard.click(dialog.server.user)
    keyboard.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.server.sslmode
    keyboard.press(Qt.Key.Key_End)  # verify-full
    keyboard.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.server.password
    keyboard.press(Qt.Key.Key_Return)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    raw = ctx.prefs_path.read_text(encoding="utf-8")
    assert "s3cret-Pw" not in raw
    saved = json.loads(raw)
    assert saved["server_url"] == "postgresql://ana@team-server:5433/interlock?sslmode=verify-full"
    assert saved["server_sslmode"] == "verify-full"
    assert memory_keyring.saved == {(credentials.SERVICE, "ana@team-server:5433/interlock"): "s3cret-Pw"}
    assert dialog.notice == gettext_for(language)("Team server saved: team mode starts at the next start of the app.")


def test_the_saved_server_comes_back_with_its_password_left_unshown(
    open_dialog: Callable[..., PreferencesDialog], ctx: Any, memory_keyring: MemoryKeyring
) -> None:
    ctx.update_prefs(server_url="postgresql://ana@team-server:5433/interlock?sslmode=require", server_sslmode="require")
    memory_keyring.saved[(credentials.SERVICE, "ana@team-server:5433/interlock")] = "kept"
    dialog = open_dialog()
    server = dialog.server
    assert (server.address.text(), server.user.text()) == ("postgresql://team-server:5433/interlock", "ana")
    assert server.sslmode.currentData() == "require"
    assert server.password.text() == "" and server.password.placeholderText()
    keyboard.click(server.address)
    keyboard.press(Qt.Key.Key_Return)  # saved unchanged: the stored password stays
    assert memory_keyring.saved[(credentials.SERVICE, "ana@team-server:5433/interlock")] == "kept"


def test_clearing_the_address_goes_standalone_and_forgets_the_password(
    open_dialog: Callable[..., PreferencesDialog], ctx: Any, memory_keyring: MemoryKeyring
) -> None:
    ctx.update_prefs(server_url="postgresql://ana@team-server:5432/interlock?sslmode=prefer")
    memory_keyring.saved[(credentials.SERVICE, "ana@team-server:5432/interlock")] = "kept"
    dialog = open_dialog()
    fill(dialog, "", "ana")
    keyboard.press(Qt.Key.Key_Return)
    assert ctx.prefs.server_url == "" and memory_keyring.saved == {}
    assert dialog.notice == "Team server removed: the app works on this computer alone from its next start."


@LANGS
def test_save_with_a_bad_address_keeps_the_dialog_open_and_saves_nothing(
    open_dialog: Callable[..., PreferencesDialog], ctx: Any, memory_keyring: MemoryKeyring, language: str
) -> None:
    dialog = open_dialog(language)
    before = ctx.prefs
    keyboard.type_text("Ana")  # the name field has focus first
    fill(dialog, "http://team-server/interlock", "ana", "pw")
    keyboard.press(Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.server.messages["url"].text() == message("http_url", language)
    assert QApplication.focusWidget() is dialog.server.address
    assert ctx.prefs == before and memory_keyring.saved == {}


def test_a_credential_store_that_refuses_is_told_at_the_password(
    open_dialog: Callable[..., PreferencesDialog], ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(credentials, "save_password", lambda _settings, _password: False)
    dialog = open_dialog()
    before = ctx.prefs
    fill(dialog, "postgresql://team-server/interlock", "ana", "pw")
    keyboard.press(Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.server.messages["password"].text() == message("credential_store", "en")
    assert ctx.prefs == before


def test_a_message_follows_a_language_switch(open_dialog: Callable[..., PreferencesDialog], ctx: Any) -> None:
    dialog = open_dialog("en")
    fill(dialog, "http://team-server/interlock", "ana")
    keyboard.click(dialog.server.test_button)
    assert dialog.server.messages["url"].text() == message("http_url", "en")
    ctx.set_language("es")
    assert dialog.server.messages["url"].text() == message("http_url", "es") != message("http_url", "en")


SAVED = "postgresql://ana@team-server:5432/interlock?sslmode=prefer"
PASSWORD_TEXTS = {
    "no_saved_password": {
        "en": "No password is saved on this computer for this server: type it here, then Save.",
        "es": "No hay contraseña guardada en esta computadora para este servidor: escriba la contraseña aquí y luego pulse Guardar.",
    },
    "saved_password_refused": {
        "en": "The server refused the password saved on this computer: type the current one here, then Save.",
        "es": "El servidor rechazó la contraseña guardada en esta computadora: escriba la actual aquí y luego pulse Guardar.",
    },
}


@LANGS
def test_a_saved_server_without_a_saved_password_says_so_at_the_password_field(
    open_dialog: Callable[..., PreferencesDialog], ctx: Any, language: str
) -> None:
    ctx.update_prefs(server_url=SAVED)  # the credential store holds nothing for it
    dialog = open_dialog(language)
    server = dialog.server
    said = server.messages["password"]
    assert said.isVisible()
    assert said.text() == glyph(Tone.WARN) + " " + PASSWORD_TEXTS["no_saved_password"][language]
    assert server.messages["url"].isHidden()  # the address is fine: it is the password
    keyboard.click(server.password)
    keyboard.type_text("n")
    assert said.isHidden()  # typing the password answers it


@LANGS
def test_a_saved_password_the_server_refused_is_named_at_the_password_field(
    open_dialog: Callable[..., PreferencesDialog], ctx: Any, memory_keyring: MemoryKeyring, language: str
) -> None:
    from desktop.views.shell.team_link import TeamLink

    ctx.update_prefs(server_url=SAVED)
    memory_keyring.saved[(credentials.SERVICE, "ana@team-server:5432/interlock")] = "old"
    link = TeamLink(ctx, desk=None)  # type: ignore[arg-type]  # the running desk: only its last word is read
    link.login_problem = "wrong_password"
    dialog = open_dialog(language)
    assert dialog.server.messages["password"].text() == (
        glyph(Tone.WARN) + " " + PASSWORD_TEXTS["saved_password_refused"][language]
    )


def test_a_saved_password_the_server_took_shows_no_problem(
    open_dialog: Callable[..., PreferencesDialog], ctx: Any, memory_keyring: MemoryKeyring
) -> None:
    ctx.update_prefs(server_url=SAVED)
    memory_keyring.saved[(credentials.SERVICE, "ana@team-server:5432/interlock")] = "kept"
    dialog = open_dialog("en")
    assert dialog.server.messages["password"].isHidden()
