"""Chat page (pytest-qt): channel banner (H2), pre-fill and templates (H1, H4), H5, H6, etiquette (H3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.models.chat import rules as chat
from desktop.models.store.clients import ClientInfo
from desktop.views.chat.page import ChatPage
from desktop.views.context import AppContext
from tests import keyboard

LANGS = ["en", "es"]
SATURDAY = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
TEXTS = {
    "weekday": {"en": "Weekday", "es": "Entre semana"},
    "weekend": {"en": "Weekend Chat", "es": "Weekend Chat"},
    "weekend_word": {"en": "Weekend:", "es": "Fin de semana:"},
    "tab_poc": {"en": "&POC code", "es": "Código &POC"},
    "missing": {"en": "Still needed: UTR ticket, drive time", "es": "Falta completar: Ticket UTR, tiempo de manejo"},
    "balance": {"en": "not possible while the account has a balance", "es": "mientras la cuenta tenga saldo"},
    "credit": {"en": "credit of $20.00", "es": "crédito de $20.00"},
    "affidavit": {"en": "Mechanic Affidavit must be on file", "es": "declaración jurada del mecánico"},
    "etiquette_resources": {"en": "Say what you already checked", "es": "Indique qué revisó ya"},
    "clear_request": {"en": "clear request", "es": "solicitud clara"},
}
POC_REASON = "Reviewed account notes and the UTR; CSG has not called. Can someone give the code?"


@pytest.fixture
def make_page(ctx: AppContext, qtbot: Any) -> Callable[..., ChatPage]:
    def _make(language: str = "en") -> ChatPage:
        ctx.set_language(language)
        page = ChatPage(ctx)
        qtbot.addWidget(page)
        page.resize(1000, 680)
        page.show()
        return page

    return _make


@pytest.mark.parametrize("language", LANGS)
def test_banner_says_which_chat_to_use_H2(
    make_page: Callable[..., ChatPage], ctx: AppContext, language: str
) -> None:
    page = make_page(language)  # the fixed clock is Monday 10:00 ET
    assert TEXTS["weekday"][language] in page.banner.text()
    assert "✔" in page.banner.text()  # not colour alone
    ctx.clock = lambda: SATURDAY
    page.hide()
    page.show()  # the banner is re-read when the page is shown again
    assert TEXTS["weekend"][language] in page.banner.text()
    assert TEXTS["weekend_word"][language] in page.banner.text()
    assert "▲" in page.banner.text()


@pytest.mark.parametrize("language", LANGS)
def test_poc_template_prefilled_from_client_and_call_H4(
    make_page: Callable[..., ChatPage],
    qtbot: Any,
    ctx: AppContext,
    add_client: Callable[..., ClientInfo],
    language: str,
) -> None:
    page = make_page(language)
    assert page.tabs.tabText(0) == TEXTS["tab_poc"][language]
    ctx.set_client(add_client())
    form = page.forms["poc_code"]
    assert form.text("cid") == "100200"
    assert not page.copy_button.isEnabled()
    ctx.update_call(appointment_time="Nov 23, 2026, 2:30 PM CST")
    keyboard.type_into(form.inputs["reason"], POC_REASON)
    assert page.missing_error.text().endswith(TEXTS["missing"][language])  # H1: every missing field named
    ctx.update_call(utr="98765432", drive_time="45 min")
    assert form.text("utr") == "98765432"
    assert page.copy_button.isEnabled()
    assert page.missing_error.isHidden()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == (
        "POC CODE\nCID: 100200\nUTR: 98765432\nAPPOINTMENT TIME: Nov 23, 2026, 2:30 PM CST\n"
        f"DRIVE TIME: 45 min\nREASON: {POC_REASON}"
    )  # English whatever the UI language
    assert "✔" in page.status.text()


def test_call_update_never_overwrites_what_the_agent_typed(
    make_page: Callable[..., ChatPage], qtbot: Any, ctx: AppContext, add_client: Callable[..., ClientInfo]
) -> None:
    page = make_page("en")
    ctx.set_client(add_client())
    form = page.forms["poc_code"]
    ctx.update_call(utr="111")
    assert form.text("utr") == "111"
    ctx.update_call(utr="222")  # still our own value: follows the flow
    assert form.text("utr") == "222"
    form.inputs["utr"].clear()
    keyboard.type_into(form.inputs["utr"], "999")
    ctx.update_call(utr="333")
    assert form.text("utr") == "999"


@pytest.mark.parametrize("language", LANGS)
def test_state_transfer_refuses_a_balance_H5(
    make_page: Callable[..., ChatPage],
    qtbot: Any,
    ctx: AppContext,
    add_client: Callable[..., ClientInfo],
    language: str,
) -> None:
    page = make_page(language)
    ctx.set_client(add_client(balance=Decimal("25.00")))
    page.tabs.setCurrentIndex(2)
    form = page.forms["state_transfer"]
    assert form.text("from_state") == "TX"
    assert form.text("account_balance") == "25.00"
    keyboard.type_into(form.inputs["to_state"], "FL")
    keyboard.type_into(form.inputs["new_shop"], "Miami Service Center")
    assert not page.balance_error.isHidden()
    assert TEXTS["balance"][language] in page.balance_error.text()
    assert not page.copy_button.isEnabled()
    assert page.copy_message() is False
    form.inputs["account_balance"].clear()
    keyboard.type_into(form.inputs["account_balance"], "0")
    assert page.balance_error.isHidden()
    assert page.copy_message() is True
    assert QGuiApplication.clipboard().text().endswith("NEW SHOP: Miami Service Center\nACCOUNT BALANCE: $0.00")


@pytest.mark.parametrize("language", LANGS)
def test_state_transfer_with_a_credit_reminds_it_does_not_transfer_H5(
    make_page: Callable[..., ChatPage], ctx: AppContext, add_client: Callable[..., ClientInfo], language: str
) -> None:
    page = make_page(language)
    ctx.set_client(add_client(balance=Decimal("-20.00")))
    page.tabs.setCurrentIndex(2)
    assert page.forms["state_transfer"].text("account_balance") == "0.00"
    assert TEXTS["credit"][language] in page.credit_reminder.text()
    assert page.balance_error.isHidden()


def test_unreadable_balance_is_explained_at_the_field_H5(
    make_page: Callable[..., ChatPage], qtbot: Any, ctx: AppContext, add_client: Callable[..., ClientInfo]
) -> None:
    page = make_page("en")
    ctx.set_client(add_client())
    page.tabs.setCurrentIndex(2)
    field = page.forms["state_transfer"].inputs["account_balance"]
    field.clear()
    keyboard.type_into(field, "zero")
    assert "for example 0.00" in page.balance_error.text()


@pytest.mark.parametrize("language", LANGS)
def test_mechanic_bypass_needs_affidavit_and_work_order_H6(
    make_page: Callable[..., ChatPage],
    qtbot: Any,
    ctx: AppContext,
    add_client: Callable[..., ClientInfo],
    language: str,
) -> None:
    page = make_page(language)
    ctx.set_client(add_client())
    page.tabs.setCurrentIndex(1)
    form = page.forms["mechanic_bypass"]
    keyboard.type_into(form.inputs["reason"], "Checked the client log notes; please approve the bypass?")
    assert TEXTS["affidavit"][language] in page.mechanic_error.text()
    assert not page.copy_button.isEnabled()
    page.affidavit.setChecked(True)
    assert not page.copy_button.isEnabled()
    page.work_order.setChecked(True)
    assert page.mechanic_error.isHidden()
    assert page.copy_button.isEnabled()
    assert page.message() == (
        "MECHANIC BYPASS\nCID: 100200\nREASON: Checked the client log notes; please approve the bypass?"
    )


def test_mechanic_bypass_with_from_contact_when_forms_are_missing_H6(
    make_page: Callable[..., ChatPage], qtbot: Any, ctx: AppContext, add_client: Callable[..., ClientInfo]
) -> None:
    page = make_page("en")
    ctx.set_client(add_client())
    page.tabs.setCurrentIndex(1)
    form = page.forms["mechanic_bypass"]
    keyboard.type_into(form.inputs["reason"], "Reviewed the client log: forms not on file. Can you check the fax?")
    keyboard.type_into(form.inputs["from_contact"], "fax 555-123-4567")
    assert page.copy_button.isEnabled()
    assert (page.message() or "").endswith("FROM FAX/EMAIL: fax 555-123-4567")


@pytest.mark.parametrize("language", LANGS)
def test_etiquette_check_on_the_reason_H3(
    make_page: Callable[..., ChatPage], qtbot: Any, language: str
) -> None:
    page = make_page(language)
    reason = page.forms["poc_code"].inputs["reason"]
    assert page.etiquette.isHidden()
    keyboard.type_into(reason, "CLIENT IS WAITING FOR THE CODE")
    assert TEXTS["etiquette_resources"][language] in page.etiquette.text()
    assert page.etiquette.text().count("▲") == 3
    reason.clear()
    keyboard.type_into(reason, POC_REASON)
    assert TEXTS["clear_request"][language] in page.etiquette.text()


def test_no_client_state_and_manual_cid(
    make_page: Callable[..., ChatPage], qtbot: Any, ctx: AppContext
) -> None:
    page = make_page("en")
    assert page.no_client.isVisible()
    page.tabs.setCurrentIndex(1)
    form = page.forms["mechanic_bypass"]
    keyboard.type_into(form.inputs["cid"], "100200")
    keyboard.type_into(form.inputs["reason"], "Reviewed notes, affidavit on file. Please approve?")
    page.affidavit.setChecked(True)
    page.work_order.setChecked(True)
    assert page.copy_message() is True


def test_language_switch_keeps_typed_text(
    make_page: Callable[..., ChatPage], qtbot: Any, ctx: AppContext
) -> None:
    page = make_page("en")
    keyboard.type_into(page.forms["poc_code"].inputs["drive_time"], "30 min")
    ctx.set_language("es")
    assert page.forms["poc_code"].text("drive_time") == "30 min"
    assert page.copy_button.text() == "C&opiar mensaje"


@pytest.mark.parametrize("language", LANGS)
def test_every_input_has_an_accessible_name_or_buddy(make_page: Callable[..., ChatPage], language: str) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit

    page = make_page(language)
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
    for kind in (QLineEdit, QPlainTextEdit, QAbstractButton):
        for widget in page.findChildren(kind):
            named = bool(widget.accessibleName()) or widget in buddies
            if isinstance(widget, QAbstractButton):
                named = named or bool(widget.text()) or not widget.isVisibleTo(page)
            assert named, widget.objectName() or type(widget).__name__


def test_each_template_names_its_room_and_removals_check_treds_H7_H8(
    make_page: Callable[..., ChatPage], qtbot: Any, ctx: AppContext
) -> None:
    page = make_page("en")
    qtbot.waitExposed(page)
    page.activateWindow()
    assert "POC and MA" in page.banner.text()  # Monday: the POC template's room
    keyboard.click(page.forms[chat.POC_CODE].inputs["cid"])
    keyboard.shortcut("Alt+R")  # the Removal tab
    assert page.current_template() == chat.REMOVAL
    assert "Removals (VA, etc.)" in page.banner.text()
    form = page.forms[chat.REMOVAL]
    keyboard.type_into(form.inputs["cid"], "300101")
    keyboard.type_into(form.inputs["state"], "VA")
    keyboard.type_into(form.inputs["treds"], "Eligible, order on file")
    keyboard.type_into(form.inputs["reason"], "Checked TREDS; can the removal be scheduled?")
    assert page.copy_message()
    assert "Removals (VA, etc.)" in page.status.text()
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0] == "REMOVAL" and "TREDS REMOVAL ORDER: Eligible, order on file" in copied
