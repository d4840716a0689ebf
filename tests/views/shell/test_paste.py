"""Paste and go, by keyboard: Ctrl+Shift+V opens the client on the clipboard; junk is explained and changes nothing.

Also a text dropped on the window, and the clipboard watch (off until the agent
turns it on from the View menu).  In English and in Spanish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.i18n import gettext_for
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.paste import REASON_TEXTS
from tests import keyboard
from tests.views.helpers import choose

LANGUAGES = ("en", "es")


@pytest.fixture
def clients(add_client: Callable[..., ClientInfo], store: Any, now: datetime) -> dict[str, ClientInfo]:
    maria = add_client(cid="300101", name="Maria Lopez")
    rosa = add_client(cid="M90001", name="Rosa Vega", brand="m9")
    with store.sessions() as s, s.begin():
        history.append(s, history.HistoryDraft(client_id=rosa.id, kind="poc_request", created_at=now, summary="POC request submitted",
                       utr="UTR-48213", status="submitted", appointment_at=now + timedelta(days=1),
                       details={"client_tz": "America/Chicago", "drive_minutes": 40}))
    return {"maria": maria, "rosa": rosa}


@pytest.fixture
def window(qtbot: Any, ctx: Any, clients: dict[str, ClientInfo]) -> Iterator[MainWindow]:
    ctx.set_client(clients["maria"])
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitActive(win):
        win.activateWindow()
    yield win


def _copy(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    QApplication.processEvents()


def _in_a_field(window: MainWindow) -> None:
    """Start where an agent would be: typing in a workflow field."""
    keyboard.shortcut("Ctrl+3")
    field = window.pages["credit"].what.amount  # type: ignore[attr-defined]
    keyboard.click(field)
    assert QApplication.focusWidget() is field


@pytest.mark.parametrize("language", LANGUAGES)
def test_ctrl_shift_v_opens_the_client_whose_cid_is_on_the_clipboard(
    window: MainWindow, ctx: Any, clients: dict[str, ClientInfo], language: str
) -> None:
    ctx.set_language(language)
    _in_a_field(window)
    _copy("  m90001\n")
    keyboard.shortcut("Ctrl+Shift+V")
    assert ctx.client is not None and ctx.client.cid == "M90001"
    expected = gettext_for(language)("Opened {name} (CID {cid}).").format(name="Rosa Vega", cid="M90001")
    assert window.client_bar.lookup_message.text() == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_utr_number_opens_the_client_of_that_poc_request_on_the_poc_page(
    window: MainWindow, ctx: Any, language: str
) -> None:
    ctx.set_language(language)
    _in_a_field(window)
    _copy("UTR-48213")
    keyboard.shortcut("Ctrl+Shift+V")
    assert ctx.client is not None and ctx.client.cid == "M90001"
    assert getattr(window.stack.currentWidget(), "page_id", None) == "poc"
    assert "UTR-48213" in window.client_bar.lookup_message.text()


JUNK = {
    "ten megabytes": ("300101" * 1_750_000, REASON_TEXTS["too_long"]),  # type: ignore[index]
    "a CID with spaces": ("300 101", REASON_TEXTS["has_spaces"]),  # type: ignore[index]
    "an unknown CID": ("999999", REASON_TEXTS["unknown"]),  # type: ignore[index]
    "markup": ("<b>300101</b>", REASON_TEXTS["bad_characters"]),  # type: ignore[index]
    "nothing": ("   ", REASON_TEXTS["empty"]),  # type: ignore[index]
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("junk", sorted(JUNK))
def test_junk_on_the_clipboard_is_explained_and_leaves_the_open_client(
    window: MainWindow, ctx: Any, clients: dict[str, ClientInfo], junk: str, language: str
) -> None:
    ctx.set_language(language)
    _in_a_field(window)
    field = QApplication.focusWidget()
    keyboard.type_text("12")
    text, msgid = JUNK[junk]
    _copy(text)
    keyboard.shortcut("Ctrl+Shift+V")
    assert ctx.client == clients["maria"]
    shown = window.client_bar.lookup_message.text()
    translated = gettext_for(language)(msgid)
    assert shown.startswith(translated.split("“")[0].split("{")[0]), shown
    assert len(shown) < 300  # a 10 MB text is never quoted back
    assert QApplication.focusWidget() is field and "12" in window.pages["credit"].what.amount.text()  # type: ignore[attr-defined]


def test_the_message_quotes_a_text_as_plain_words_never_as_markup(window: MainWindow) -> None:
    _copy("<i>x</i>")
    keyboard.click(window.client_bar.lookup)
    keyboard.shortcut("Ctrl+Shift+V")
    assert window.client_bar.lookup_message.textFormat() == Qt.TextFormat.PlainText
    assert "<i>x</i>" in window.client_bar.lookup_message.text()


def _drop(window: MainWindow, text: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    where = window.client_bar.card.mapTo(window, QPoint(5, 5))
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    QApplication.processEvents()


def test_a_cid_dropped_on_the_window_opens_its_client(window: MainWindow, ctx: Any) -> None:
    assert window.acceptDrops()
    _drop(window, "M90001")
    assert ctx.client is not None and ctx.client.cid == "M90001"


def test_junk_dropped_on_the_window_changes_nothing(window: MainWindow, ctx: Any, clients: dict[str, ClientInfo]) -> None:
    _drop(window, "x" * 10_000_000)
    assert ctx.client == clients["maria"]
    assert window.client_bar.lookup_message.text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_clipboard_watch_is_off_until_turned_on_then_opens_a_copied_cid(
    window: MainWindow, ctx: Any, clients: dict[str, ClientInfo], language: str
) -> None:
    ctx.set_language(language)
    _in_a_field(window)
    assert not ctx.prefs.watch_clipboard and not window.shell.paste.is_watching()
    _copy("M90001")
    assert ctx.client == clients["maria"]  # off by default: copying opens nothing
    keyboard.shortcut("Alt+V")
    assert QApplication.activePopupWidget() is not None
    keyboard.press(Qt.Key.Key_W if language == "en" else Qt.Key.Key_V)
    assert window.shell.paste.is_watching() and ctx.prefs.watch_clipboard
    _copy("M90001")
    assert ctx.client is not None and ctx.client.cid == "M90001"
    before = window.client_bar.lookup_message.text()
    _copy("some words the agent copied from an e-mail")
    assert ctx.client is not None and ctx.client.cid == "M90001"  # junk is ignored quietly while watching
    assert window.client_bar.lookup_message.text() == before


def test_the_language_switch_still_works_after_a_paste(window: MainWindow, ctx: Any) -> None:
    _copy("M90001")
    keyboard.click(window.client_bar.lookup)
    keyboard.shortcut("Ctrl+Shift+V")
    choose(window.client_bar.language, "es")
    assert ctx.prefs.language == "es"
