"""Notes page (pytest-qt): pre-fill, disposition picker, lint in the preview, masking, copy, restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCharFormat, QTextCursor

from desktop.models.notes import draft_key, load_draft
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.views.context import AppContext
from desktop.views.notes.page import NotesPage
from tests import keyboard

LANGS = ["en", "es"]
TEXTS = {
    "copy": {"en": "&Copy note", "es": "&Copiar nota"},
    "name_label": {"en": "Customer &name:", "es": "&Nombre del cliente:"},
    "missing": {"en": "Still needed before copying:", "es": "Falta completar antes de copiar:"},
    "feelings": {"en": "Personal opinion about the customer", "es": "Opinión personal sobre el cliente"},
    "critical_help": {"en": "as long as the client has the account", "es": "mientras el cliente tenga la cuenta"},
    "heading": {"en": "Customer info:", "es": "Datos del cliente:"},
    "saved": {"en": "saved to the history of Maria Lopez", "es": "guardada en el historial de Maria Lopez"},
}


@pytest.fixture
def make_page(ctx: AppContext, qtbot: Any) -> Callable[..., NotesPage]:
    def _make(language: str = "en", context: AppContext | None = None) -> NotesPage:
        use = context or ctx
        use.set_language(language)
        page = NotesPage(use)
        qtbot.addWidget(page)
        page.resize(1000, 680)
        page.show()
        return page

    return _make


def _fill_required(qtbot: Any, page: NotesPage) -> None:
    keyboard.type_into(page.reason, "Client asked about the reset fee.")
    keyboard.type_into(page.resolution, "Explained the reset policy per SOP")
    page.choose_disposition("reset_question")


@pytest.mark.parametrize("language", LANGS)
def test_page_texts_follow_the_language_and_typed_text_survives(
    make_page: Callable[..., NotesPage], qtbot: Any, ctx: AppContext, language: str
) -> None:
    page = make_page("en")
    keyboard.type_into(page.relationship, "Spouse")
    ctx.set_language(language)
    assert page.copy_button.text() == TEXTS["copy"][language]
    assert page.customer_name_label.text() == TEXTS["name_label"][language]
    assert TEXTS["critical_help"][language] in page.critical_help.text()  # SOP N2 explanation
    assert page.relationship.text() == "Spouse"


@pytest.mark.parametrize("language", LANGS)
def test_client_prefills_the_name_and_copy_waits_for_required_parts_N3_N4(
    make_page: Callable[..., NotesPage], add_client: Callable[..., ClientInfo], ctx: AppContext, language: str
) -> None:
    page = make_page(language)
    ctx.set_client(add_client())
    assert page.customer_name.text() == "Maria Lopez"
    assert not page.copy_button.isEnabled()
    assert page.missing_error.text().startswith(TEXTS["missing"][language])
    assert page.composed_text() is None
    assert page.copy_note() is False


@pytest.mark.parametrize("language", LANGS)
def test_workflow_draft_is_merged_in_and_card_masked_N3(
    make_page: Callable[..., NotesPage], add_client: Callable[..., ClientInfo], ctx: AppContext, language: str
) -> None:
    page = make_page(language)
    ctx.set_client(add_client())
    ctx.offer_note(
        {
            "reason": "Client in perm lockout asked for a POC.",
            "resolution": ["Submitted UTR 98765432 to CSG", "Paid with 4111 1111 1111 1111"],
            "disposition": "poc_request",
        }
    )
    assert ctx.pending_note is None  # taken by the page
    assert page.reason.toPlainText() == "Client in perm lockout asked for a POC."
    assert page.resolution.toPlainText().splitlines() == [
        "Submitted UTR 98765432 to CSG",
        "Paid with **** **** **** 1111",
    ]
    assert page.copy_button.isEnabled()
    ctx.offer_note({"reason": "Asked about the fee.", "resolution": ["Quoted $45.00"], "disposition": "courtesy_credit"})
    assert page.resolution.toPlainText().splitlines()[-1] == "Quoted $45.00"
    assert "Submitted UTR 98765432 to CSG" in page.resolution.toPlainText()
    assert page.current_draft().disposition == "courtesy_credit"


def test_note_offered_before_the_page_exists_is_taken_when_built(
    make_page: Callable[..., NotesPage], add_client: Callable[..., ClientInfo], ctx: AppContext
) -> None:
    ctx.set_client(add_client())
    ctx.offer_note({"reason": "Override given", "resolution": ["Code given"], "disposition": "override_given"})
    page = make_page("en")
    assert page.reason.toPlainText() == "Override given"
    assert ctx.pending_note is None


@pytest.mark.parametrize("language", LANGS)
def test_card_number_is_masked_as_typed_N1(
    make_page: Callable[..., NotesPage], qtbot: Any, language: str
) -> None:
    page = make_page(language)
    keyboard.type_into(page.resolution, "Card 5555-5555-5555-4444 declined")
    assert page.resolution.toPlainText() == "Card ****-****-****-4444 declined"
    keyboard.type_into(page.additional_info, "amex 378282246310005")
    assert page.additional_info.text() == "amex ***********0005"
    assert page.additional_info.cursorPosition() == len("amex ***********0005")


@pytest.mark.parametrize("language", LANGS)
def test_findings_are_underlined_and_explained_in_the_preview_N1(
    make_page: Callable[..., NotesPage], qtbot: Any, language: str
) -> None:
    page = make_page(language)
    keyboard.type_into(page.reason, "Customer was rude on the call")
    preview = page.preview.toPlainText()
    start = preview.index("rude")
    cursor = QTextCursor(page.preview.document())
    cursor.setPosition(start + 1)
    fmt = cursor.charFormat()
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert TEXTS["feelings"][language] in fmt.toolTip()
    assert TEXTS["feelings"][language] in page.findings.text()
    assert "rude" in page.findings.text()


@pytest.mark.parametrize("language", LANGS)
def test_disposition_type_to_filter_with_keyboard_N4(
    make_page: Callable[..., NotesPage], qtbot: Any, language: str
) -> None:
    page = make_page(language)
    typed = {"en": "courtesy", "es": "cortesia"}[language]
    keyboard.type_into(page.disposition_filter, typed)
    assert page.disposition_list.count() >= 1
    assert page.disposition_list.item(0).data(Qt.ItemDataRole.UserRole) == "courtesy_credit"
    keyboard.press(Qt.Key.Key_Down)  # still in the filter box, where the agent typed
    keyboard.press(Qt.Key.Key_Return)
    assert page.current_draft().disposition == "courtesy_credit"
    expected = {"en": "Courtesy credit applied", "es": "Crédito de cortesía aplicado"}[language]
    assert expected in page.disposition_selected.text()


@pytest.mark.parametrize("language", LANGS)
def test_copy_puts_the_note_on_the_clipboard_and_saves_redacted_history_N1_N3(
    make_page: Callable[..., NotesPage],
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    ctx: AppContext,
    store: Store,
    language: str,
) -> None:
    page = make_page(language)
    client = add_client()
    ctx.set_client(client)
    page.language_combo.setCurrentIndex(page.language_combo.findData(language))
    _fill_required(qtbot, page)
    page.critical.setChecked(True)
    with qtbot.waitSignal(ctx.historyChanged) as signal:
        qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert signal.args == [client.id]
    copied = QGuiApplication.clipboard().text()
    critical_line, heading = copied.splitlines()[:2]
    assert critical_line.startswith({"en": "Critical note", "es": "Nota crítica"}[language])  # SOP N2
    assert heading.startswith(TEXTS["heading"][language])
    assert "- Explained the reset policy per SOP" in copied
    assert TEXTS["saved"][language] in page.status.text()
    with store.sessions() as s:
        notes = history.timeline(s, client.id, ["note"])
        assert len(notes) == 1
        assert notes[0].note_text == copied
        assert notes[0].disposition == "reset_question"
        assert notes[0].details["critical"] is True
        assert load_draft(s, draft_key(client.id)) is None  # done: nothing to restore
    # copying the same text again does not duplicate the history entry
    page.copy_note()
    with store.sessions() as s:
        assert len(history.timeline(s, client.id, ["note"])) == 1


def test_copy_without_a_client_only_uses_the_clipboard(
    make_page: Callable[..., NotesPage], qtbot: Any
) -> None:
    page = make_page("en")
    assert page.no_client.isVisible()
    keyboard.type_into(page.customer_name, "Walk-in caller")
    _fill_required(qtbot, page)
    assert page.copy_note() is True
    assert QGuiApplication.clipboard().text().startswith("Customer info:\n- Walk-in caller")
    assert "not saved" in page.status.text()


@pytest.mark.parametrize("language", LANGS)
def test_draft_survives_a_restart(
    make_page: Callable[..., NotesPage],
    qtbot: Any,
    add_client: Callable[..., ClientInfo],
    ctx: AppContext,
    store: Store,
    tmp_path: Path,
    language: str,
) -> None:
    page = make_page(language)
    client = add_client()
    ctx.set_client(client)
    keyboard.type_into(page.relationship, "Spouse")
    keyboard.type_into(page.reason, "Asked about removal")
    keyboard.type_into(page.resolution, "Card 4111111111111111 given")
    page.choose_disposition("removal")
    page.style_combo.setCurrentIndex(page.style_combo.findData("bullets"))
    # autosave after a short pause, without any explicit save (a crash loses nothing)
    key = draft_key(client.id)
    qtbot.waitUntil(lambda: _stored(store, key) is not None, timeout=3000)

    # "restart": a new context and a new page on the same database
    fresh = AppContext(store, clock=ctx.clock, prefs_path=tmp_path / "prefs2.json")
    restored = make_page(language, fresh)
    assert restored.reason.toPlainText() == ""  # no client yet
    fresh.set_client(client)
    assert restored.relationship.text() == "Spouse"
    assert restored.reason.toPlainText() == "Asked about removal"
    assert restored.resolution.toPlainText() == "Card ************1111 given"
    assert restored.current_draft().disposition == "removal"
    assert restored.note_style() == "bullets"
    stored = _stored(store, key)
    assert stored is not None and "4111111111111111" not in str(stored[0])


def _stored(store: Store, key: str) -> Any:
    with store.sessions() as s:
        return load_draft(s, key)


def test_save_state_is_what_the_main_window_calls_on_close(
    make_page: Callable[..., NotesPage], qtbot: Any, add_client: Callable[..., ClientInfo], ctx: AppContext, store: Store
) -> None:
    page = make_page("en")
    client = add_client()
    ctx.set_client(client)
    keyboard.type_into(page.follow_up, "Call back Friday")
    page.save_state()
    stored = _stored(store, draft_key(client.id))
    assert stored is not None and stored[0].follow_up == "Call back Friday"


def test_new_note_clears_and_forgets_the_draft(
    make_page: Callable[..., NotesPage], qtbot: Any, add_client: Callable[..., ClientInfo], ctx: AppContext, store: Store
) -> None:
    page = make_page("en")
    client = add_client()
    ctx.set_client(client)
    keyboard.type_into(page.reason, "Something")
    page.save_state()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.reason.toPlainText() == ""
    assert page.customer_name.text() == "Maria Lopez"
    assert _stored(store, draft_key(client.id)) is None


def test_switching_clients_keeps_each_clients_draft(
    make_page: Callable[..., NotesPage], qtbot: Any, add_client: Callable[..., ClientInfo], ctx: AppContext
) -> None:
    page = make_page("en")
    maria = add_client()
    john = add_client(cid="300400", name="John Smith")
    ctx.set_client(maria)
    keyboard.type_into(page.reason, "Maria's reason")
    ctx.set_client(john)
    assert page.customer_name.text() == "John Smith"
    assert page.reason.toPlainText() == ""
    ctx.set_client(maria)
    assert page.reason.toPlainText() == "Maria's reason"


@pytest.mark.parametrize("language", LANGS)
def test_every_input_has_an_accessible_name_or_buddy(
    make_page: Callable[..., NotesPage], language: str
) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QTextEdit,
    )

    page = make_page(language)
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
    for kind in (QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QListWidget, QAbstractButton):
        for widget in page.findChildren(kind):
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
                continue
            named = bool(widget.accessibleName()) or widget in buddies
            if isinstance(widget, QAbstractButton):
                named = named or bool(widget.text())
            assert named, widget.objectName() or type(widget).__name__


@pytest.mark.parametrize("language", LANGS)
def test_findings_block_copy_until_rewritten_except_a_requested_quote_N1(
    make_page: Callable[..., NotesPage], qtbot: Any, add_client: Callable[..., ClientInfo], ctx: AppContext,
    language: str,
) -> None:
    page = make_page(language)
    ctx.set_client(add_client())
    keyboard.type_into(page.reason, "I think the client is lying about the reset.")
    keyboard.type_into(page.resolution, "Explained the reset policy")
    page.choose_disposition("reset_question")
    assert not page.copy_button.isEnabled()  # an opinion: rewrite, not copy
    assert page.missing_error.isVisible()
    keyboard.click(page.reason)
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text('Client said "record that I disagree" and asked us to note it.')
    assert not page.copy_button.isEnabled()  # a direct quote blocks too...
    assert page.quote_requested.isVisible()
    keyboard.click(page.quote_requested)  # ...unless the client asked for it to be recorded
    assert page.copy_button.isEnabled()
    assert page.copy_note()
