"""Notes page: generated sentences follow the note language; a critical note's fact becomes a client flag.

Played with the keyboard in English and Spanish: the note-language box, the
critical check box and the flag field, then the copy; the client card shows the
flag and the note states it (SOP N2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.models.poc import texts as pt
from desktop.models.store import client_flags, history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.views.context import AppContext
from desktop.views.notes.page import NotesPage
from desktop.views.shell.client_bar import ClientBar
from tests import keyboard
from tests.views.helpers import choose, tick

LANGS = ["en", "es"]
OTHER = {"en": "es", "es": "en"}
FLAG_LINE = {
    "en": "Client flag (for the life of the account): Client only speaks Spanish",
    "es": "Alerta del cliente (para toda la vida de la cuenta): Client only speaks Spanish",
}


def p9_note(language: str) -> dict[str, object]:
    return dict(pt.after_hours_note("TX", "POC and MA", language))


@pytest.fixture
def screen(ctx: AppContext, qtbot: Any, add_client: Callable[..., ClientInfo]) -> Callable[[str], tuple[NotesPage, ClientBar]]:
    def _make(language: str) -> tuple[NotesPage, ClientBar]:
        ctx.set_language(language)
        bar = ClientBar(ctx)
        page = NotesPage(ctx)
        for widget in (bar, page):
            qtbot.addWidget(widget)
            widget.show()
        ctx.set_client(add_client())
        with qtbot.waitActive(page):
            page.activateWindow()
        return page, bar

    return _make


@pytest.mark.parametrize("language", LANGS)
def test_generated_sentences_follow_the_note_language_typed_text_stays(
    screen: Callable[[str], tuple[NotesPage, ClientBar]], ctx: AppContext, language: str
) -> None:
    page, _bar = screen(language)
    other = OTHER[language]
    choose(page.language_combo, other)  # the account's notes are kept in the other language
    ctx.offer_note(p9_note(language), render=lambda lang: p9_note(lang))
    worded = p9_note(other)
    assert page.reason.toPlainText() == worded["reason"]
    assert page.resolution.toPlainText().splitlines() == worded["resolution"]
    assert page.follow_up.text() == worded["follow_up"]

    keyboard.type_into(page.resolution, "\nLeft a voicemail for the lead at 5 PM")
    choose(page.language_combo, language)
    mine = p9_note(language)
    assert page.reason.toPlainText() == mine["reason"]
    assert page.resolution.toPlainText().splitlines() == [*list(mine["resolution"]),  # type: ignore[call-overload]
                                                          "Left a voicemail for the lead at 5 PM"]
    assert str(mine["reason"]) in page.preview.toPlainText()


@pytest.mark.parametrize("language", LANGS)
def test_a_sentence_the_agent_edited_stays_as_typed(
    screen: Callable[[str], tuple[NotesPage, ClientBar]], ctx: AppContext, language: str
) -> None:
    page, _bar = screen(language)
    ctx.offer_note(p9_note(language), render=lambda lang: p9_note(lang))
    keyboard.type_into(page.resolution, " (lead Ana answered)")  # the agent edits the last generated line
    _checked, asked = page.resolution.toPlainText().splitlines()
    keyboard.type_into(page.reason, " Client was calm.")  # and adds a sentence of their own
    choose(page.language_combo, OTHER[language])
    other = p9_note(OTHER[language])
    assert page.resolution.toPlainText().splitlines() == [other["resolution"][0], asked]  # type: ignore[index]
    assert page.reason.toPlainText() == f"{other['reason']} Client was calm."


@pytest.mark.parametrize("language", LANGS)
def test_critical_fact_becomes_a_client_flag_on_the_card_and_in_the_note(
    screen: Callable[[str], tuple[NotesPage, ClientBar]], ctx: AppContext, store: Store, qtbot: Any, language: str
) -> None:
    page, bar = screen(language)
    choose(page.language_combo, language)
    keyboard.type_into(page.reason, "Client asked about the reset fee.")
    keyboard.type_into(page.resolution, "Explained the reset policy")
    page.choose_disposition("reset_question")
    assert not page.flag.isVisible()
    tick(page.critical)
    assert page.flag.isVisible()
    keyboard.type_into(page.flag, "Client only speaks Spanish")
    assert FLAG_LINE[language] in page.preview.toPlainText()
    assert "Client only speaks Spanish" not in bar.flags.text()

    keyboard.click(page.copy_button)
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[1] == FLAG_LINE[language]  # stated right under the critical heading
    assert "▲ Client only speaks Spanish" in bar.flags.text()
    client = ctx.client
    assert client is not None
    with store.sessions() as s:
        assert client_flags.flags_for(s, client.id) == ["Client only speaks Spanish"]
        assert history.timeline(s, client.id, ["note"])[0].details["client_flag"] == "Client only speaks Spanish"
    ctx.set_client(None)
    ctx.set_client(client)
    assert "▲ Client only speaks Spanish" in bar.flags.text()  # kept for the life of the account


def test_a_fact_without_the_critical_box_is_not_a_flag(
    screen: Callable[[str], tuple[NotesPage, ClientBar]], ctx: AppContext, store: Store
) -> None:
    page, bar = screen("en")
    tick(page.critical)
    keyboard.type_into(page.flag, "Client only speaks Spanish")
    tick(page.critical)  # changed their mind
    keyboard.type_into(page.reason, "Client asked about the reset fee.")
    keyboard.type_into(page.resolution, "Explained the reset policy")
    page.choose_disposition("reset_question")
    keyboard.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Client flag" not in QGuiApplication.clipboard().text()
    assert "Client only speaks Spanish" not in bar.flags.text()
    assert ctx.client is not None
    with store.sessions() as s:
        assert client_flags.flags_for(s, ctx.client.id) == []
