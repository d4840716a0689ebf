"""The Qt-free courtesy-credit flow: step validity, amount checks, the 4E note (SOP C1-C14, N3, N4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.models import credits
from desktop.models.credits import flow as credit_flow
from desktop.models.credits.flow import CreditFlow
from desktop.models.sop import load_default_pack

PACK = load_default_pack()
D = Decimal


def flow(state: str = "TX", prior: int = 0, brand: str = "plus", **kw: str) -> CreditFlow:
    return CreditFlow(state=state, brand=brand, pack=PACK, prior_courtesy_credits=prior, cid="C-1", **kw)


def filled(kind: str, amount: str, *, state: str = "TX", prior: int = 0, assessed: bool = True,
           paid: bool = True, violation: bool = False, device: bool = False) -> CreditFlow:
    f = flow(state, prior)
    f.set_kind(kind)
    f.set_fee_status(assessed=assessed, paid=paid)
    if kind == "reset_fee":
        f.set_reset_details(violation=violation, device_issue_confirmed=device)
    assert f.set_amount_text(amount, "en") is None
    f.set_reviewed_account(True)
    return f


def test_first_step_lists_what_is_missing_C3_C14() -> None:
    f = flow()
    assert f.current == "what_happened"
    assert f.blockers() == ("kind_missing", "amount_missing", "review_not_confirmed")
    f.set_kind("reset_fee")
    assert "fee_status_missing" in f.blockers()  # SOP C3
    assert "reset_details_missing" in f.blockers()  # SOP C6
    assert not f.can_advance()
    assert f.next() is None  # blocked: the flow stays put
    assert f.decision() is None


def test_corrections_do_not_ask_fee_status_C9_C11() -> None:
    f = flow()
    f.set_kind("double_charge")
    f.set_amount(D("95.00"))
    f.set_reviewed_account(True)
    assert f.blockers() == ()
    decision = f.decision()
    assert decision is not None and decision.route == "csg_utr"


@pytest.mark.parametrize(
    ("text", "language", "problem"),
    [
        ("", "en", "amount_missing"),
        ("abc", "en", "amount_not_a_number"),
        ("0", "en", "amount_not_positive"),
        ("-5", "en", "amount_not_positive"),
        ("10.005", "en", "amount_too_many_decimals"),
        ("35,00", "es", None),
        ("35.00", "en", None),
        ("$20", "en", None),
    ],
)
def test_typed_request_amounts_are_checked_in_locale_C1(text: str, language: str, problem: str | None) -> None:
    f = flow()
    assert f.set_amount_text(text, language) == problem
    assert (f.amount is None) == (problem is not None)


def test_float_amounts_are_refused_C1() -> None:
    f = flow()
    with pytest.raises(TypeError):
        f.set_amount(35.0)  # type: ignore[arg-type]
    f = filled("inconvenience", "20")
    f.next()
    with pytest.raises(TypeError):
        f.set_credit_amount(10.0)  # type: ignore[arg-type]


def test_allow_needs_a_capped_credit_amount_C1_C4() -> None:
    f = filled("inconvenience", "50", prior=0)
    decision = f.decision()
    assert decision is not None and decision.outcome == "escalate"
    f.offer_max_instead()  # SOP C1: offer up to $35.00 instead of escalating
    assert f.amount == D("35.00")
    decision = f.decision()
    assert decision is not None and decision.outcome == "allow"
    f.next()
    assert f.blockers() == ("credit_amount_missing",)
    assert f.ladder() == credits.suggested_amounts()  # SOP C4
    assert f.set_credit_amount_text("35.01", "en") == "credit_amount_over_max"
    assert f.set_credit_amount_text("0", "en") == "credit_amount_not_positive"
    assert f.set_credit_amount_text("9.999", "en") == "credit_amount_too_many_decimals"
    assert f.set_credit_amount_text("veinte", "es") == "credit_amount_not_a_number"
    assert f.set_credit_amount_text("15,00", "es") is None
    assert f.credit_amount == D("15.00")
    assert f.paste_amount() == "15.00"


def test_credit_never_exceeds_what_was_asked_C1() -> None:
    f = filled("missed_appointment_fee", "20")
    f.next()
    assert f.ladder() == (D(10), D(15), D(20))
    assert f.set_credit_amount(D("25")) == "credit_amount_over_requested"


def test_changing_what_happened_clears_the_chosen_credit_C1() -> None:
    f = filled("inconvenience", "20")
    f.next()
    f.set_credit_amount(D("10"))
    f.back()
    f.set_amount(D("30"))
    assert f.credit_amount is None


def test_ticket_and_escalation_need_details_C9_H1() -> None:
    f = filled("inconvenience", "10", prior=1)
    f.next()
    assert f.blockers() == ("details_missing",)
    f.set_details("Second request; service center closed twice.")
    assert f.blockers() == ()
    assert "CID: C-1" in f.escalation_message()
    g = flow()
    g.set_kind("double_charge")
    g.set_amount(D("95.00"))
    g.set_reviewed_account(True)
    g.next()
    assert g.blockers() == ("details_missing",)
    g.set_details("Charged twice for the 11/02 calibration.")
    assert "Charged twice" in g.utr_ticket_text("en")


def test_apply_step_requires_action_and_education_C5() -> None:
    f = filled("inconvenience", "20")
    f.next()
    f.set_credit_amount(D("10"))
    f.next()
    assert f.current == "apply"
    assert f.blockers() == ("action_not_confirmed", "education_not_confirmed")
    steps = f.coupon_steps("en")
    assert steps is not None and any("10.00" in s for s in steps.steps)  # SOP C13
    f.set_action_done(True)
    f.set_education_given(True)
    assert f.next() == "note"
    assert not f.can_advance()
    assert f.next() is None  # the last step: nowhere further
    assert f.blockers() == ("note_not_saved",)
    assert f.can_back()
    f.mark_saved()
    assert f.blockers() == () and not f.can_back()  # the decision is on record
    assert f.back() is None and f.current == "note"


def test_deny_needs_only_education_C3_C5() -> None:
    f = filled("missed_appointment_fee", "25", assessed=False)
    f.next()
    assert f.blockers() == ()
    f.next()
    assert f.blockers() == ("education_not_confirmed",)
    assert f.coupon_steps() is None


def _run_to_note(f: CreditFlow) -> CreditFlow:
    f.set_details(f.details or "Detailed explanation.")
    f.next()
    decision = f.decision()
    assert decision is not None
    if decision.outcome == "allow":
        f.set_credit_amount(min(f.ladder()))
    f.next()
    f.set_action_done(True)
    f.set_education_given(True)
    f.next()
    assert f.current == "note"
    return f


@pytest.mark.parametrize(
    ("make", "disposition", "ledger"),
    [
        (lambda: filled("inconvenience", "20"), "courtesy_credit", D("10.00")),
        (lambda: filled("inconvenience", "20", state="WV"), "credit_denied", None),
        (lambda: filled("inconvenience", "20", prior=1), "credit_escalated", None),
        (lambda: filled("tow", "150"), "credit_tow_receipt", None),
        (lambda: filled("reset_fee", "75", device=True), "credit_reset_device", None),
    ],
    ids=["allow_C1", "deny_C2", "escalate_C1", "route_C8", "route_C6"],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_note_fields_follow_4E_outline_N3_N4(make, disposition: str, ledger: Decimal | None, language: str) -> None:
    f = _run_to_note(make())
    fields = f.note_fields(language)
    assert set(fields) == {"reason", "resolution", "additional_info", "follow_up", "disposition", "pack_version"}
    assert fields["disposition"] == disposition  # SOP N4
    assert fields["pack_version"] == PACK.version  # decisions record their pack
    assert isinstance(fields["resolution"], list) and all(isinstance(s, str) and s for s in fields["resolution"])
    assert all(isinstance(fields[k], str) and fields[k] for k in ("reason", "additional_info", "follow_up"))
    decision = f.decision()
    assert decision is not None
    assert any(", ".join(decision.sop_ids) in line for line in fields["resolution"])
    assert f.ledger_amount() == ledger  # only an allowed courtesy enters the ledger (SOP C1)


def test_note_records_ticket_and_education_C5_C9() -> None:
    f = flow()
    f.set_kind("double_charge")
    f.set_amount(D("95.00"))
    f.set_reviewed_account(True)
    f.set_ticket_number("UTR-4411")
    _run_to_note(f)
    fields = f.note_fields("en")
    resolution = fields["resolution"]
    assert isinstance(resolution, list)
    assert "UTR ticket UTR-4411." in resolution
    assert any("SOP C5" in line for line in resolution)
    assert fields["follow_up"] == "CSG reviews the UTR ticket."


def test_dispositions_exist_in_the_shared_list_N4() -> None:
    from desktop.models.notes import dispositions

    assert set(credit_flow.DISPOSITIONS.values()) <= set(dispositions.WORKFLOW_REASON_IDS)


def test_unknown_inputs_are_refused_C1() -> None:
    with pytest.raises(ValueError):
        flow(state="XX")
    with pytest.raises(ValueError):
        flow().set_kind("goodwill")
    with pytest.raises(ValueError):
        flow().blockers("nowhere")  # type: ignore[arg-type]
    assert CreditFlow.steps == ("what_happened", "decision", "apply", "note")


def test_client_scripts_follow_the_client_language_C5() -> None:
    f = flow("TX", client_language="es")
    f.set_kind("reset_fee")
    f.set_fee_status(assessed=True, paid=True)
    f.set_reset_details(violation=True, device_issue_confirmed=False)
    f.set_amount(D("75"))
    f.set_reviewed_account(True)
    assert f.education_script() == credits.education_script("reset_fee", "es")
    assert f.education_script("en") == credits.education_script("reset_fee", "en")


def test_spanish_client_gets_spanish_scripts_and_note_C3_C5() -> None:
    f = flow("TX", client_language="es")
    f.set_kind("missed_appointment_fee")
    f.set_fee_status(assessed=False, paid=False)
    f.set_amount_text("25,00", "es")
    f.set_reviewed_account(True)
    assert f.client_script().startswith("No veo este cargo")  # SOP C3
    assert "cita" in f.education_script()  # SOP C5
    note = f.note("es")
    assert note.reason == "El cliente solicitó un crédito: Cargo por cita perdida, $25.00."
    assert note.follow_up.endswith("(SOP C3).")
    assert f.note("en").reason == "Client asked for a credit: Missed-appointment fee, $25.00."
