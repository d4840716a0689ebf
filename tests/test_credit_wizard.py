"""Credit wizard (issue 6) with pytest-qt, in English and Spanish, one case per outcome (SOP C1-C14)."""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desktop.models import history
from desktop.models.clients import ClientInfo
from desktop.views.credit_wizard import CreditPage
from desktop.views.sop_viewer import SopViewer

SHOTS = os.environ.get("CREDIT_SHOTS")  # set to a folder to save screenshots while the tests run


@pytest.fixture(autouse=True)
def _pack_without_store(ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Until `desktop.models.sop_store` lands, AppContext.pack raises ImportError (not
    ModuleNotFoundError); fall back to the shipped pack exactly as the context intends."""
    import importlib.util

    if importlib.util.find_spec("desktop.models.sop_store") is None:
        from desktop.models.sop import load_default_pack

        monkeypatch.setattr(ctx, "_load_active_pack", load_default_pack)


def _shot(page: QWidget, name: str, language: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.grab().save(str(Path(SHOTS) / f"credit_{name}_{language}.png"))


def make_page(qtbot: Any, ctx: Any, client: ClientInfo, language: str) -> CreditPage:
    ctx.set_language(language)
    ctx.set_client(client)
    page = CreditPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 680)
    page.show()
    with qtbot.waitActive(page):  # shortcuts only fire in the active window
        page.activateWindow()
    return page


def choose(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))


def fill_what(qtbot: Any, page: CreditPage, kind: str, amount: str, *, assessed: bool = True,
              paid: bool = True, violation: bool | None = None, device: bool = False) -> None:
    page.reviewed.setChecked(True)
    choose(page.kind, kind)
    if kind not in ("double_charge", "past_due_balance"):
        choose(page.assessed, assessed)
        choose(page.paid, paid)
    if kind == "reset_fee":
        choose(page.violation, violation)
        page.device_issue.setChecked(device)
    page.amount.clear()
    qtbot.keyClicks(page.amount, amount)


def next_button(page: CreditPage) -> Any:
    from PySide6.QtWidgets import QWizard

    return page.wizard.button(QWizard.WizardButton.NextButton)


def go_next(qtbot: Any, page: CreditPage) -> None:
    button = next_button(page)
    assert button.isEnabled(), page.wizard.currentPage().objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def finish_apply(qtbot: Any, page: CreditPage, language: str, name: str) -> None:
    assert page.wizard.currentPage() is page.pages["apply"]
    _shot(page, f"{name}_apply", language)
    assert not next_button(page).isEnabled()  # SOP C5: education first
    if page.action_done.isVisible():
        page.action_done.setChecked(True)
    page.education_given.setChecked(True)
    go_next(qtbot, page)
    assert page.wizard.currentPage() is page.pages["note"]
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    _shot(page, f"{name}_note", language)
    assert page.saved


def entries(ctx: Any, client: ClientInfo, kind: str) -> list[history.HistoryItem]:
    with ctx.session() as s:
        return history.timeline(s, client.id, (kind,))


LANGS = pytest.mark.parametrize("language", ["en", "es"])


@LANGS
def test_allow_with_ladder_writes_the_ledger_C1_C4_C13(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo], language: str
) -> None:
    client = add_client()
    page = make_page(qtbot, ctx, client, language)
    _shot(page, "what_happened_empty", language)
    assert not next_button(page).isEnabled()
    fill_what(qtbot, page, "missed_appointment_fee", "25,00" if language == "es" else "25.00")
    _shot(page, "what_happened", language)
    go_next(qtbot, page)
    assert page.banner.isVisible()
    assert page.banner_text.accessibleName() == ("Allowed" if language == "en" else "Permitido")
    assert "SOP C1" in page.reasons.text()
    assert not next_button(page).isEnabled()  # choose an amount first
    # One-key ladder (SOP C4): "4" would be $25.00, "5" ($35.00) is over the request and refused.
    qtbot.waitUntil(lambda: page.focusWidget() is page.ladder_buttons[0])
    focus = page.ladder_buttons[0]
    qtbot.keyClick(focus, Qt.Key.Key_5)
    assert page.flow is not None and page.flow.credit_amount is None
    assert not page.ladder_buttons[4].isEnabled()
    qtbot.keyClick(focus, Qt.Key.Key_2)
    assert page.flow.credit_amount == Decimal("15.00")
    _shot(page, "decision_allow", language)
    go_next(qtbot, page)
    assert page.paste.text() == "15.00"  # SOP C13: xx.xx for pasting
    assert "Add Payment" in page.apply_steps.text()
    finish_apply(qtbot, page, language, "allow")
    ledger = entries(ctx, client, "courtesy_credit")
    assert [e.amount for e in ledger] == [Decimal("15.00")]
    decision = entries(ctx, client, "credit_decision")[0]
    assert decision.disposition == "courtesy_credit" and decision.sop_pack_version == ctx.pack.version
    assert ctx.pending_note["disposition"] == "courtesy_credit"
    assert ctx.pending_note["customer_name"] == client.name


@LANGS
def test_typed_amount_is_validated_at_the_field_in_locale_C1(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo], language: str
) -> None:
    page = make_page(qtbot, ctx, add_client(), language)
    fill_what(qtbot, page, "inconvenience", "30")
    go_next(qtbot, page)
    qtbot.keyClicks(page.credit_amount, "36")
    error = page.findChild(QLabel, "creditAmountError")
    assert error is not None and error.isVisible() and "$30.00" in error.text()
    assert not next_button(page).isEnabled()
    page.credit_amount.clear()
    qtbot.keyClicks(page.credit_amount, "12,50" if language == "es" else "12.50")
    assert not error.isVisible()
    assert page.flow is not None and page.flow.credit_amount == Decimal("12.50")
    assert next_button(page).isEnabled()


@LANGS
def test_wv_is_denied_with_history_shown_C2(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo], language: str, now: Any
) -> None:
    client = add_client(state="WV", cid="300400", name="Ann Reed")
    with ctx.session() as s:
        history.append(s, client_id=client.id, kind="courtesy_credit", at=now, agent="agent X",
                       amount=Decimal("20.00"), summary="earlier")
    page = make_page(qtbot, ctx, client, language)
    fill_what(qtbot, page, "inconvenience", "40")
    go_next(qtbot, page)
    _shot(page, "decision_deny", language)
    assert page.flow is not None and page.flow.decision().outcome == "deny"  # type: ignore[union-attr]
    assert "SOP C2" in page.reasons.text()
    assert "agent X" in page.history_view.text() and "$20.00" in page.history_view.text()
    assert page.decision_script.isVisible() and "West Virginia" in page.decision_script.text()
    go_next(qtbot, page)
    assert not page.action_done.isVisible()
    finish_apply(qtbot, page, language, "deny")
    assert len(entries(ctx, client, "courtesy_credit")) == 1  # nothing added
    assert entries(ctx, client, "credit_decision")[0].disposition == "credit_denied"


@LANGS
def test_second_courtesy_escalates_with_a_chat_message_C1_H1(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo], language: str, now: Any
) -> None:
    client = add_client()
    with ctx.session() as s:
        history.append(s, client_id=client.id, kind="courtesy_credit", at=now, agent="agent Y",
                       amount=Decimal("10.00"))
    page = make_page(qtbot, ctx, client, language)
    fill_what(qtbot, page, "inconvenience", "20")
    go_next(qtbot, page)
    assert page.flow is not None and page.flow.decision().outcome == "escalate"  # type: ignore[union-attr]
    assert not next_button(page).isEnabled()  # SOP H1: a detailed reason first
    qtbot.keyClicks(page.details, "Service center closed on arrival twice.")
    assert "CID: 100200" in page.message_view.toPlainText()
    assert "Service center closed" in page.message_view.toPlainText()
    _shot(page, "decision_escalate", language)
    go_next(qtbot, page)
    finish_apply(qtbot, page, language, "escalate")
    assert entries(ctx, client, "credit_decision")[0].disposition == "credit_escalated"
    assert len(entries(ctx, client, "courtesy_credit")) == 1


@LANGS
def test_tow_is_routed_with_review_time_and_unconfigured_warning_C8(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo], language: str
) -> None:
    client = add_client(preferred_language=language)
    page = make_page(qtbot, ctx, client, language)
    fill_what(qtbot, page, "tow", "150")
    go_next(qtbot, page)
    _shot(page, "decision_route", language)
    assert page.flow is not None and page.flow.decision().route == "csg_tow_receipt"  # type: ignore[union-attr]
    assert "SOP C8" in page.steps_view.text()
    assert "7" in page.decision_script.text() and "10" in page.decision_script.text()
    go_next(qtbot, page)
    finish_apply(qtbot, page, language, "route")
    assert entries(ctx, client, "credit_decision")[0].disposition == "credit_tow_receipt"


@LANGS
def test_language_switch_keeps_typed_text_and_translates(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo], language: str
) -> None:
    page = make_page(qtbot, ctx, add_client(), language)
    fill_what(qtbot, page, "inconvenience", "20")
    other = "es" if language == "en" else "en"
    ctx.set_language(other)
    assert page.amount.text() == "20"
    expected = {"en": "Inconvenience complaint", "es": "Queja por inconveniente"}[other]
    assert page.kind.currentText() == expected
    assert page.pages["decision"].title() == {"en": "2. Decision", "es": "2. Decisión"}[other]


def test_no_client_shows_a_plain_message(qtbot: Any, ctx: Any) -> None:
    ctx.set_client(None)
    page = CreditPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.stack.currentWidget() is page.message
    assert "Open a client first" in page.message.text()


def test_every_input_is_named_or_has_a_buddy(qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo]) -> None:
    page = make_page(qtbot, ctx, add_client(), "en")
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
    for widget in page.findChildren(QLineEdit) + page.findChildren(QComboBox):
        assert widget.accessibleName() or widget in buddies, widget.objectName()


@LANGS
def test_sop_viewer_opens_on_the_client_state_C2_C8(
    qtbot: Any, ctx: Any, add_client: Callable[..., ClientInfo], language: str
) -> None:
    ctx.set_language(language)
    ctx.set_client(add_client(state="OK", cid="500600", name="Joe Fox"))
    viewer = SopViewer(ctx)
    qtbot.addWidget(viewer)
    viewer.show()
    assert viewer.state.currentData() == "OK"
    assert "40:50-1-3.1" in viewer.content.text()
    viewer.show_state("wv")
    assert "SOP C2" in viewer.content.text()
    assert "(TX)" not in viewer.content.text()
    if SHOTS:
        viewer.grab().save(str(Path(SHOTS) / f"sop_viewer_{language}.png"))
