"""The courtesy-credit page driven by keyboard and mouse, in English and Spanish (SOP C1-C14)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.history import HistoryDraft
from desktop.views.credits.page import CreditPage
from tests import keyboard
from tests.views.helpers import choose, tick

LANGS = pytest.mark.parametrize("language", ["en", "es"])


@pytest.fixture
def open_page(make_page: Callable[..., Any]) -> Callable[..., CreditPage]:
    def _open(client: ClientInfo | None, language: str = "en") -> CreditPage:
        page: CreditPage = make_page(CreditPage, client, language)
        return page

    return _open


def fill_what(page: CreditPage, kind: str, amount: str, *, assessed: bool = True, paid: bool = True,
              violation: bool | None = None, device: bool = False) -> None:
    what = page.what
    tick(what.reviewed)
    choose(what.kind, kind)
    if kind not in ("double_charge", "past_due_balance"):
        choose(what.assessed, assessed)
        choose(what.paid, paid)
    if kind == "reset_fee":
        choose(what.violation, violation)
        if device:
            tick(what.device_issue)
    keyboard.click(what.amount)
    keyboard.type_text(amount)
    assert what.amount.text() == amount


def go_next(page: CreditPage) -> None:
    button = page.steps.next_button
    assert button.isEnabled(), (page.step(), page.steps.blockers.text())
    keyboard.click(button)


def finish_apply(page: CreditPage) -> None:
    assert page.step() == "apply"
    assert not page.steps.next_button.isEnabled()  # SOP C5: education first
    if page.apply.action_done.isVisible():
        tick(page.apply.action_done)
    tick(page.apply.education_given)
    go_next(page)
    assert page.step() == "note"
    keyboard.click(page.note.note.save_button)
    assert page.flow is not None and page.flow.saved


def entries(ctx: Any, client: ClientInfo, kind: str) -> list[history.HistoryItem]:
    with ctx.session() as s:
        return history.timeline(s, client.id, (kind,))


@LANGS
def test_allow_with_ladder_writes_the_ledger_C1_C4_C13(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., CreditPage], language: str
) -> None:
    client = add_client()
    page = open_page(client, language)
    assert not page.steps.next_button.isEnabled()
    fill_what(page, "missed_appointment_fee", "25,00" if language == "es" else "25.00")
    go_next(page)
    assert page.decision.banner.isVisible()
    assert page.decision.banner.text.accessibleName() == ("Allowed" if language == "en" else "Permitido")
    assert "SOP C1" in page.decision.reasons.text()
    assert not page.steps.next_button.isEnabled()  # choose an amount first
    # Entering the step put the keyboard on the ladder: one key picks an amount (SOP C4).
    assert keyboard.focus_target() is page.decision.ladder_buttons[0]
    keyboard.press(Qt.Key.Key_5)  # $35.00 is over the request: refused
    assert page.flow is not None and page.flow.credit_amount is None
    assert not page.decision.ladder_buttons[4].isEnabled()
    keyboard.press(Qt.Key.Key_2)
    assert page.flow.credit_amount == Decimal("15.00")
    go_next(page)
    assert page.apply.paste.text() == "15.00"  # SOP C13: xx.xx for pasting
    assert "Add Payment" in page.apply.apply_steps.text()
    finish_apply(page)
    assert [e.amount for e in entries(ctx, client, "courtesy_credit")] == [Decimal("15.00")]
    decision = entries(ctx, client, "credit_decision")[0]
    assert decision.disposition == "courtesy_credit" and decision.sop_pack_version == ctx.pack.version
    assert ctx.pending_note["disposition"] == "courtesy_credit"
    assert ctx.pending_note["customer_name"] == client.name
    assert not page.steps.back_button.isEnabled()  # the decision is on record
    go_next(page)  # "Start a new request"
    assert page.step() == "what_happened" and not page.flow.saved
    assert keyboard.focus_target() is page.what.reviewed


@LANGS
def test_typed_amount_is_validated_at_the_field_in_locale_C1(
    add_client: Callable[..., ClientInfo], open_page: Callable[..., CreditPage], language: str
) -> None:
    page = open_page(add_client(), language)
    fill_what(page, "inconvenience", "30")
    go_next(page)
    keyboard.click(page.decision.credit_amount)
    keyboard.type_text("36")
    error = page.findChild(QLabel, "creditAmountError")
    assert error is not None and error.isVisible() and "$30.00" in error.text()
    assert error.text() not in page.steps.blockers.text()  # said once, at the field
    assert not page.steps.next_button.isEnabled()
    keyboard.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keyboard.type_text("12,50" if language == "es" else "12.50")
    assert page.decision.credit_amount.text() in ("12,50", "12.50")
    assert not error.isVisible()
    assert page.flow is not None and page.flow.credit_amount == Decimal("12.50")
    assert page.steps.next_button.isEnabled()


@LANGS
def test_wv_is_denied_with_history_shown_C2(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., CreditPage], language: str, now: Any
) -> None:
    client = add_client(state="WV", cid="300400", name="Ann Reed")
    with ctx.session() as s:
        history.append(s, HistoryDraft(client_id=client.id, kind="courtesy_credit", created_at=now, agent="agent X",
                       amount=Decimal("20.00"), summary="earlier"))
    page = open_page(client, language)
    fill_what(page, "inconvenience", "40")
    go_next(page)
    assert page.flow is not None and page.flow.outcome == "deny"
    assert "SOP C2" in page.decision.reasons.text()
    assert "agent X" in page.decision.history_view.text() and "$20.00" in page.decision.history_view.text()
    assert page.decision.decision_script.isVisible() and "West Virginia" in page.decision.decision_script.text()
    go_next(page)
    assert not page.apply.action_done.isVisible()
    finish_apply(page)
    assert len(entries(ctx, client, "courtesy_credit")) == 1  # nothing added
    assert entries(ctx, client, "credit_decision")[0].disposition == "credit_denied"


@LANGS
def test_second_courtesy_escalates_with_a_chat_message_C1_H1(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., CreditPage], language: str, now: Any
) -> None:
    client = add_client()
    with ctx.session() as s:
        history.append(s, HistoryDraft(client_id=client.id, kind="courtesy_credit", created_at=now, agent="agent Y",
                       amount=Decimal("10.00")))
    page = open_page(client, language)
    fill_what(page, "inconvenience", "20")
    go_next(page)
    assert page.flow is not None and page.flow.outcome == "escalate"
    assert not page.steps.next_button.isEnabled()  # SOP H1: a detailed reason first
    assert keyboard.focus_target() is page.decision.details
    keyboard.type_text("Service center closed on arrival twice.")
    assert page.decision.details.toPlainText() == "Service center closed on arrival twice."
    assert "CID: 100200" in page.decision.message_view.toPlainText()
    assert "Service center closed" in page.decision.message_view.toPlainText()
    go_next(page)
    finish_apply(page)
    assert entries(ctx, client, "credit_decision")[0].disposition == "credit_escalated"
    assert len(entries(ctx, client, "courtesy_credit")) == 1


@LANGS
def test_tow_is_routed_with_review_time_C8(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., CreditPage], language: str
) -> None:
    client = add_client(preferred_language=language)
    page = open_page(client, language)
    fill_what(page, "tow", "150")
    go_next(page)
    decision = page.flow.decision() if page.flow is not None else None
    assert decision is not None and decision.route == "csg_tow_receipt"
    assert "SOP C8" in page.decision.steps_view.text()
    assert "7" in page.decision.decision_script.text() and "10" in page.decision.decision_script.text()
    go_next(page)
    finish_apply(page)
    assert entries(ctx, client, "credit_decision")[0].disposition == "credit_tow_receipt"


def test_offering_the_cap_instead_updates_the_amount_C1(
    add_client: Callable[..., ClientInfo], open_page: Callable[..., CreditPage]
) -> None:
    page = open_page(add_client())
    fill_what(page, "inconvenience", "50")
    go_next(page)
    assert page.flow is not None and page.flow.outcome == "escalate"
    keyboard.click(page.decision.offer_max)
    assert page.flow.outcome == "allow" and page.decision.allow_box.isVisible()
    keyboard.click(page.steps.back_button)
    assert page.what.amount.text() == "35.00"


@LANGS
def test_language_switch_keeps_typed_text_and_translates(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., CreditPage], language: str
) -> None:
    page = open_page(add_client(), language)
    fill_what(page, "inconvenience", "20")
    other = "es" if language == "en" else "en"
    ctx.set_language(other)
    assert page.what.amount.text() == "20"
    assert page.what.kind.currentText() == {"en": "Inconvenience complaint", "es": "Queja por inconveniente"}[other]
    assert page.decision.title.text() == {"en": "2. Decision", "es": "2. Decisión"}[other]
    assert page.steps.next_button.text() == {"en": "&Next >", "es": "&Siguiente >"}[other]


def test_no_client_shows_a_plain_message(open_page: Callable[..., CreditPage]) -> None:
    page = open_page(None)
    assert page.stack.currentWidget() is page.message
    assert "Open a client first" in page.message.text()


def test_every_input_is_named_or_has_a_buddy(
    add_client: Callable[..., ClientInfo], open_page: Callable[..., CreditPage]
) -> None:
    page = open_page(add_client())
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
    for widget in page.findChildren(QLineEdit) + page.findChildren(QComboBox):
        if isinstance(widget.parent(), QComboBox):
            continue
        assert widget.accessibleName() or widget in buddies, widget.objectName()
