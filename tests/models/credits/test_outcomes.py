"""Each credit outcome is filed, worded and sent to chat as the SOP says (N3, N4, H2, H4, H8)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop import i18n
from desktop.models.credits.flow import CreditFlow
from desktop.models.sop import load_default_pack

PACK = load_default_pack()
MONDAY = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
SUNDAY = datetime(2026, 11, 29, 17, 0, tzinfo=UTC)


def decided(kind: str, amount: str, *, prior: int = 0, device: bool = False) -> CreditFlow:
    f = CreditFlow(state="TX", brand="plus", pack=PACK, prior_courtesy_credits=prior, cid="C-1")
    f.set_kind(kind)
    f.set_fee_status(assessed=True, paid=True)
    if kind == "reset_fee":
        f.set_reset_details(violation=False, device_issue_confirmed=device)
    assert f.set_amount_text(amount, "en") is None
    f.set_reviewed_account(True)
    f.set_details("Reviewed invoices and the client log.")
    return f


@pytest.mark.parametrize(
    ("kind", "device", "disposition", "reason"),
    [
        ("tow", False, "credit_tow_receipt", "Client asked to be reimbursed for a tow: $150.00."),
        ("past_due_balance", False, "credit_payment_plan",
         "Client has a past-due balance of $150.00 and asked how to pay it."),
        ("reset_fee", True, "credit_reset_device", "Client asked for a credit of a reset fee: $150.00."),
        ("double_charge", False, "credit_invoice_utr",
         "Client reported a double charge or an invoice error: $150.00."),
    ],
)
def test_each_route_has_its_own_disposition_and_reason_N4(
    kind: str, device: bool, disposition: str, reason: str
) -> None:
    note = decided(kind, "150.00", device=device).note("en")
    assert note.disposition == disposition
    assert note.reason == reason
    assert "asked for a credit" not in note.reason or kind == "reset_fee"


def test_escalation_goes_to_the_credits_chat_and_weekend_chat_H8_H2() -> None:
    f = decided("inconvenience", "40.00")
    room = f.chat_room(MONDAY)
    assert room is not None and room.name == "Credits-MAF-Invoices-AutoPay"
    weekend = f.chat_room(SUNDAY)
    assert weekend is not None and weekend.name == "Weekend Chat"
    reset = decided("reset_fee", "95.00", device=True).chat_room(MONDAY)
    assert reset is not None and reset.name == "Credits-MAF-Invoices-AutoPay"
    assert decided("tow", "150.00").chat_room(MONDAY) is None  # goes to CSG, not to a chat


def test_escalation_message_is_english_with_a_spanish_interface_H4() -> None:
    i18n.set_language("es")
    try:
        message = decided("inconvenience", "40.00").escalation_message()
    finally:
        i18n.set_language("en")
    assert "CID: C-1" in message
    assert message == decided("inconvenience", "40.00").escalation_message()
