"""The leads' pack editor, played with keyboard and mouse in English and Spanish.

Edit a state, see the diff against the active version, save a new version,
activate it, and a decision made next records that version; bad input is
refused at its field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QPlainTextEdit, QPushButton

from desktop.models import credits, sop
from desktop.models.store import sop_store
from desktop.models.store.db import Store
from desktop.views.lead.pack_editor import PackEditorDialog
from desktop.views.lead.sop_packs import SopPacksDialog
from tests import keyboard
from tests.views.helpers import choose

TEXTS = {
    "en": {
        "fee_diff": "AZ · POC fee: not stated → $45.00",
        "credits_diff": "AZ · Courtesy credits allowed: Check SOP → No",
        "saved": "✔ Saved as Default state SOP pack 2026.11.3.",
        "active": "Default state SOP pack 2026.11.3 is now active for every workflow.",
        "exponent": "no “e” notation",
        "negative": "cannot be negative",
        "email": "tow_receipt.csg_email: not an email address",
    },
    "es": {
        "fee_diff": "AZ · Tarifa de POC: no indicado → $45.00",
        "credits_diff": "AZ · Créditos de cortesía permitidos: Consultar el SOP → No",
        "saved": "✔ Guardado como Default state SOP pack 2026.11.3.",
        "active": "Default state SOP pack 2026.11.3 ya está activo para todos los flujos de trabajo.",
        "exponent": "notación con “e”",
        "negative": "no puede ser negativa",
        "email": "tow_receipt.csg_email: no es una dirección de correo electrónico",
    },
}


def open_editor(ctx: Any, qtbot: Any, language: str) -> PackEditorDialog:
    """From the SOP packs dialog, as a lead does: click "Edit the active pack"."""
    ctx.set_language(language)
    packs = SopPacksDialog(ctx)
    qtbot.addWidget(packs)
    packs.show()
    with qtbot.waitActive(packs):
        packs.activateWindow()
    keyboard.click(packs.edit_button)
    editor = packs.findChild(PackEditorDialog)
    assert editor is not None
    qtbot.waitExposed(editor)
    with qtbot.waitActive(editor):
        editor.activateWindow()
    return editor


def pick_state(editor: PackEditorDialog, code: str) -> None:
    keyboard.type_into(editor.filter, code)
    keyboard.press(Qt.Key.Key_Tab)  # to the list: the first match is chosen
    assert editor.state_form.code == code


def fee_field(editor: PackEditorDialog) -> Any:
    return editor.state_form.fee.field


def type_fee(editor: PackEditorDialog, text: str) -> None:
    field = fee_field(editor)
    keyboard.click(field)
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text(text)


@pytest.mark.parametrize("language", ["en", "es"])
def test_edit_a_fee_see_the_diff_save_activate_and_a_decision_records_it(
    ctx: Any, qtbot: Any, store: Store, language: str
) -> None:
    texts = TEXTS[language]
    editor = open_editor(ctx, qtbot, language)
    assert editor.changes.texts() == []
    assert not editor.save_button.isEnabled()
    pick_state(editor, "AZ")
    combo = editor.state_form.tri["poc_override"].field
    assert isinstance(combo, QComboBox)
    choose(combo, "yes")
    type_fee(editor, "45")
    credits_combo = editor.state_form.tri["courtesy_credits"].field
    assert isinstance(credits_combo, QComboBox)
    choose(credits_combo, "no")
    assert texts["fee_diff"] in editor.changes.texts()
    assert texts["credits_diff"] in editor.changes.texts()
    assert editor.changes.problem_texts() == []

    keyboard.click(editor.save_button)
    assert editor.message.text().startswith(texts["saved"])
    with store.sessions() as s:
        stored = sop_store.list_packs(s)
    assert [p.version for p in stored] == ["2026.11.3"]
    assert ctx.pack.version == sop.load_default_pack().version  # saved, not yet active

    keyboard.click(editor.activate_button)
    assert texts["active"] in editor.message.text()
    assert ctx.pack.version == "2026.11.3"
    assert ctx.pack.state("AZ").poc_fee == Decimal("45.00")
    assert editor.changes.texts() == []  # the editor now starts from the version just activated
    decision = credits.decide_credit(
        credits.CreditRequest(state="AZ", kind="missed_appointment_fee", amount=Decimal("20.00")),
        prior_courtesy_credits=0,
        pack=ctx.pack,
    )
    assert decision.pack_version == "2026.11.3"
    assert decision.outcome == "deny"  # SOP C2: the state's pack now says no courtesy credits


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("typed", "kind"), [("1e3", "exponent"), ("-5", "negative")])
def test_a_refused_fee_is_said_at_the_field_and_cannot_be_saved(
    ctx: Any, qtbot: Any, language: str, typed: str, kind: str
) -> None:
    editor = open_editor(ctx, qtbot, language)
    pick_state(editor, "AZ")
    type_fee(editor, typed)
    error = editor.state_form.fee.error
    assert error.isVisible()
    assert TEXTS[language][kind] in error.text()
    assert editor.edit.value("AZ", "poc_fee") is None  # the pack never saw it
    assert not editor.save_button.isEnabled()
    type_fee(editor, "45")
    assert not error.isVisible()
    assert editor.save_button.isEnabled()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_schema_invalid_value_is_listed_and_blocks_saving(ctx: Any, qtbot: Any, store: Store, language: str) -> None:
    editor = open_editor(ctx, qtbot, language)
    email = editor.pack_form.email.field
    keyboard.click(email)
    keyboard.press(Qt.Key.Key_End)
    for _ in range(len("@scramsystems.com")):
        keyboard.press(Qt.Key.Key_Backspace)
    assert TEXTS[language]["email"] in editor.changes.problem_texts()
    assert editor.pack_form.email.error.isVisible()
    assert not editor.save_button.isEnabled()
    assert editor.save() is None
    with store.sessions() as s:
        assert sop_store.list_packs(s) == []


def test_a_fee_for_a_state_that_refuses_poc_is_a_rule_problem(ctx: Any, qtbot: Any) -> None:
    editor = open_editor(ctx, qtbot, "en")
    pick_state(editor, "WV")
    type_fee(editor, "40")
    combo = editor.state_form.tri["poc_override"].field
    assert isinstance(combo, QComboBox)
    choose(combo, "no")
    assert "states.WV.poc_fee: a POC fee is set but the POC override is 'no'" in editor.changes.problem_texts()
    assert editor.state_form.fee.error.isVisible()
    assert not editor.save_button.isEnabled()


def test_state_list_and_focus_are_reachable_by_keyboard(ctx: Any, qtbot: Any) -> None:
    editor = open_editor(ctx, qtbot, "en")
    pick_state(editor, "VA")
    states = editor.states
    assert isinstance(states, QListWidget)
    assert QApplication.focusWidget() is states
    assert isinstance(editor.save_button, QPushButton)
    notes = editor.state_form.texts[("deinstall_notes", "en")].field
    assert isinstance(notes, QPlainTextEdit)
    assert notes.toPlainText().startswith("Virginia (VASAP)")
