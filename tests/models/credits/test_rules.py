"""Credit rules (SOP C1-C14): one table row per rule and per precedence case."""

from __future__ import annotations

import json
import string
from decimal import Decimal
from typing import Any

import pytest

from desktop.models import credits
from desktop.models.credits import (
    CreditDecision,
    CreditRequest,
    agent_steps,
    client_script,
    coupon_steps,
    decide_credit,
    education_script,
    escalation_message,
    paste_amount,
    reason_text,
    suggested_amounts,
    utr_ticket_text,
)
from desktop.models.sop import SopPack, dump_pack, load_default_pack, load_pack

D = Decimal


def _pack_with(**changes: dict[str, Any]) -> SopPack:
    data = json.loads(dump_pack(load_default_pack()))
    for code, fields in changes.items():
        data["states"][code].update(fields)
    return load_pack(json.dumps(data))


PACK = load_default_pack()
REFUNDS_VA = _pack_with(VA={"unused_days_refund": "yes", "unused_days_notes": {"en": "UTR after removal."}})
NO_REFUND_VA = _pack_with(VA={"unused_days_refund": "no"})
EXPLICIT_YES_TX = _pack_with(TX={"courtesy_credits": "yes"})


def req(state: str, kind: str, amount: str = "20.00", **flags: bool) -> CreditRequest:
    return CreditRequest(state=state, kind=kind, amount=D(amount), **flags)


# (id, request, prior credits, pack, outcome, route, reasons, max_amount)
TABLE: list[tuple[str, CreditRequest, int, SopPack, str, str | None, tuple[str, ...], str]] = [
    # C11 / C9: corrections and collections come first, even in WV and with a prior credit.
    ("C11_past_due_to_payment_plan", req("TX", "past_due_balance", "120.00"), 0, PACK,
     "route", "payment_plan", ("past_due_payment_plan",), "0.00"),
    ("C11_past_due_beats_unpaid_fee", req("TX", "past_due_balance", "120.00", fee_paid=False), 1, PACK,
     "route", "payment_plan", ("past_due_payment_plan",), "0.00"),
    ("C9_double_charge_to_csg_utr", req("TX", "double_charge", "95.00"), 0, PACK,
     "route", "csg_utr", ("double_charge_invoice_adjustment",), "0.00"),
    ("C9_C2_wv_double_charge_is_routed_not_denied", req("wv", "double_charge", "95.00"), 1, PACK,
     "route", "csg_utr", ("double_charge_invoice_adjustment",), "0.00"),
    # C3 / C12: nothing to credit before the fee is assessed and paid.
    ("C3_C12_maf_not_billed", req("TX", "missed_appointment_fee", "25.00", fee_assessed=False), 0, PACK,
     "deny", None, ("fee_not_assessed", "maf_not_billed"), "0.00"),
    ("C3_inconvenience_fee_not_assessed", req("TX", "inconvenience", "10.00", fee_assessed=False), 0, PACK,
     "deny", None, ("fee_not_assessed",), "0.00"),
    ("C3_fee_not_paid", req("TX", "missed_appointment_fee", "25.00", fee_paid=False), 0, PACK,
     "deny", None, ("fee_not_paid",), "0.00"),
    ("C3_beats_C6_device_issue", req("TX", "reset_fee", "75.00", fee_paid=False, device_issue_confirmed=True),
     0, PACK, "deny", None, ("fee_not_paid",), "0.00"),
    ("C3_beats_C2_in_wv", req("WV", "inconvenience", "40.00", fee_assessed=False), 1, PACK,
     "deny", None, ("fee_not_assessed",), "0.00"),
    # C6: resets.
    ("C6_violation_reset_never", req("TX", "reset_fee", "75.00", violation_reset=True), 0, PACK,
     "deny", None, ("reset_violation",), "0.00"),
    ("C6_violation_beats_device_issue",
     req("TX", "reset_fee", "75.00", violation_reset=True, device_issue_confirmed=True), 0, PACK,
     "deny", None, ("reset_violation",), "0.00"),
    ("C6_C14_device_issue_to_support_chat", req("TX", "reset_fee", "75.00", device_issue_confirmed=True), 0,
     PACK, "route", "support_chat", ("reset_device_issue_confirmed",), "0.00"),
    ("C6_plain_reset_denied", req("TX", "reset_fee", "75.00"), 0, PACK,
     "deny", None, ("reset_not_refunded",), "0.00"),
    ("C6_reset_small_amount_still_denied", req("TX", "reset_fee", "5.00"), 0, PACK,
     "deny", None, ("reset_not_refunded",), "0.00"),
    # C8: tows.
    ("C8_tow_to_csg_receipt", req("TX", "tow", "150.00"), 0, PACK,
     "route", "csg_tow_receipt", ("tow_receipt_review",), "0.00"),
    ("C8_C2_wv_tow_still_routed", req("WV", "tow", "150.00"), 3, PACK,
     "route", "csg_tow_receipt", ("tow_receipt_review",), "0.00"),
    # C10: unused days.
    ("C10_unused_days_check_sop_denied", req("VA", "unused_days", "60.00"), 0, PACK,
     "deny", None, ("unused_days_not_refunded", "unused_days_check_deinstall_notes"), "0.00"),
    ("C10_unused_days_state_says_no", req("VA", "unused_days", "60.00"), 0, NO_REFUND_VA,
     "deny", None, ("unused_days_not_refunded",), "0.00"),
    ("C10_unused_days_state_refunds", req("va", "unused_days", "60.00"), 0, REFUNDS_VA,
     "route", "csg_utr", ("unused_days_state_refunds",), "0.00"),
    # C2 / C1: courtesy credits.
    ("C2_wv_inconvenience_denied", req("WV", "inconvenience", "10.00"), 0, PACK,
     "deny", None, ("state_no_courtesy_credits",), "0.00"),
    ("C2_beats_C1_wv_40_with_prior", req("WV", "inconvenience", "40.00"), 1, PACK,
     "deny", None, ("state_no_courtesy_credits",), "0.00"),
    ("C2_wv_maf_denied", req("wv", "missed_appointment_fee", "25.00"), 0, PACK,
     "deny", None, ("state_no_courtesy_credits",), "0.00"),
    ("C1_prior_credit_escalates", req("TX", "inconvenience", "10.00"), 1, PACK,
     "escalate", None, ("courtesy_already_given",), "0.00"),
    ("C1_prior_and_over_limit_both_said", req("TX", "inconvenience", "50.00"), 2, PACK,
     "escalate", None, ("courtesy_already_given", "over_courtesy_limit"), "0.00"),
    ("C1_over_limit_escalates_but_can_offer_35", req("TX", "missed_appointment_fee", "35.01"), 0, PACK,
     "escalate", None, ("over_courtesy_limit",), "35.00"),
    ("C1_at_limit_allowed", req("TX", "inconvenience", "35.00"), 0, PACK,
     "allow", None, ("courtesy_within_limit", "courtesy_general_policy"), "35.00"),
    ("C1_C4_ladder_start_allowed", req("OK", "inconvenience", "10.00"), 0, PACK,
     "allow", None, ("courtesy_within_limit", "courtesy_general_policy"), "35.00"),
    ("C1_C2_explicit_yes_state_has_no_general_policy_note", req("TX", "inconvenience", "20.00"), 0,
     EXPLICIT_YES_TX, "allow", None, ("courtesy_within_limit",), "35.00"),
]


@pytest.mark.parametrize(
    ("request_", "prior", "pack", "outcome", "route", "reasons", "max_amount"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_rule_table_C1_to_C14(
    request_: CreditRequest,
    prior: int,
    pack: SopPack,
    outcome: str,
    route: str | None,
    reasons: tuple[str, ...],
    max_amount: str,
) -> None:
    """Every rule in its order of precedence; the row id names the SOP rule it proves."""
    decision = decide_credit(request_, prior_courtesy_credits=prior, pack=pack)
    assert (decision.outcome, decision.route, decision.reasons) == (outcome, route, reasons)
    assert decision.max_amount == D(max_amount)
    assert decision.pack_version == pack.version  # decisions record their pack


def test_every_reason_code_is_reachable_and_explained_C1_to_C14() -> None:
    """No dead reason codes, and every text names the SOP ids its code cites."""
    produced = {code for row in TABLE for code in row[6]}
    assert produced == set(credits.REASON_CODES)
    for code in credits.REASON_CODES:
        text = reason_text(code, "en")
        for rule in credits.reason_sop_ids(code):
            assert rule in text, (code, rule)


@pytest.mark.parametrize(
    ("state", "kind"),
    [("XX", "inconvenience"), ("", "tow"), ("TX", "goodwill"), ("TX", "Inconvenience")],
)
def test_unknown_state_or_kind_is_value_error_C1(state: str, kind: str) -> None:
    with pytest.raises(ValueError):
        decide_credit(req(state, kind), prior_courtesy_credits=0, pack=PACK)


@pytest.mark.parametrize("amount", ["0", "0.00", "-10.00", "35.001", "10.005", "NaN", "Infinity"])
def test_bad_amounts_are_value_errors_before_any_rule_C1(amount: str) -> None:
    """Validation precedes every rule: even a WV or past-due request with a bad amount is rejected."""
    for state, kind in (("TX", "inconvenience"), ("WV", "inconvenience"), ("TX", "past_due_balance")):
        with pytest.raises(ValueError):
            decide_credit(req(state, kind, amount), prior_courtesy_credits=0, pack=PACK)


@pytest.mark.parametrize("amount", [20.0, 20, "20.00"])
def test_non_decimal_amounts_are_refused_C1(amount: object) -> None:
    """Money is Decimal only: a float, int or string amount never reaches the rules."""
    request = CreditRequest(state="TX", kind="inconvenience", amount=amount)  # type: ignore[arg-type]
    with pytest.raises((TypeError, ValueError)):
        decide_credit(request, prior_courtesy_credits=0, pack=PACK)


def test_trailing_zeros_are_fine_C1() -> None:
    decision = decide_credit(req("TX", "inconvenience", "20.000"), prior_courtesy_credits=0, pack=PACK)
    assert decision.outcome == "allow"


@pytest.mark.parametrize("prior", [-1, True, 1.0])
def test_prior_courtesy_count_must_be_a_real_count_C1(prior: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        decide_credit(req("TX", "inconvenience"), prior_courtesy_credits=prior, pack=PACK)  # type: ignore[arg-type]


def test_ladder_starts_low_C4() -> None:
    assert suggested_amounts() == (D(10), D(15), D(20), D(25), D(35))
    assert all(isinstance(a, Decimal) and a <= credits.COURTESY_LIMIT for a in suggested_amounts())


def test_decision_value_object_guards_itself_C1() -> None:
    with pytest.raises(ValueError):
        CreditDecision(outcome="deny", reasons=(), route=None, max_amount=D(0))
    with pytest.raises(ValueError):
        CreditDecision(outcome="route", reasons=("tow_receipt_review",), route=None, max_amount=D(0))
    decision = decide_credit(req("TX", "reset_fee", device_issue_confirmed=True), prior_courtesy_credits=0,
                             pack=PACK)
    assert decision.sop_ids == ("C6", "C14")


# -- amounts, coupon steps, scripts ---------------------------------------------


def test_paste_amount_is_xx_xx_C13() -> None:
    assert paste_amount(D("35")) == "35.00"
    assert paste_amount(D("7.5")) == "7.50"
    with pytest.raises(TypeError):
        paste_amount(7.5)  # type: ignore[arg-type]


def test_plus_coupon_steps_follow_C13() -> None:
    steps = coupon_steps("plus", D("20"), "en")
    assert steps.verified
    joined = " ".join(steps.steps)
    assert "Add Payment" in joined and "Coupon" in joined and "Save Invoice" in joined
    assert "20.00" in joined and "$" not in joined  # pasted as xx.xx


def test_m9_coupon_steps_are_flagged_unverified_M2_C13() -> None:
    """The SOP names an M9 coupon page without its steps: the app must not pretend to know them."""
    steps = coupon_steps("m9", D("15"), "en")
    assert steps.verified is False
    assert any("15.00" in s for s in steps.steps)
    assert any("Client Detail" in s for s in steps.steps)  # SOP M2
    unknown = coupon_steps("monitech", D("15"), "en")
    assert unknown.steps == () and unknown.verified is False


@pytest.mark.parametrize("kind", credits.KINDS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_kind_has_an_education_script_C5(kind: str, language: str) -> None:
    assert education_script(kind, language).strip()


def test_reset_education_names_the_violations_C5_C6() -> None:
    text = education_script("reset_fee", "en")
    assert "tampering" in text and "disconnecting" in text


def _outcome_requests() -> list[tuple[CreditRequest, int, SopPack]]:
    return [(row[1], row[2], row[3]) for row in TABLE]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_decision_has_a_client_script_and_agent_steps_C3_C5_C8(language: str) -> None:
    for request_, prior, pack in _outcome_requests():
        decision = decide_credit(request_, prior_courtesy_credits=prior, pack=pack)
        amount = D("10.00") if decision.outcome == "allow" else None
        script = client_script(decision, request_, pack=pack, language=language, amount=amount)
        steps = agent_steps(decision, request_, pack=pack, language=language)
        assert script.strip() and steps, decision
        assert "{" not in script and all("{" not in s for s in steps)


def test_deny_not_charged_tells_client_to_call_back_C3() -> None:
    request_ = req("TX", "missed_appointment_fee", fee_assessed=False)
    decision = decide_credit(request_, prior_courtesy_credits=0, pack=PACK)
    assert "call us back" in client_script(decision, request_, pack=PACK, language="en")


def test_wv_script_names_the_state_C2() -> None:
    request_ = req("WV", "inconvenience")
    decision = decide_credit(request_, prior_courtesy_credits=0, pack=PACK)
    assert "West Virginia" in client_script(decision, request_, pack=PACK, language="en")


def test_allow_script_needs_the_applied_amount_C1() -> None:
    request_ = req("TX", "inconvenience", "20.00")
    decision = decide_credit(request_, prior_courtesy_credits=0, pack=PACK)
    assert "$15.00" in client_script(decision, request_, pack=PACK, language="en", amount=D("15"))
    with pytest.raises(TypeError):
        client_script(decision, request_, pack=PACK, language="en")


def test_tow_instructions_use_configured_contacts_or_warn_C8() -> None:
    request_ = req("TX", "tow", "150.00")
    decision = decide_credit(request_, prior_courtesy_credits=0, pack=PACK)
    shipped = client_script(decision, request_, pack=PACK, language="en")
    assert "844-663-9931" in shipped and "client.services@scramsystems.com" in shipped
    assert "7 to 10 business days" in shipped
    spanish = client_script(decision, request_, pack=PACK, language="es")
    assert "844-663-9931" in spanish and "client.services@scramsystems.com" in spanish
    data = json.loads(dump_pack(PACK))
    data["tow_receipt"].update(csg_fax="", csg_email="")
    unconfigured = load_pack(json.dumps(data))
    assert any(
        "not set in the SOP pack" in s for s in agent_steps(decision, request_, pack=unconfigured, language="en")
    )
    data["tow_receipt"].update(csg_fax="555-010-0000", csg_email="csg@example.org")
    configured = load_pack(json.dumps(data))
    script = client_script(decision, request_, pack=configured, language="en")
    assert "555-010-0000" in script and "csg@example.org" in script


def test_escalation_and_utr_texts_carry_cid_and_details_H1_C9_C14() -> None:
    request_ = req("TX", "inconvenience", "50.00")
    decision = decide_credit(request_, prior_courtesy_credits=1, pack=PACK)
    message = escalation_message(decision, request_, cid="C-123", prior_courtesy_credits=1,
                                 details="Service center closed.", language="en")
    assert "CID: C-123" in message and "Service center closed." in message and "$50.00" in message
    assert "paid-to-date" in message  # SOP C14
    ticket = utr_ticket_text(req("TX", "double_charge", "95.00"), cid="C-123", details="Charged twice 11/02.",
                             language="en")
    assert "CID: C-123" in ticket and "Charged twice 11/02." in ticket


def test_texts_use_named_placeholders_only_C1() -> None:
    """Every marked text's placeholders are named (translators can reorder them)."""
    texts = [*credits.REASON_TEXTS.values(), *credits.CLIENT_SCRIPTS.values(), credits.ESCALATION_TEMPLATE]
    for group in credits.AGENT_STEPS.values():
        texts.extend(group)
    for text in texts:
        for _lit, name, _spec, _conv in string.Formatter().parse(text):
            assert name is None or (name and not name.isdigit()), text
