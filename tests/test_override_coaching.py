"""The override coaching page, driven like an agent would, in English and Spanish (SOP P10, M2-M11)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWizard

from desktop import i18n
from desktop.models import history
from desktop.models.clients import ClientInfo
from desktop.views.context import AppContext
from desktop.views.override_coaching import OverridePage

CODE = "K7QX-9B2M"
CODE_FORMS = ("K7QX9B2M", "K7QX-9B2M", "K7QX 9B2M", "k7qx9b2m")
LANGS = ["en", "es"]


@pytest.fixture
def make_page(ctx: AppContext, qtbot: Any) -> Callable[[str], OverridePage]:
    def _make(language: str) -> OverridePage:
        ctx.set_language(language)
        page = OverridePage(ctx)
        qtbot.addWidget(page)
        page.resize(1000, 680)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow, timeout=2000)
        return page

    return _make


def _m9(add_client: Callable[..., ClientInfo], **overrides: Any) -> ClientInfo:
    values: dict[str, Any] = {"cid": "M90001", "name": "Rosa Vega", "brand": "m9", "device_model": "AMS2000"}
    values.update(overrides)
    return add_client(**values)


def _press(qtbot: Any, button: QAbstractButton) -> None:
    """Keyboard activation: Space on the focused button."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _next(qtbot: Any, page: OverridePage) -> None:
    button = page.wizard.button(QWizard.WizardButton.NextButton)
    if not button.isVisible():
        button = page.wizard.button(QWizard.WizardButton.CommitButton)
    assert button.isEnabled()
    _press(qtbot, button)


def _pass_preconditions(qtbot: Any, page: OverridePage) -> None:
    for box in (page.confirm_client, page.inbound, page.perm, page.with_vehicle, page.ready):
        _press(qtbot, box)
    qtbot.keyClicks(page.lockout, "4821")
    _press(qtbot, page.appt_schedule)
    page.appt_kind.setFocus()
    index = page.appt_kind.findData("reset")
    while page.appt_kind.currentIndex() < index:
        qtbot.keyClick(page.appt_kind, Qt.Key.Key_Down)
    _press(qtbot, page.appt_confirmed)


def _to_coaching(qtbot: Any, page: OverridePage, *, price: str = "45.00", waive_reason: str = "") -> None:
    _pass_preconditions(qtbot, page)
    _next(qtbot, page)
    if waive_reason:
        _press(qtbot, page.waive)
        qtbot.keyClicks(page.waiver_reason, waive_reason)
    else:
        qtbot.keyClicks(page.price, price)
    _next(qtbot, page)
    assert page.wizard.currentId() == 2


def _read_whole_code(qtbot: Any, page: OverridePage) -> None:
    qtbot.keyClicks(page.code, CODE)
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    assert page.reader.hasFocus()
    assert page.flow is not None and page.flow.cursor is not None
    for _ in range(page.flow.cursor.total - 1):
        qtbot.keyClick(page.reader, Qt.Key.Key_Space)


# --------------------------------------------------------------------------- who the page is for


@pytest.mark.parametrize("language", LANGS)
def test_no_client_and_csg_client_get_a_plain_message_P10(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any
) -> None:
    page = make_page(language)
    assert page.stack.currentIndex() == 0
    no_client = page.message.text()
    assert no_client == i18n._("Open a client first: type a CID or a name above.")
    ctx.set_client(add_client(brand="plus"))
    assert page.stack.currentIndex() == 0
    assert "CSG" in page.message.text() and page.message.text() != no_client
    assert page.to_poc.isVisible()
    ctx.set_client(_m9(add_client))
    assert page.stack.currentIndex() == 1


# --------------------------------------------------------------------------- preconditions


@pytest.mark.parametrize("language", LANGS)
def test_blocked_preconditions_are_explained_and_next_stays_disabled_M2_M3_M4_M5_M6(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    page = make_page(language)
    ctx.set_client(_m9(add_client))
    next_button = page.wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    status = page.pre_status.text()
    expected = {
        "en": ["Caller not matched", "permanent lockout", "four digits", "No appointment", "inbound",
               "vehicle"],
        "es": ["bloqueo permanente", "cuatro dígitos", "No hay una cita", "llamada entrante", "vehículo"],
    }[language]
    for fragment in expected:
        assert fragment in status
    tell = "Tell the client" if language == "en" else "Dígale al cliente"
    assert tell in status
    assert not page.code.isEnabled()  # the code cannot even be typed yet

    _pass_preconditions(qtbot, page)
    assert next_button.isEnabled()
    # One condition off again: blocked again, with that reason only.
    _press(qtbot, page.with_vehicle)
    assert not next_button.isEnabled()
    assert page.flow is not None and page.flow.precondition_blockers() == ("not_with_vehicle",)


@pytest.mark.parametrize("language", LANGS)
def test_lockout_code_field_shows_an_error_under_it_M4(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    page = make_page(language)
    ctx.set_client(_m9(add_client))
    qtbot.keyClicks(page.lockout, "12a4")
    assert page.lockout_error.isVisible() and page.lockout_error.text()
    page.lockout.clear()
    qtbot.keyClicks(page.lockout, "1234")
    assert not page.lockout_error.isVisible()


@pytest.mark.parametrize("language", LANGS)
def test_reset_scheduled_here_is_booked_as_other_M11(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    page = make_page(language)
    ctx.set_client(_m9(add_client))
    _pass_preconditions(qtbot, page)
    assert "“Other”" in page.appt_m9.text() and "“Reset”" in page.appt_m9.text()
    assert page.flow is not None and page.flow.appointment is not None
    assert page.flow.appointment.booking.m9_type == "Other"


def test_appointment_from_history_can_be_confirmed_M5(
    make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    client = _m9(add_client)
    at = ctx.now() + timedelta(hours=3)
    with ctx.session() as session:
        history.append(
            session, client_id=client.id, kind="note", at=ctx.now() - timedelta(days=1),
            summary="Calibration booked", appointment_at=at,
        )  # fmt: skip
    page = make_page("en")
    ctx.set_client(client)
    assert page.appt_history.isEnabled() and "Calibration booked" in page.appt_history.currentText()
    _press(qtbot, page.appt_confirmed)
    assert page.flow is not None and page.flow.appointment is not None
    assert page.flow.appointment.at == at


# --------------------------------------------------------------------------- price and waiver


@pytest.mark.parametrize("language", LANGS)
def test_waiver_blocked_by_an_earlier_waiver_in_history_M9(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    client = _m9(add_client)
    with ctx.session() as session:
        history.append(
            session,
            client_id=client.id,
            kind="override_given",
            at=datetime(2025, 8, 14, 16, 0, tzinfo=UTC),
            summary="Override code given (waived)",
            note_text="Waived as courtesy: first lockout after job loss",
            waived=True,
        )
    page = make_page(language)
    ctx.set_client(client)
    _pass_preconditions(qtbot, page)
    _next(qtbot, page)
    assert page.wizard.currentId() == 1
    assert not page.waive.isEnabled()
    shown = page.waiver_history.text()
    assert "first lockout after job loss" in shown and "2025" in shown
    assert ("Aug" if language == "en" else "ago") in shown
    # The price path still works (SOP M8).
    next_button = page.wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    qtbot.keyClicks(page.price, "45.00" if language == "en" else "45,00")
    assert page.flow is not None and page.flow.price == Decimal("45.00")
    assert next_button.isEnabled()
    assert "$45.00" in page.rule_line.text()


@pytest.mark.parametrize("language", LANGS)
def test_bad_price_is_explained_at_the_field_M8(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    page = make_page(language)
    ctx.set_client(_m9(add_client))
    _pass_preconditions(qtbot, page)
    _next(qtbot, page)
    qtbot.keyClicks(page.price, "45.999")
    assert page.price_error.isVisible() and page.price_error.text()
    assert not page.wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_check_change_profile_bills_and_client_pays_at_center_M8(
    make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    ctx.update_prefs(profile="check_change")
    page = make_page("en")
    ctx.set_client(_m9(add_client))
    _pass_preconditions(qtbot, page)
    _next(qtbot, page)
    qtbot.keyClicks(page.price, "45.00")
    assert "service center" in page.rule_line.text() and "Bill" in page.rule_line.text()


# --------------------------------------------------------------------------- coaching


@pytest.mark.parametrize("language", LANGS)
def test_stepping_through_the_code_by_keyboard_M7(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    page = make_page(language)
    ctx.set_client(_m9(add_client, preferred_language="es"))
    _to_coaching(qtbot, page)
    assert page.code.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(page.code, CODE)
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    assert page.reader.hasFocus()
    assert page.char.text() == "K"
    # Client prefers Spanish: the words are Spanish whatever the UI language.
    assert page.words.text() == "ka, de kilo"
    qtbot.keyClick(page.reader, Qt.Key.Key_Space)
    qtbot.keyClick(page.reader, Qt.Key.Key_Right)
    assert page.char.text() == "Q"
    assert page.position.text() == ("3 of 8" if language == "en" else "3 de 8")
    qtbot.keyClick(page.reader, Qt.Key.Key_Left)
    assert page.char.text() == "7" and page.words.text() == "siete"
    qtbot.keyClick(page.reader, Qt.Key.Key_R)
    assert page.char.text() == "7" and "siete" in page.repeat_note.text()
    assert page.flow is not None and page.flow.cursor is not None and page.flow.cursor.repeats == 1
    # EN/ES toggle of the spelling, independent of the UI language.
    _press(qtbot, page.spell_en)
    assert page.words.text() == "seven"
    commit = page.wizard.button(QWizard.WizardButton.CommitButton)
    assert not commit.isEnabled()  # not every character read yet
    for _ in range(6):
        page.reader.setFocus()
        qtbot.keyClick(page.reader, Qt.Key.Key_Space)
    assert page.char.text() == "M" and page.words.text() == "Mike"
    assert page.position.text() == ("8 of 8" if language == "en" else "8 de 8")
    assert commit.isEnabled()


@pytest.mark.parametrize("language", LANGS)
def test_lookalike_warning_and_full_code_on_demand_M7(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    page = make_page(language)
    ctx.set_client(_m9(add_client))
    _to_coaching(qtbot, page)
    qtbot.keyClicks(page.code, "B0QX")
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    assert page.lookalike.isVisible() and "8" in page.lookalike.text()
    qtbot.keyClick(page.reader, Qt.Key.Key_Space)
    assert page.lookalike.isVisible() and "O" in page.lookalike.text()
    assert not page.full_code.isVisible()
    _press(qtbot, page.reveal)
    assert page.full_code.isVisible() and page.full_code.text() == "B0QX"


@pytest.mark.parametrize("language", LANGS)
def test_bad_code_character_is_named_under_the_field_M7(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    page = make_page(language)
    ctx.set_client(_m9(add_client))
    _to_coaching(qtbot, page)
    qtbot.keyClicks(page.code, "AB*C")
    assert page.code_error.isVisible() and "'*'" in page.code_error.text()
    assert page.char.text() == ""


# --------------------------------------------------------------------------- done


@pytest.mark.parametrize("language", LANGS)
def test_saved_note_and_history_lack_the_code_M7_M8(
    language: str,
    make_page: Callable[[str], OverridePage],
    ctx: AppContext,
    add_client: Any,
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = _m9(add_client)
    page = make_page(language)
    ctx.set_client(client)
    _to_coaching(qtbot, page)
    _read_whole_code(qtbot, page)
    _next(qtbot, page)
    assert page.wizard.currentId() == 3
    assert not page.save.isEnabled()  # full-service: payment first
    _press(qtbot, page.payment_confirm)
    assert page.save.isEnabled()
    offered: list[dict[str, Any]] = []
    ctx.noteDraftOffered.connect(offered.append)
    _press(qtbot, page.save)
    assert page.saved and not page.save.isEnabled()

    with ctx.session() as session:
        entries = history.timeline(session, client.id, ["override_given"])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.waived is False and entry.amount == Decimal("45.00")
    assert entry.disposition == "override_given" and entry.appointment_at is not None
    assert offered and offered[0]["disposition"] == "override_given"
    preview = page.note_preview.toPlainText()
    stored = " ".join([entry.summary, entry.note_text or "", repr(entry.details), repr(offered[0]), preview])
    logged = " ".join(r.getMessage() for r in caplog.records)
    for form in CODE_FORMS:
        assert form.upper() not in stored.upper()
        assert form.upper() not in logged.upper()
    assert "$45.00" in (entry.note_text or "")
    assert page.code.text() == ""  # cleared once saved
    # Finish starts a new override for the same client.
    _press(qtbot, page.wizard.button(QWizard.WizardButton.FinishButton))
    assert page.wizard.currentId() == 0 and not page.saved and page.wizard.isVisible()


@pytest.mark.parametrize("language", LANGS)
def test_waived_override_is_saved_as_waived_M9(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    client = _m9(add_client)
    page = make_page(language)
    ctx.set_client(client)
    _to_coaching(qtbot, page, waive_reason="First lockout, hardship")
    _read_whole_code(qtbot, page)
    _next(qtbot, page)
    assert not page.payment_confirm.isVisible() and page.waived_line.isVisible()
    _press(qtbot, page.save)
    with ctx.session() as session:
        waivers = history.waivers(session, client.id)
    assert len(waivers) == 1 and waivers[0].amount is None
    assert "First lockout, hardship" in (waivers[0].note_text or "")
    assert "K7QX" not in (waivers[0].note_text or "").upper()


# --------------------------------------------------------------------------- language


def test_language_switch_keeps_what_was_typed(
    make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any, qtbot: Any
) -> None:
    page = make_page("en")
    ctx.set_client(_m9(add_client))
    qtbot.keyClicks(page.lockout, "4821")
    _press(qtbot, page.inbound)
    english = page.inbound.text()
    ctx.set_language("es")
    assert page.lockout.text() == "4821" and page.inbound.isChecked()
    assert page.inbound.text() != english and "&" in page.inbound.text()
    assert page.pages["preconditions"].title().startswith("1.")
    assert "Antes" in page.pages["preconditions"].title()


@pytest.mark.parametrize("language", LANGS)
def test_every_input_is_named_for_screen_readers(
    language: str, make_page: Callable[[str], OverridePage], ctx: AppContext, add_client: Any
) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDateTimeEdit,
        QLabel,
        QListWidget,
        QPlainTextEdit,
    )

    page = make_page(language)
    ctx.set_client(_m9(add_client))
    buddies = {id(label.buddy()) for label in page.findChildren(QLabel) if label.buddy() is not None}
    unnamed = []
    for kind in (QLineEdit, QComboBox, QDateTimeEdit, QPlainTextEdit, QListWidget, QAbstractButton):
        for widget in page.findChildren(kind):
            if widget.objectName().startswith("qt_"):
                continue  # Qt's own parts of a compound widget (the date edit's inner line edit)
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text or id(widget) in buddies):
                unnamed.append(widget.objectName() or type(widget).__name__)
    assert not unnamed


def test_page_is_registered_for_the_main_window(ctx: AppContext, qtbot: Any) -> None:
    from desktop.views.workflows import build_page, workflow

    page = build_page(workflow("override"), ctx)
    qtbot.addWidget(page)
    assert isinstance(page, OverridePage)
